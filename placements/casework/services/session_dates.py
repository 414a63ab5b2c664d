"""Moving a planned direct-work session to another day or time (issue 22,
requirement 8): the new day must be a school day in term, not in one of the
school's holidays (selectors.terms), and not the day of another of the plan's
sessions. Refused with a message naming the field; nothing changes.

A move is told to the students and practice educators on the work (but not the
one who moved it) and to the school's contacts, who expect the student that day:
with the children's references only, never a name."""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission
from portal.services import notify_each

from ..models import DirectWorkPlan, DirectWorkSession
from ..selectors.safeguarding import school_contacts_of
from ..selectors.terms import school_calendar
from .plan_status import people_on_plan
from .sessions import describe

S = DirectWorkSession
MOVABLE_PLANS = (DirectWorkPlan.Status.AGREED, DirectWorkPlan.Status.ACTIVE)


def may_move(session: DirectWorkSession) -> bool:
    """Whether the session is still only planned (not logged) on an open plan."""
    return (
        session.status == S.Status.PLANNED
        and session.review == S.Review.NOT_LOGGED
        and session.plan.status in MOVABLE_PLANS
    )


@transaction.atomic
def session_move(
    *, by: User, session: DirectWorkSession, planned_on: date | None, planned_time: time | None
) -> DirectWorkSession:
    """The student or practice educator on the work moves a planned session."""
    session = (
        S.objects.select_for_update(of=("self",)).select_related("plan__school").get(pk=session.pk)
    )
    require_object_permission(by, session, scope="casework.view_session")
    if not by.has_perm("casework.move_session", session):
        raise PermissionDenied(
            "Only the student or the practice educator on the work can move its sessions."
        )
    if not may_move(session):
        raise ValidationError(
            "Only a session not logged yet, of an agreed or active plan, can be moved."
        )
    errors: dict[str, list[str]] = {}
    if not isinstance(planned_time, time):
        errors["planned_time"] = ["Enter the time the session starts, for example 10:00."]
    if not isinstance(planned_on, date):
        errors["planned_on"] = ["Enter the day of the session, for example 17 November 2026."]
    elif planned_on != session.planned_on:  # the day it has is not judged again
        plan = session.plan
        closed = school_calendar(plan.school).why_closed(planned_on)
        other = plan.sessions.filter(planned_on=planned_on).exclude(pk=session.pk).first()
        if planned_on < timezone.localdate():
            errors["planned_on"] = ["Choose today or a later day."]
        elif planned_on.weekday() >= 5:
            errors["planned_on"] = [
                f"Choose a school day: {long_date(planned_on)} is a {planned_on:%A}."
            ]
        elif closed:
            errors["planned_on"] = [f"Choose a day in term: {closed}"]
        elif other is not None:
            errors["planned_on"] = [f"Session {other.number} is on {long_date(planned_on)}."]
    if errors:
        raise ValidationError(errors)
    moved_from = (session.planned_on, session.planned_time)
    if moved_from == (planned_on, planned_time):
        return session  # sent again unchanged
    session.planned_on, session.planned_time = planned_on, planned_time
    session._change_reason = "moved"
    with acting_as(by):
        session.save(update_fields=["planned_on", "planned_time"])
    _tell_of_move(session, moved_from=moved_from, by=by)
    return session


def _when(day: date, at: time) -> str:
    return f"{day:%A} {long_date(day)} at {at:%H:%M}"


def _tell_of_move(session: DirectWorkSession, *, moved_from: tuple[date, time], by: User) -> None:
    """The people on the work open the session; the school's contacts the plan (its
    sessions and who comes), which is what they may see."""
    plan = session.plan
    children = [member.child for member in plan.members.select_related("child")]
    what = describe(session, children)
    moved_to = _when(session.planned_on, session.planned_time)
    title = f"{what[:1].upper()}{what[1:]} is moved to {moved_to}"
    body = f"{by} moved it from {_when(*moved_from)}."
    for people, url in (
        (people_on_plan(plan), reverse("casework:session_detail", args=[session.pk])),
        (school_contacts_of(plan.school), reverse("casework:plan_detail", args=[plan.pk])),
    ):
        notify_each(people, by=by, title=title, body=body, url=url, kind="casework")
