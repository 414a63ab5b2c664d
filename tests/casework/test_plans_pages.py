"""Plan pages: the list (scope, filters, constant queries), the plan page, drafting,
agreements, status moves with confirmation, and the child's page section."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import DirectWorkPlan
from placements.casework.services.sessions import session_log
from portal.accounts.roles import Role
from tests.accounts.support import page_text, visible_text
from tests.casework.factories import ChildFactory
from tests.casework.support import a_theme, work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

P = DirectWorkPlan.Status
LIST = reverse("casework:plan_list")


def detail(plan):
    return reverse("casework:plan_detail", args=[plan.pk])


def move(plan, name):
    return reverse("casework:plan_transition", args=[plan.pk, name])


def test_the_list_shows_initials_and_reference_only(client):
    work = work_with(2)
    client.force_login(work.student)
    text = page_text(client.get(LIST))
    for child in work.children:
        assert child.reference in text
        assert child.first_name not in text
    assert detail(work.plan) in text


def test_the_list_is_scoped(client):
    mine = work_with()
    other = work_with()
    client.force_login(mine.student)
    text = page_text(client.get(LIST))
    assert detail(mine.plan) in text and detail(other.plan) not in text
    # A school contact sees their school's plans, and no other school's.
    client.force_login(mine.school_contact())
    text = page_text(client.get(LIST))
    assert detail(mine.plan) in text and detail(other.plan) not in text
    client.force_login(user_with_role(Role.TUTOR))
    assert client.get(LIST).status_code == 403


def test_the_list_filters_by_status_and_school(client):
    draft = work_with()
    coordinator = draft.coordinator
    agreed = work_with(status=P.AGREED, held_by=draft.children[0].held_by)
    client.force_login(coordinator)
    text = page_text(client.get(LIST, {"status": "agreed"}))
    assert detail(agreed.plan) in text and detail(draft.plan) not in text
    text = page_text(client.get(LIST, {"school": draft.plan.school_id}))
    assert detail(draft.plan) in text and detail(agreed.plan) not in text


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_constant_number_of_queries(client, django_assert_max_num_queries, rows):
    first = work_with(2)
    coordinator = first.coordinator
    for _ in range(rows - 1):
        work_with(2, held_by=first.children[0].held_by)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(LIST)
    assert response.status_code == 200


def test_the_plan_page_links_each_child_and_is_logged(client):
    work = work_with(2, status=P.AGREED, agreed=True, with_sessions=True)
    client.force_login(work.educator)
    text = page_text(client.get(detail(work.plan)))
    for child in work.children:
        assert reverse("casework:child_detail", args=[child.pk]) in text
        assert str(child) in text and child.first_name not in text
    assert "Session 6" in text
    from portal.audit.models import AccessEvent

    assert AccessEvent.objects.filter(user=work.educator, purpose="Viewed a direct-work plan")


def test_out_of_scope_plan_pages_are_404(client):
    work = work_with()
    client.force_login(user_with_role(Role.PRACTICE_EDUCATOR))
    for url in (
        detail(work.plan),
        reverse("casework:plan_update", args=[work.plan.pk]),
        reverse("casework:plan_agreements", args=[work.plan.pk]),
        move(work.plan, "agree"),
    ):
        assert client.get(url).status_code == 404


def test_a_school_contact_reads_the_plan_but_changes_nothing(client):
    work = work_with(status=P.AGREED, agreed=True, with_sessions=True)
    contact = work.school_contact()
    client.force_login(contact)
    text = page_text(client.get(detail(work.plan)))
    assert "Record agreements" not in text and "Close the plan early" not in text
    assert client.get(move(work.plan, "close_early")).status_code == 403
    assert client.get(reverse("casework:plan_update", args=[work.plan.pk])).status_code == 403


def test_drafting_a_plan_in_two_steps(client):
    work = work_with(status=None)
    child = work.children[0]
    client.force_login(work.educator)
    create = reverse("casework:plan_create")
    text = page_text(client.get(create))
    assert child.reference in text
    response = client.get(create, {"children": child.pk})
    assert f'name="goals_{child.pk}"' in page_text(response)
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    data = {
        f"goals_{child.pk}": "I want to feel brave\nI want a friend",
        "themes": [a_theme().pk],
        "planned_sessions": "6",
        "first_session_on": (monday + timedelta(days=5)).isoformat(),  # a Saturday
        "session_time": "10:00",
        "session_minutes": "45",
    }
    response = client.post(f"{create}?children={child.pk}", data)
    assert "Saturday" in visible_text(response)
    assert not DirectWorkPlan.objects.exists()
    data["first_session_on"] = monday.isoformat()
    response = client.post(f"{create}?children={child.pk}", data)
    plan = DirectWorkPlan.objects.get()
    assert response["Location"] == detail(plan)
    assert plan.members.get().goals.count() == 2


def test_recording_agreements_then_agreeing_and_closing_early(client):
    work = work_with()
    child = work.children[0]
    client.force_login(work.educator)
    response = client.post(move(work.plan, "agree"))
    assert response.status_code == 302
    text = page_text(client.get(detail(work.plan)))
    assert "Record the date the school agreed" in text
    today = timezone.localdate().isoformat()
    client.post(
        reverse("casework:plan_agreements", args=[work.plan.pk]),
        {
            "school_agreed_on": today,
            "school_agreed_by": "Ms Patel",
            f"child_agreed_on_{child.pk}": today,
            f"parent_agreed_on_{child.pk}": today,
            f"parent_agreed_by_{child.pk}": "Mother",
        },
    )
    client.post(move(work.plan, "agree"))
    work.plan.refresh_from_db()
    assert work.plan.status == P.AGREED and work.plan.sessions.count() == 6
    confirm = client.get(move(work.plan, "close_early"))
    assert "This cannot be undone" in page_text(confirm)
    response = client.post(move(work.plan, "close_early"), {"reason": ""})
    assert "Enter the reason." in visible_text(response)
    client.post(move(work.plan, "close_early"), {"reason": "Moved school"})
    work.plan.refresh_from_db()
    assert work.plan.status == P.CLOSED_EARLY


def test_a_student_cannot_agree_through_the_page(client):
    work = work_with(agreed=True)
    client.force_login(work.student)
    assert client.post(move(work.plan, "agree")).status_code == 403
    assert "Mark the plan as agreed" not in page_text(client.get(detail(work.plan)))


def test_the_child_page_lists_the_childs_plans(client):
    work = work_with(status=P.ACTIVE, agreed=True)
    other_child = ChildFactory()
    client.force_login(work.student)
    text = page_text(client.get(reverse("casework:child_detail", args=[work.children[0].pk])))
    assert 'data-testid="child-plans"' in text and detail(work.plan) in text
    assert reverse("casework:plan_create") + f"?children={work.children[0].pk}" in text
    assert other_child.reference not in text


def test_logging_the_first_held_session_shows_the_plan_active(client):
    work = work_with(status=P.AGREED, agreed=True, with_sessions=True)
    session = work.sessions()[0]
    session_log(
        session=session, by=work.student, outcome="held", theme=a_theme(), activities="Games"
    )
    client.force_login(work.student)
    assert "Active" in page_text(client.get(detail(work.plan)))
