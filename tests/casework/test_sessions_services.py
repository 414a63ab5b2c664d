"""Logging sessions and reviewing them (issue 6, requirement 4): the service the
pages and the API call, its refusals, group attendance and notifications."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, DirectWorkSession, SessionAttendance
from placements.casework.services.sessions import session_log, session_review
from portal.accounts.roles import Role
from portal.models import Notification
from tests.casework.support import a_theme, last_weekday, work_with
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

S = DirectWorkSession


def agreed_work(n=1, **kwargs):
    return work_with(
        n, status=DirectWorkPlan.Status.AGREED, agreed=True, with_sessions=True, **kwargs
    )


def held(work, session, **overrides):
    fields = {
        "outcome": S.Status.HELD,
        "theme": a_theme(),
        "activities": "We drew a map of safe places online.",
        "attendance": [
            {"child": child, "attended": True, "child_voice": "I liked it", "notes": ""}
            for child in work.children
        ],
    }
    fields.update(overrides)
    return session_log(session=session, by=work.student, **fields)


def test_logging_a_held_session_starts_an_agreed_plan_and_tells_the_pe():
    work = agreed_work()
    session = work.sessions()[0]
    held(work, session)
    session.refresh_from_db()
    assert session.status == S.Status.HELD and session.review == S.Review.AWAITING
    assert session.logged_by == work.student
    assert DirectWorkPlan.objects.get(pk=work.plan.pk).status == DirectWorkPlan.Status.ACTIVE
    row = SessionAttendance.objects.get(session=session)
    assert row.attended and row.child_voice == "I liked it"
    note = Notification.objects.get(user=work.educator, title__contains="ready for review")
    child = work.children[0]
    assert child.reference in note.title
    assert child.first_name not in note.title and child.first_name not in note.body
    assert session.history.first().history_user == work.student


def test_sending_a_waiting_log_again_unchanged_saves_and_tells_nothing():
    """Issue 21: an edit form saved unchanged changes nothing, not even the log time."""
    work = agreed_work(2)
    session = work.sessions()[0]
    theme = a_theme()
    held(work, session, theme=theme)
    session.refresh_from_db()
    logged_at, versions = session.logged_at, session.history.count()
    told = Notification.objects.count()

    held(work, session, theme=theme)

    session.refresh_from_db()
    assert session.logged_at == logged_at
    assert session.history.count() == versions
    assert Notification.objects.count() == told
    # A real change is still saved and the practice educator told again.
    held(work, session, theme=theme, activities="We drew a map, then a poster.")
    session.refresh_from_db()
    assert session.activities == "We drew a map, then a poster."
    assert session.logged_at > logged_at
    assert Notification.objects.count() > told


def test_one_to_one_held_without_attendance_means_the_child_came():
    work = agreed_work()
    session = work.sessions()[0]
    session_log(
        session=session,
        by=work.student,
        outcome="held",
        theme=a_theme().pk,
        activities="Feelings cards",
    )
    assert SessionAttendance.objects.get(session=session).attended


def test_group_attendance_per_child():
    work = agreed_work(3)
    session = work.sessions()[0]
    a, b, c = work.children
    held(
        work,
        session,
        attendance=[
            {"child": a.pk, "attended": True, "child_voice": "Fun", "notes": "Joined in"},
            {"child": b.pk, "attended": False, "child_voice": "", "notes": "Off sick"},
            {"child": c.pk, "attended": True, "child_voice": "", "notes": ""},
        ],
    )
    rows = {r.child_id: r for r in SessionAttendance.objects.filter(session=session)}
    assert [rows[x.pk].attended for x in (a, b, c)] == [True, False, True]
    assert rows[b.pk].notes == "Off sick"


def test_group_attendance_must_cover_every_child():
    work = agreed_work(2)
    session = work.sessions()[0]
    a, b = work.children
    with pytest.raises(ValidationError) as error:
        held(work, session, attendance=[{"child": a.pk, "attended": True}])
    assert f"attended_{b.pk}" in error.value.message_dict
    session.refresh_from_db()
    assert session.review == S.Review.NOT_LOGGED
    assert DirectWorkPlan.objects.get(pk=work.plan.pk).status == DirectWorkPlan.Status.AGREED


def test_cancelled_needs_who_and_why():
    work = agreed_work()
    session = work.sessions()[0]
    with pytest.raises(ValidationError) as error:
        session_log(session=session, by=work.student, outcome="cancelled")
    assert {"cancelled_by", "cancel_reason"} <= set(error.value.message_dict)
    session_log(
        session=session,
        by=work.student,
        outcome="cancelled",
        cancelled_by="school",
        cancel_reason="School trip",
    )
    session.refresh_from_db()
    assert session.status == S.Status.CANCELLED and session.cancelled_by == "school"
    # A cancelled session does not start the work.
    assert DirectWorkPlan.objects.get(pk=work.plan.pk).status == DirectWorkPlan.Status.AGREED


def test_every_field_is_validated_and_nothing_changes():
    work = agreed_work()
    session = work.sessions()[0]
    with pytest.raises(ValidationError) as error:
        session_log(session=session, by=work.student, outcome="maybe")
    assert "outcome" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        session_log(session=session, by=work.student, outcome="held", theme=999999)
    assert {"theme", "activities"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        held(work, session, attendance=[{"child": 999999, "attended": True}])
    assert "attendance" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        session_log(
            session=session,
            by=work.student,
            outcome="did_not_attend",
            attendance=[{"child": work.children[0], "attended": False, "child_voice": "Hello"}],
        )
    assert f"child_voice_{work.children[0].pk}" in error.value.message_dict
    session.refresh_from_db()
    assert session.status == S.Status.PLANNED and session.review == S.Review.NOT_LOGGED


def test_a_future_session_cannot_be_logged():
    work = agreed_work(first_session_on=last_weekday())
    future = work.sessions()[1]
    assert future.planned_on > timezone.localdate()
    with pytest.raises(ValidationError) as error:
        held(work, future)
    assert "you can log it on the day" in error.value.messages[0]


def test_a_school_contact_cannot_log():
    work = agreed_work()
    with pytest.raises(PermissionDenied):
        session_log(session=work.sessions()[0], by=work.school_contact(), outcome="held")


def test_a_student_after_the_allocation_ended_cannot_log():
    work = agreed_work()
    for allocation in work.allocations:
        allocation.starts_on = timezone.localdate() - timedelta(days=60)
        allocation.ends_on = timezone.localdate() - timedelta(days=2)
        allocation.save()
    with pytest.raises(PermissionDenied):
        held(work, work.sessions()[0])


def test_an_outsider_gets_404():
    work = agreed_work()
    outsider = user_with_role(Role.STUDENT)
    with pytest.raises(Http404):
        session_log(session=work.sessions()[0], by=outsider, outcome="held")


def test_a_draft_plan_session_cannot_be_logged():
    work = work_with(with_sessions=True)
    with pytest.raises(ValidationError) as error:
        held(work, work.sessions()[0])
    assert "draft" in error.value.messages[0]


def test_logging_the_first_session_refuses_when_agreements_are_missing():
    """The same apply function starts the work, so its check applies."""
    work = work_with(status=DirectWorkPlan.Status.AGREED, with_sessions=True)
    session = work.sessions()[0]
    with pytest.raises(ValidationError) as error:
        held(work, session)
    assert "agreed to the plan" in " ".join(error.value.messages)
    session.refresh_from_db()
    assert session.review == S.Review.NOT_LOGGED


# --- review --------------------------------------------------------------------------


def test_the_pe_returns_notes_with_comments_and_the_student_resubmits():
    work = agreed_work()
    session = work.sessions()[0]
    held(work, session)
    with pytest.raises(ValidationError) as error:
        session_review(session=session, by=work.educator, decision="returned")
    assert "comments" in error.value.message_dict
    session_review(
        session=session,
        by=work.educator,
        decision="returned",
        comments="Say more about what the child said.",
    )
    session.refresh_from_db()
    assert session.review == S.Review.RETURNED
    note = Notification.objects.get(user=work.student, title__contains="returned")
    assert work.children[0].first_name not in note.title + note.body
    held(work, session, activities="We drew a map, and talked about who to tell.")
    session.refresh_from_db()
    assert session.review == S.Review.AWAITING


def test_a_reviewed_session_is_read_only_to_the_student():
    work = agreed_work()
    session = work.sessions()[0]
    held(work, session)
    session_review(session=session, by=work.educator, decision="reviewed")
    with pytest.raises(ValidationError) as error:
        held(work, session, activities="Changed")
    assert "reviewed" in error.value.messages[0]
    session.refresh_from_db()
    assert session.activities == "We drew a map of safe places online."


def test_only_the_pe_reviews_and_only_awaiting_notes():
    work = agreed_work()
    session = work.sessions()[0]
    with pytest.raises(ValidationError):
        session_review(session=session, by=work.educator, decision="reviewed")
    held(work, session)
    with pytest.raises(PermissionDenied):
        session_review(session=session, by=work.student, decision="reviewed")
    with pytest.raises(PermissionDenied):
        session_review(session=session, by=work.school_contact(), decision="reviewed")
