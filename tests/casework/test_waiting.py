""" "Waiting for you" (issue 22, requirement 2): casework's items on the dashboards of
the practice educator, the student, the co-ordinator and the school contact, and
the lists their links land on (tests/portal/test_waiting.py has the rest)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, DirectWorkSession, SupportRequest
from placements.casework.services.sessions import session_log, session_review
from portal.accounts.roles import Role
from tests.casework.factories import ChildFactory, SchoolFactory, SupportRequestFactory
from tests.casework.support import a_theme, last_weekday, work_with
from tests.factories import OrganisationFactory, user_with_role
from tests.portal.test_waiting import waiting

pytestmark = pytest.mark.django_db

S = DirectWorkSession


def agreed(**kwargs):
    return work_with(status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True, **kwargs)


def log(work, session):
    session_log(
        session=session, by=work.student, outcome="held", theme=a_theme(), activities="Games"
    )


def test_the_educator_sees_sessions_to_review_and_reviewing_marks_the_notice_done(client):
    work = agreed()
    first, second = work.sessions()[:2]
    log(work, first)
    told = work.educator.notifications.get(url=reverse("casework:session_detail", args=[first.pk]))
    others = agreed()  # another educator's student
    log(others, others.sessions()[0])

    found = waiting(client, work.educator, Role.PRACTICE_EDUCATOR)
    assert found["sessions_to_review"] == (
        1,
        reverse("casework:session_review", args=[first.pk]),
    )

    log(work, second)
    count, link = waiting(client, work.educator, Role.PRACTICE_EDUCATOR)["sessions_to_review"]
    assert count == 2
    assert link == reverse("casework:plan_list") + "?waiting=sessions_to_review"
    listed = client.get(link).context["page_obj"].object_list
    assert [plan.pk for plan in listed] == [work.plan.pk]

    session_review(session=first, by=work.educator, decision="reviewed")
    told.refresh_from_db()
    assert told.read_at is not None


def test_the_student_sees_sessions_to_log_and_those_returned(client):
    # First session three weeks ago: sessions 1-4 are due (the 4th is this week's).
    work = agreed(first_session_on=last_weekday() - timedelta(weeks=3))
    sessions = work.sessions()
    log(work, sessions[0])
    session_review(session=sessions[0], by=work.educator, decision="returned", comments="More")

    found = waiting(client, work.student, Role.STUDENT)

    count, link = found["sessions_to_log"]
    assert count == 3
    assert [p.pk for p in client.get(link).context["page_obj"].object_list] == [work.plan.pk]
    assert found["sessions_returned"] == (
        1,
        reverse("casework:session_log", args=[sessions[0].pk]),
    )


def test_the_coordinator_sees_requests_waiting_and_lands_on_exactly_those(client):
    service, school = OrganisationFactory(), SchoolFactory()
    coordinator = user_with_role(Role.COORDINATOR, service)
    waiting_ones = [
        SupportRequestFactory(child=ChildFactory(school=school, held_by=service), school=school)
        for _ in range(2)
    ]
    SupportRequestFactory(
        child=ChildFactory(school=school, held_by=service),
        school=school,
        status=SupportRequest.Status.ACCEPTED,
        decided_at=timezone.now(),
    )
    SupportRequestFactory()  # another service's

    count, link = waiting(client, coordinator, Role.COORDINATOR)["requests_waiting"]

    assert count == 2
    assert link == reverse("casework:request_list") + "?status=submitted"
    listed = client.get(link).context["requests"]
    assert {r.pk for r in listed} == {r.pk for r in waiting_ones}


def test_the_school_sees_plans_to_agree_and_requests_answered(client):
    work = work_with()  # a draft plan the school has not agreed to
    school = work.children[0].school
    agreed(school=school)  # agreed already: not waiting
    work_with()  # another school's draft
    contact = work.school_contact()
    answered = SupportRequestFactory(
        child=ChildFactory(school=school),
        school=school,
        status=SupportRequest.Status.DECLINED,
        decided_at=timezone.now() - timedelta(days=2),
    )
    SupportRequestFactory(
        child=ChildFactory(school=school),
        school=school,
        status=SupportRequest.Status.ACCEPTED,
        decided_at=timezone.now() - timedelta(days=40),
    )
    SupportRequestFactory(child=ChildFactory(school=school), school=school)  # not answered

    found = waiting(client, contact, Role.SCHOOL_CONTACT)

    assert found["plans_to_agree"] == (1, reverse("casework:plan_detail", args=[work.plan.pk]))
    assert found["requests_answered"] == (
        1,
        reverse("casework:request_detail", args=[answered.pk]),
    )
    listed = client.get(reverse("casework:request_list") + "?status=answered").context["requests"]
    assert [r.pk for r in listed] == [answered.pk]


def test_a_school_with_nothing_waiting_is_told_so(client):
    contact = user_with_role(Role.SCHOOL_CONTACT, SchoolFactory())
    assert waiting(client, contact, Role.SCHOOL_CONTACT) == {}
    assert "Nothing is waiting for you." in client.get(reverse("portal:dashboard")).content.decode()


def test_the_plans_filter_offers_only_the_users_own_kinds_of_waiting(client):
    work = agreed()
    client.force_login(work.student)
    form = client.get(reverse("casework:plan_list")).context["filter_form"]
    assert [key for key, _ in form.fields["waiting"].choices][1:] == [
        "sessions_to_log",
        "sessions_returned",
    ]
    client.force_login(work.school_contact())
    form = client.get(reverse("casework:plan_list")).context["filter_form"]
    assert [key for key, _ in form.fields["waiting"].choices][1:] == ["plans_to_agree"]


def test_the_school_agrees_to_a_draft_plan_and_it_no_longer_waits(client, clock):
    work = work_with()  # a draft plan the school has not agreed to
    contact = work.school_contact()
    page = reverse("casework:plan_detail", args=[work.plan.pk])
    agree = reverse("casework:plan_school_agree", args=[work.plan.pk])
    client.force_login(contact)
    assert "Agree to this plan for the school" in client.get(page).content.decode()

    response = client.post(agree, follow=True)

    assert "You agreed to the plan for the school." in response.content.decode()
    work.plan.refresh_from_db()
    assert work.plan.school_agreed_on == timezone.localdate()
    assert work.plan.school_agreed_by == contact.name
    assert work.plan.status == DirectWorkPlan.Status.DRAFT  # the children's and parents' to come
    assert "plans_to_agree" not in waiting(client, contact, Role.SCHOOL_CONTACT)
    assert "Agree to this plan for the school" not in client.get(page).content.decode()
    # Asking again changes nothing and says why.
    again = client.post(agree, follow=True).content.decode()
    assert "already agreed for the school" in again


def test_only_a_contact_of_the_plans_school_agrees_for_it(client):
    work = work_with()
    agree = reverse("casework:plan_school_agree", args=[work.plan.pk])
    # The student on the work sees the plan but records agreements, not gives them.
    client.force_login(work.student)
    assert client.post(agree).status_code == 403
    # Another school's contact cannot see the plan at all.
    other = work_with().school_contact()
    client.force_login(other)
    assert client.post(agree).status_code == 404
    # A page, not a link: GET is refused.
    client.force_login(work.school_contact())
    assert client.get(agree).status_code == 405
    work.plan.refresh_from_db()
    assert work.plan.school_agreed_on is None
