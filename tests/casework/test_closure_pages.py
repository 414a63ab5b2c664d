"""Closure pages: recording the end of the work, the child's page section, and
the end-of-work summary PDF for one child (issue 6, requirement 7)."""

from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, DirectWorkSession, PlanChild
from placements.casework.views import closure as closure_views
from portal.accounts.roles import Role
from portal.audit.models import AccessEvent
from tests.casework.factories import (
    AttendanceFactory,
    ChildFactory,
    PlanGoalFactory,
    SchoolFactory,
    SessionFactory,
)
from tests.casework.support import allocated_member
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    """A group plan with two children: Kayden (whose summary we make) and Zara."""
    kayden = ChildFactory(first_name="Kayden", last_name="Marsh")
    member, allocation = allocated_member(child=kayden)
    member.plan.format = DirectWorkPlan.Format.GROUP
    member.plan.save()
    zara = ChildFactory(first_name="Zara", last_name="Quill", school=kayden.school)
    other, _ = allocated_member(child=zara, plan=member.plan)
    goal = PlanGoalFactory(member=member, text="I want to make a new friend")
    PlanGoalFactory(member=other, text="I want to stop worrying about tests")
    other.closure_summary = "Zara's summary: she grew in confidence."
    other.child_feedback = "Zara said it was fun."
    other.faces_rating = 2
    other.save()
    session = SessionFactory(plan=member.plan, number=1, status=DirectWorkSession.Status.HELD)
    AttendanceFactory(session=session, child=kayden, attended=True)
    AttendanceFactory(session=session, child=zara, attended=True, child_voice="Zara's voice")
    return member, other, allocation, goal


def closure_url(member):
    return reverse("casework:closure_record", args=[member.pk])


def pdf_url(member):
    return reverse("casework:closure_pdf", args=[member.pk])


def record_closure(member, goal):
    PlanChild.objects.filter(pk=member.pk).update(
        closure_summary="Kayden worked hard on making friends.",
        child_feedback="Kayden said he liked the games.",
        faces_rating=5,
        closed_at=timezone.now(),
    )
    goal.outcome = "met"
    goal.save()
    member.refresh_from_db()


