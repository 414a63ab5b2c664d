"""Drafting plans, recording agreements, and the plan's status moves (issue 6,
requirement 3): who may, what is checked, and that a refusal changes nothing."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, DirectWorkSession, PlanChild
from placements.casework.services.plan_status import plan_transition
from placements.casework.services.plans import (
    plan_agreements_record,
    plan_create,
    plan_update,
)
from portal.accounts.roles import Role
from portal.models import Notification
from portal.transitions import TransitionNotAllowed
from tests.casework.factories import ChildFactory, SupportRequestFactory
from tests.casework.support import a_theme, agree, last_weekday, next_weekday, work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

P = DirectWorkPlan.Status


def monday_next_week():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def create(work, by, **overrides):
    fields = {
        "children": work.children,
        "goals": {child.pk: ["I want to make a friend"] for child in work.children},
        "themes": [a_theme()],
        "first_session_on": monday_next_week(),
    }
    fields.update(overrides)
    return plan_create(by=by, **fields)


# --- drafting ------------------------------------------------------------------------


def test_the_pe_drafts_a_one_to_one_plan_with_defaults():
    work = work_with(status=None)
    plan = create(work, work.educator)
    assert plan.status == P.DRAFT
    assert plan.format == DirectWorkPlan.Format.ONE_TO_ONE
    assert plan.planned_sessions == 6
    assert plan.session_time == time(10, 0)
    member = plan.members.get()
    assert [goal.text for goal in member.goals.all()] == ["I want to make a friend"]
    assert plan.history.first().history_user == work.educator


def test_a_group_plan_for_children_of_one_school():
    work = work_with(3, status=None)
    plan = create(work, work.student)
    assert plan.format == DirectWorkPlan.Format.GROUP
    assert plan.members.count() == 3


def test_the_coordinator_holding_the_records_drafts():
    work = work_with(status=None)
    assert create(work, work.coordinator).pk


def test_children_of_two_schools_are_refused():
    work = work_with(status=None)
    other = ChildFactory(held_by=work.children[0].held_by)
    coordinator = work.coordinator
    with pytest.raises(ValidationError) as error:
        create(
            work,
            coordinator,
            children=[*work.children, other],
            goals={work.children[0].pk: ["a"], other.pk: ["b"]},
        )
    assert "same school" in str(error.value.message_dict["children"])
    assert not DirectWorkPlan.objects.exists()


def test_a_student_needs_current_work_with_every_child():
    work = work_with(status=None)
    stranger = ChildFactory(school=work.children[0].school, held_by=work.children[0].held_by)
    # The student cannot see the other child at all: 404, not a hint that they exist.
    with pytest.raises(Http404):
        create(work, work.student, children=[*work.children, stranger], goals={})
    school_contact = work.school_contact()
    with pytest.raises(PermissionDenied):
        create(work, school_contact)
    assert not DirectWorkPlan.objects.exists()


def test_every_field_is_checked_and_named():
    work = work_with(status=None)
    saturday = monday_next_week() + timedelta(days=5)
    with pytest.raises(ValidationError) as error:
        create(
            work,
            work.educator,
            goals={work.children[0].pk: ["  "]},
            themes=[],
            first_session_on=saturday,
            planned_sessions=21,
            session_minutes=0,
        )
    errors = error.value.message_dict
    assert set(errors) >= {
        f"goals_{work.children[0].pk}",
        "themes",
        "first_session_on",
        "planned_sessions",
        "session_minutes",
    }
    assert "Saturday" in errors["first_session_on"][0]
    assert not DirectWorkPlan.objects.exists()


def test_an_inactive_theme_is_not_offered():
    work = work_with(status=None)
    theme = a_theme("Retired theme")
    theme.is_active = False
    theme.save()
    with pytest.raises(ValidationError) as error:
        create(work, work.educator, themes=[theme])
    assert "themes" in error.value.message_dict


def test_a_draft_is_changed_and_goals_replaced():
    work = work_with()
    child = work.children[0]
    plan_update(
        by=work.student,
        plan=work.plan,
        goals={child.pk: "I want to sleep better\nI want to talk to my teacher"},
        themes=[a_theme()],
        first_session_on=monday_next_week(),
        planned_sessions=8,
        session_time=time(13, 30),
        session_minutes=30,
        place_in_school="The library",
    )
    work.plan.refresh_from_db()
    assert work.plan.planned_sessions == 8
    assert [g.text for g in work.plan.members.get().goals.all()] == [
        "I want to sleep better",
        "I want to talk to my teacher",
    ]


# --- agreements ----------------------------------------------------------------------


def agreements(work, on=None, **extra):
    on = on or timezone.localdate()
    fields = {
        "school_agreed_on": on,
        "school_agreed_by": "Ms Patel",
        "children": {
            c.pk: {"child_agreed_on": on, "parent_agreed_on": on, "parent_agreed_by": "Mother"}
            for c in work.children
        },
    }
    fields.update(extra)
    return fields


def test_agreements_are_recorded_for_the_school_each_child_and_a_parent():
    work = work_with(2)
    plan_agreements_record(by=work.student, plan=work.plan, **agreements(work))
    assert PlanChild.objects.filter(plan=work.plan, parent_agreed_by="Mother").count() == 2
    work.plan.refresh_from_db()
    assert work.plan.school_agreed_by == "Ms Patel"


def test_agreement_dates_cannot_be_in_the_future_or_before_the_request():
    work = work_with()
    request = SupportRequestFactory(child=work.children[0])
    DirectWorkPlan.objects.filter(pk=work.plan.pk).update(support_request=request)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        plan_agreements_record(by=work.student, plan=work.plan, **agreements(work, on=tomorrow))
    assert "future" in error.value.message_dict["school_agreed_on"][0]
    before = timezone.localdate(request.submitted_at) - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        plan_agreements_record(by=work.student, plan=work.plan, **agreements(work, on=before))
    assert "before the request" in error.value.message_dict["school_agreed_on"][0]
    work.plan.refresh_from_db()
    assert work.plan.school_agreed_on is None


def test_a_parent_agreement_needs_who():
    work = work_with()
    fields = agreements(work)
    fields["children"][work.children[0].pk]["parent_agreed_by"] = ""
    with pytest.raises(ValidationError) as error:
        plan_agreements_record(by=work.student, plan=work.plan, **fields)
    assert f"parent_agreed_by_{work.children[0].pk}" in error.value.message_dict


# --- transitions ---------------------------------------------------------------------


def test_agreeing_needs_all_three_agreements_for_every_child():
    work = work_with(2)
    with pytest.raises(ValidationError) as error:
        plan_transition(plan=work.plan, name="agree", by=work.educator)
    text = " ".join(error.value.messages)
    assert "the school agreed" in text
    for child in work.children:
        assert f"{child} agreed" in text
        assert f"a parent of {child}" in text
    work.plan.refresh_from_db()
    assert work.plan.status == P.DRAFT
    assert not work.plan.sessions.exists()


def test_agreeing_generates_weekly_sessions_with_attendance_per_child():
    first = next_weekday(timezone.localdate() + timedelta(days=3))
    work = work_with(2, agreed=True, first_session_on=first, planned_sessions=4)
    plan = plan_transition(plan=work.plan, name="agree", by=work.educator)
    assert plan.status == P.AGREED
    sessions = work.sessions()
    assert [s.number for s in sessions] == [1, 2, 3, 4]
    assert [s.planned_on for s in sessions] == [first + timedelta(weeks=n) for n in range(4)]
    assert all(s.planned_time == plan.session_time for s in sessions)
    assert all(s.attendance.count() == 2 for s in sessions)
    # The student is told, by reference (never the name).
    note = Notification.objects.get(user=work.student)
    assert work.children[0].reference in note.title
    assert work.children[0].first_name not in note.title + note.body


def test_a_student_cannot_agree_a_plan():
    work = work_with(agreed=True)
    with pytest.raises(PermissionDenied):
        plan_transition(plan=work.plan, name="agree", by=work.student)
    assert DirectWorkPlan.objects.get(pk=work.plan.pk).status == P.DRAFT


def test_starting_checks_the_agreements_again():
    work = work_with(status=P.AGREED)  # agreed in the database, without the agreements
    with pytest.raises(ValidationError) as error:
        plan_transition(plan=work.plan, name="start", by=work.student)
    assert "Record the date the school agreed" in error.value.messages[0]
    agree(work.plan)
    assert plan_transition(plan=work.plan, name="start", by=work.student).status == P.ACTIVE


def test_a_move_not_from_the_status_is_refused():
    work = work_with()
    with pytest.raises(TransitionNotAllowed):
        plan_transition(plan=work.plan, name="complete", by=work.educator)


def test_completing_needs_the_closure_of_every_child():
    work = work_with(status=P.ACTIVE, agreed=True)
    with pytest.raises(ValidationError) as error:
        plan_transition(plan=work.plan, name="complete", by=work.educator)
    assert "end-of-work summary" in " ".join(error.value.messages)
    member = work.plan.members.get()
    PlanChild.objects.filter(pk=member.pk).update(closure_summary="Done well.", faces_rating=4)
    member.goals.update(outcome="met")
    plan = plan_transition(plan=work.plan, name="complete", by=work.educator)
    assert plan.status == P.COMPLETED and plan.closed_at


def test_closing_early_needs_a_reason():
    work = work_with(status=P.AGREED, agreed=True)
    with pytest.raises(ValidationError) as error:
        plan_transition(plan=work.plan, name="close_early", by=work.coordinator)
    assert "reason" in error.value.message_dict
    plan = plan_transition(
        plan=work.plan, name="close_early", by=work.coordinator, reason="The family moved away."
    )
    assert plan.status == P.CLOSED_EARLY and plan.closed_reason == "The family moved away."
    assert plan.history.first().history_change_reason == "close_early"


def test_someone_outside_the_scope_gets_404():
    work = work_with(agreed=True)
    outsider = user_with_role(Role.PRACTICE_EDUCATOR)
    with pytest.raises(Http404):
        plan_transition(plan=work.plan, name="agree", by=outsider)


def test_the_pe_after_the_allocation_ended_cannot_lead():
    work = work_with(agreed=True)
    for allocation in work.allocations:
        allocation.ends_on = last_weekday() - timedelta(days=3)
        allocation.starts_on = allocation.ends_on - timedelta(days=30)
        allocation.save()
    with pytest.raises(PermissionDenied):
        plan_transition(plan=work.plan, name="agree", by=work.educator)
    assert not DirectWorkSession.objects.exists()
