"""Dashboard panels of plans and sessions: what each role sees, and constant
queries at 5 and 50 rows."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from placements.casework.dashboard.plans import school_contact_plans, student_plans
from placements.casework.dashboard.sessions import educator_sessions, student_sessions
from placements.casework.models import DirectWorkPlan, DirectWorkSession, PlanChild
from placements.casework.services.sessions import session_log, session_review, sessions_generate
from portal.dashboard import Panel
from tests.casework.factories import AllocationFactory, ChildFactory, PlanFactory
from tests.casework.support import a_theme, agree, last_weekday, work_with

pytestmark = pytest.mark.django_db

S = DirectWorkSession


def agreed(**kwargs):
    return work_with(status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True, **kwargs)


def render(template, provider, user):
    panel = Panel(role="", title="", organisations=[], template="", context=provider(user))
    return render_to_string(f"casework/dashboard/{template}.html", {"panel": panel})


def log(work, session):
    session_log(
        session=session, by=work.student, outcome="held", theme=a_theme(), activities="Games"
    )


def test_the_student_sees_sessions_to_log_and_returned_ones():
    # First session three weeks ago: sessions 1-4 are due (the 4th is this week's).
    work = agreed(first_session_on=last_weekday() - timedelta(weeks=3))
    sessions = work.sessions()
    log(work, sessions[0])
    session_review(session=sessions[0], by=work.educator, decision="returned", comments="More")
    context = student_sessions(work.student)
    to_log = [s.number for s in context["casework_sessions_to_log"]]
    assert to_log == [2, 3, 4]
    assert [s.number for s in context["casework_sessions_returned"]] == [1]
    html = render("sessions_student", student_sessions, work.student)
    assert reverse("casework:session_log", args=[sessions[0].pk]) in html
    assert work.children[0].reference in html and work.children[0].first_name not in html


def test_future_and_closed_plan_sessions_are_not_to_log():
    work = agreed(first_session_on=timezone.localdate() + timedelta(days=3))
    assert not student_sessions(work.student)["casework_sessions_to_log"]
    closed = agreed()
    DirectWorkPlan.objects.filter(pk=closed.plan.pk).update(
        status=DirectWorkPlan.Status.CLOSED_EARLY
    )
    assert not student_sessions(closed.student)["casework_sessions_to_log"]


def test_the_pe_sees_sessions_awaiting_review():
    work = agreed()
    session = work.sessions()[0]
    log(work, session)
    context = educator_sessions(work.educator)
    assert [s.pk for s in context["casework_sessions_awaiting"]] == [session.pk]
    html = render("sessions_practice_educator", educator_sessions, work.educator)
    assert reverse("casework:session_review", args=[session.pk]) in html
    session_review(session=session, by=work.educator, decision="reviewed")
    assert not educator_sessions(work.educator)["casework_sessions_awaiting"]


def test_the_school_contact_sees_their_schools_plans_by_status():
    work = agreed()
    work_with(school=work.children[0].school)  # a draft at the same school
    work_with()  # another school's
    contact = work.school_contact()
    counts = school_contact_plans(contact)["casework_plans_counts"]
    by_status = {row["status"]: row["count"] for row in counts["by_status"]}
    assert by_status["agreed"] == 1 and by_status["draft"] == 1 and counts["total"] == 2
    html = render("plans_school_contact", school_contact_plans, contact)
    assert reverse("casework:plan_detail", args=[work.plan.pk]) in html


def _many(rows):
    """One student and PE with `rows` agreed plans (one child each, on one placement),
    each with its first session logged and its second one to log."""
    first = agreed(first_session_on=last_weekday() - timedelta(weeks=1))
    school, held_by = first.children[0].school, first.children[0].held_by
    for _ in range(rows - 1):
        child = ChildFactory(school=school, held_by=held_by)
        AllocationFactory(child=child, placement=first.placement)
        plan = PlanFactory(
            school=school,
            status=DirectWorkPlan.Status.AGREED,
            first_session_on=first.plan.first_session_on,
            created_by=first.educator,
        )
        plan.themes.add(a_theme())
        PlanChild.objects.create(plan=plan, child=child)
        agree(plan)
        sessions_generate(plan=plan, by=first.educator)
    for plan in DirectWorkPlan.objects.filter(status=DirectWorkPlan.Status.AGREED):
        log(first, plan.sessions.order_by("number").first())
    return first


@pytest.mark.parametrize("rows", [5, 50])
def test_the_panels_make_a_constant_number_of_queries(django_assert_max_num_queries, rows):
    work = _many(rows)
    contact = work.school_contact()
    for template, provider, user in (
        ("sessions_student", student_sessions, work.student),
        ("plans_student", student_plans, work.student),
        ("sessions_practice_educator", educator_sessions, work.educator),
        ("plans_school_contact", school_contact_plans, contact),
    ):
        with django_assert_max_num_queries(8):
            html = render(template, provider, user)
        assert "govuk-link" in html