def test_the_student_records_the_end_of_the_work(client, group):
    member, other, allocation, goal = group
    client.force_login(allocation.student)
    page = client.get(closure_url(member))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Very unhappy" in body and "Very happy" in body
    assert body.count('name="faces_rating"') == 5
    assert body.count('class="casework-face"') == 5  # a drawn face beside each label
    assert "I want to make a new friend" in body
    assert "I want to stop worrying about tests" not in body
    assert AccessEvent.objects.filter(
        user=allocation.student, object_id=str(member.child_id), path=closure_url(member)
    ).exists()
    response = client.post(
        closure_url(member),
        {
            "summary": "Kayden worked hard.",
            "faces_rating": "5",
            "child_feedback": "It was good.",
            f"goal_{goal.pk}": "partly",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    goal.refresh_from_db()
    assert (member.faces_rating, goal.outcome) == (5, "partly")


def test_a_missing_outcome_shows_an_error_and_saves_nothing(client, group):
    member, other, allocation, goal = group
    client.force_login(allocation.student)
    response = client.post(closure_url(member), {"summary": "Done.", "faces_rating": "3"})
    assert response.status_code == 200
    assert "Choose met, partly met or not met" in response.content.decode()
    member.refresh_from_db()
    assert member.closed_at is None


def test_a_plan_not_active_offers_no_form(client, group):
    member, other, allocation, goal = group
    DirectWorkPlan.objects.filter(pk=member.plan_id).update(status="agreed")
    client.force_login(allocation.student)
    body = client.get(closure_url(member)).content.decode()
    assert "while the plan is active" in body
    assert 'name="summary"' not in body


@pytest.mark.parametrize(
    "who, status", [("other student", 404), ("coordinator", 403), ("school", 403), ("tutor", 404)]
)
def test_who_may_record(client, group, who, status):
    member, other, allocation, goal = group
    users = {
        "other student": user_with_role(Role.STUDENT),
        "coordinator": member.child.created_by,
        "school": user_with_role(Role.SCHOOL_CONTACT, member.child.school),
        "tutor": allocation.placement.tutor,
    }
    client.force_login(users[who])
    assert client.get(closure_url(member)).status_code == status
    assert AccessEvent.objects.filter(path=closure_url(member)).count() == 0


# --- the end-of-work summary ----------------------------------------------------------


def test_the_summary_holds_this_child_only(group):
    member, other, allocation, goal = group
    record_closure(member, goal)
    context = closure_views.closure_summary_context(member)
    html = render_to_string(closure_views.PDF_TEMPLATE, context)
    assert "Kayden worked hard on making friends." in html
    assert "Kayden said he liked the games." in html
    assert "Marsh" in html and member.child.reference in html
    assert "I want to make a new friend" in html and "Met" in html
    assert "Very happy" in html
    assert member.plan.school.name in html
    assert "In a small group" in html
    assert "1 held, 1 attended" in html
    for leak in ("Zara", "Quill", other.child.reference, "worrying about tests", "Unhappy"):
        assert leak not in html
    assert set(context) >= {"child", "school", "goals", "member"}
    assert not any(
        getattr(value, "pk", None) == other.pk and isinstance(value, PlanChild)
        for value in context.values()
    )


def test_the_pdf_downloads_and_is_logged(client, group):
    member, other, allocation, goal = group
    record_closure(member, goal)
    client.force_login(allocation.practice_educator)
    response = client.get(pdf_url(member))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert member.child.reference.lower() in response["Content-Disposition"]
    assert "Kayden" not in response["Content-Disposition"]
    event = AccessEvent.objects.get(path=pdf_url(member))
    assert event.user == allocation.practice_educator
    assert event.object_id == str(member.child_id)
    assert "end-of-work summary" in event.purpose


def test_the_pdf_is_rendered_from_this_childs_context(client, group):
    member, other, allocation, goal = group
    record_closure(member, goal)
    client.force_login(allocation.student)
    with mock.patch.object(closure_views, "render_pdf", return_value=b"%PDF-1.7") as render:
        assert client.get(pdf_url(member)).status_code == 200
    template, context = render.call_args.args
    assert template == closure_views.PDF_TEMPLATE
    assert context["child"] == member.child
    assert [g.pk for g in context["goals"]] == [goal.pk]


def test_not_available_before_the_childs_closure_is_recorded(client, group):
    member, other, allocation, goal = group
    client.force_login(allocation.student)
    response = client.get(pdf_url(member))
    assert response.status_code == 302
    assert not AccessEvent.objects.filter(path=pdf_url(member)).exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("student", 200),
        ("educator", 200),
        ("coordinator", 200),
        ("school", 200),
        ("other school", 404),
        ("other student", 404),
        ("tutor", 404),
    ],
)
def test_who_may_download_the_summary(client, group, who, status):
    member, other, allocation, goal = group
    record_closure(member, goal)
    users = {
        "student": allocation.student,
        "educator": allocation.practice_educator,
        "coordinator": member.child.created_by,
        "school": user_with_role(Role.SCHOOL_CONTACT, member.plan.school),
        "other school": user_with_role(Role.SCHOOL_CONTACT, SchoolFactory()),
        "other student": user_with_role(Role.STUDENT),
        "tutor": allocation.placement.tutor,
    }
    client.force_login(users[who])
    with mock.patch.object(closure_views, "render_pdf", return_value=b"%PDF-1.7"):
        response = client.get(pdf_url(member))
    assert response.status_code == status
    assert AccessEvent.objects.filter(path=pdf_url(member)).count() == (status == 200)


# --- the child's page ------------------------------------------------------------------


def test_the_child_page_shows_the_closure_and_links(client, group):
    member, other, allocation, goal = group
    record_closure(member, goal)
    client.force_login(allocation.student)
    body = client.get(reverse("casework:child_detail", args=[member.child_id])).content.decode()
    assert "End of the work" in body
    assert "Kayden worked hard on making friends." in body
    assert closure_url(member) in body
    assert pdf_url(member) in body
    assert "Zara" not in body


def test_the_school_contact_sees_the_summary_and_the_pdf_link_but_no_form(client, group):
    member, other, allocation, goal = group
    record_closure(member, goal)
    client.force_login(user_with_role(Role.SCHOOL_CONTACT, member.plan.school))
    body = client.get(reverse("casework:child_detail", args=[member.child_id])).content.decode()
    assert "Kayden worked hard on making friends." in body
    assert pdf_url(member) in body
    assert closure_url(member) not in body


def test_the_child_page_section_queries_are_flat(client, django_assert_max_num_queries):
    member, allocation = allocated_member()
    client.force_login(allocation.student)
    url = reverse("casework:child_detail", args=[member.child_id])
    with django_assert_max_num_queries(60) as one:
        client.get(url)
    for _ in range(4):
        plan_member, _ = allocated_member(child=member.child)
        PlanGoalFactory(member=plan_member)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(url).content.decode().count('data-testid="closure-') == 5
