"""Writes to direct-work sessions: generating them from an agreed plan, the
student logging each one, and the practice educator's review.

`session_log` is what the session page and the API both call: it validates
everything (ValidationError naming the field) and changes nothing on refusal.
Logging the first held session of an agreed plan starts the work through
services.plan_status.plan_transition, so the agreements check applies there too.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.drafts import draft_discard
from portal.permissions import require_object_permission
from portal.services import notifications_done_for, notify

from ..models import (
    Allocation,
    Child,
    DirectWorkPlan,
    DirectWorkSession,
    SessionAttendance,
    Theme,
)
from ..selectors import allocation_current
from ..selectors.terms import school_calendar
from .plan_status import plan_transition
from .plans import references

S = DirectWorkSession
OUTCOMES = (S.Status.HELD, S.Status.DID_NOT_ATTEND, S.Status.CANCELLED)
LOGGABLE_PLANS = (DirectWorkPlan.Status.AGREED, DirectWorkPlan.Status.ACTIVE)


def sessions_generate(*, plan: DirectWorkPlan, by: User) -> list[DirectWorkSession]:
    """The plan's weekly sessions, numbered 1..N from the first session's date, each
    with an attendance row per child. Weeks when the school is closed that day (a
    holiday, or between terms) are skipped. Does nothing if the plan has sessions
    already."""
    if plan.sessions.exists():
        return []
    child_ids = list(plan.members.order_by("pk").values_list("child_id", flat=True))
    dates = school_calendar(plan.school).weekly_dates(plan.first_session_on, plan.planned_sessions)
    sessions = []
    with acting_as(by):
        for number, planned_on in enumerate(dates, start=1):
            session = S.objects.create(
                plan=plan,
                number=number,
                planned_on=planned_on,
                planned_time=plan.session_time,
            )
            for child_id in child_ids:
                SessionAttendance.objects.create(session=session, child_id=child_id)
            sessions.append(session)
    return sessions


def locked_session(session: DirectWorkSession) -> DirectWorkSession:
    session = (
        S.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__school", "logged_by")
        .filter(pk=session.pk)
        .first()
    )
    if session is None:
        raise Http404("Not found")
    return session


def describe(session: DirectWorkSession, children) -> str:
    """'session 3 for C-7KQ2WD' / 'group session 3 for C-7KQ2WD, C-Q2W7KD' (no names)."""
    kind = "group session" if session.plan.format == DirectWorkPlan.Format.GROUP else "session"
    children = sorted(children, key=lambda child: child.reference)
    return f"{kind} {session.number} for {references(children)}"


def _child_id(value) -> int | None:
    if isinstance(value, Child):
        return value.pk
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _clean_attendance(
    session: DirectWorkSession,
    rows: dict[int, SessionAttendance],
    outcome: str,
    attendance: list[dict] | None,
    errors: dict,
) -> dict[int, tuple[bool, str, str]]:
    """Each child's (attended, child_voice, notes), checked against the outcome."""
    given: dict[int, dict] = {}
    for item in attendance or []:
        if not isinstance(item, dict):
            errors.setdefault("attendance", []).append("Each attendance entry must be a record.")
            continue
        child_id = _child_id(item.get("child"))
        if child_id not in rows:
            errors.setdefault("attendance", []).append(
                "Attendance was given for a child not on the plan."
            )
        elif child_id in given:
            errors.setdefault("attendance", []).append(
                f"Attendance for {rows[child_id].child} was given twice."
            )
        else:
            given[child_id] = item
    one_to_one = session.plan.format == DirectWorkPlan.Format.ONE_TO_ONE
    cleaned: dict[int, tuple[bool, str, str]] = {}
    for child_id, row in rows.items():
        item = given.get(child_id)
        voice = str((item or {}).get("child_voice") or "").strip()
        notes = str((item or {}).get("notes") or "").strip()
        if outcome == S.Status.HELD:
            if item is None or item.get("attended") is None:
                if one_to_one:
                    attended = True  # a one-to-one session held is a session the child came to
                else:
                    errors[f"attended_{child_id}"] = [f"Say whether {row.child} came."]
                    attended = False
            else:
                attended = bool(item.get("attended"))
        else:
            attended = False
            if item is not None and item.get("attended"):
                errors[f"attended_{child_id}"] = [
                    f"{row.child} cannot have attended a session that was "
                    f"{'cancelled' if outcome == S.Status.CANCELLED else 'not attended'}."
                ]
        if voice and not attended:
            errors[f"child_voice_{child_id}"] = [
                f"Record what {row.child} said only if they came to the session."
            ]
        cleaned[child_id] = (attended, voice, notes)
    if outcome == S.Status.HELD and not errors and not any(a for a, _, _ in cleaned.values()):
        errors["attendance"] = ["No child came: choose “Did not attend” instead of “Held”."]
    return cleaned


def _clean_theme(session: DirectWorkSession, theme, errors: dict) -> Theme | None:
    if theme in (None, ""):
        return None
    theme_id = theme.pk if isinstance(theme, Theme) else _child_id(theme)
    found = Theme.objects.filter(pk=theme_id).first() if theme_id else None
    if found is None or not (found.is_active or session.plan.themes.filter(pk=found.pk).exists()):
        errors["theme"] = ["Choose a theme from the list."]
        return None
    return found


@transaction.atomic
def session_log(
    *,
    session: DirectWorkSession,
    by: User,
    outcome: str,
    theme: Theme | int | None = None,
    activities: str = "",
    observations: str = "",
    next_steps: str = "",
    cancelled_by: str = "",
    cancel_reason: str = "",
    attendance: list[dict] | None = None,
) -> DirectWorkSession:
    """The student logs (or, once returned, re-submits) a session.

    `outcome` is held / did_not_attend / cancelled. A held session needs a theme
    (one of the plan's, or any theme offered) and what was done; a cancelled
    one who cancelled (DirectWorkSession.CancelledBy) and why. `attendance` is
    a list of {child (id or Child), attended, child_voice, notes}: for a group
    every child's attendance; for one-to-one it may be left out (the child
    came). Error keys: outcome, theme, activities, cancelled_by, cancel_reason,
    attendance, attended_<child id>, child_voice_<child id>, __all__.

    Logging puts the session in the practice educator's review queue (they are
    told). The first held session of an agreed plan starts the work.
    """
    session = locked_session(session)
    require_object_permission(by, session, scope="casework.view_session")
    if not by.has_perm("casework.log_session", session):
        raise PermissionDenied(
            "Only the student on current work with the children on the plan can log its sessions."
        )
    plan = session.plan
    if plan.status not in LOGGABLE_PLANS:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: (
                    "Sessions are logged once the plan is agreed and until it ends: this plan "
                    f"is {plan.get_status_display().lower()}."
                )
            }
        )
    if session.review == S.Review.REVIEWED:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: "Your practice educator has reviewed this session: it can no "
                "longer be changed."
            }
        )
    if session.planned_on > timezone.localdate():
        raise ValidationError(
            {
                NON_FIELD_ERRORS: f"Session {session.number} is on {long_date(session.planned_on)}"
                ": you can log it on the day, once it has happened."
            }
        )
    errors: dict[str, list[str]] = {}
    outcome = (outcome or "").strip()
    activities = (activities or "").strip()
    observations = (observations or "").strip()
    next_steps = (next_steps or "").strip()
    cancelled_by = (cancelled_by or "").strip()
    cancel_reason = (cancel_reason or "").strip()
    if outcome not in OUTCOMES:
        errors["outcome"] = ["Choose whether the session was held, not attended or cancelled."]
    chosen_theme = _clean_theme(session, theme, errors)
    if outcome == S.Status.HELD:
        if chosen_theme is None and "theme" not in errors:
            errors["theme"] = ["Choose the theme of the session."]
        if not activities:
            errors["activities"] = ["Write what you did in the session."]
    if outcome == S.Status.CANCELLED:
        if cancelled_by not in S.CancelledBy.values:
            errors["cancelled_by"] = ["Choose who cancelled the session."]
        if not cancel_reason:
            errors["cancel_reason"] = ["Write why the session was cancelled."]
    rows = {
        row.child_id: row
        for row in SessionAttendance.objects.select_for_update()
        .select_related("child")
        .filter(session=session)
    }
    cleaned = _clean_attendance(session, rows, outcome, attendance, errors)
    if errors:
        raise ValidationError(errors)

    held = outcome == S.Status.HELD
    cancelled = outcome == S.Status.CANCELLED
    values = {
        "status": outcome,
        "theme_id": chosen_theme.pk if held and chosen_theme else None,
        "activities": activities if held else "",
        "observations": observations,
        "next_steps": next_steps,
        "cancelled_by": cancelled_by if cancelled else "",
        "cancel_reason": cancel_reason if cancelled else "",
    }
    unchanged_rows = all(
        (rows[pk].attended, rows[pk].child_voice, rows[pk].notes) == row_values
        for pk, row_values in cleaned.items()
    )
    if (
        session.review == S.Review.AWAITING
        and unchanged_rows
        and all(getattr(session, field) == value for field, value in values.items())
    ):
        # Sent again unchanged while it waits for review: nothing to save or tell.
        draft_discard(user=by, record=session)
        return session

    first_time = session.review == S.Review.NOT_LOGGED
    session.status = outcome
    session.theme = chosen_theme if outcome == S.Status.HELD else None
    session.activities = activities if outcome == S.Status.HELD else ""
    session.observations = observations
    session.next_steps = next_steps
    session.cancelled_by = cancelled_by if outcome == S.Status.CANCELLED else ""
    session.cancel_reason = cancel_reason if outcome == S.Status.CANCELLED else ""
    session.logged_at = timezone.now()
    session.logged_by = by
    session.review = S.Review.AWAITING
    session.reviewed_at = None
    session.reviewed_by = None
    session._change_reason = "logged" if first_time else "re-submitted"
    with acting_as(by):
        session.save()
        for child_id, (attended, voice, notes) in cleaned.items():
            row = rows[child_id]
            if (row.attended, row.child_voice, row.notes) != (attended, voice, notes):
                row.attended, row.child_voice, row.notes = attended, voice, notes
                row.save(update_fields=["attended", "child_voice", "notes"])
    draft_discard(user=by, record=session)  # the notes are saved: the student's draft ends
    if outcome == S.Status.HELD and plan.status == DirectWorkPlan.Status.AGREED:
        plan_transition(plan=plan, name="start", by=by)
    _tell_educators(session, by=by, children=[rows[pk].child for pk in sorted(rows)])
    return session


def _educators(session: DirectWorkSession, student: User) -> list[User]:
    """The practice educators overseeing `student`'s current work with the plan's
    children (any PE on current work with them if none)."""
    allocations = Allocation.objects.filter(
        allocation_current(), child__plan_memberships__plan=session.plan
    ).select_related("practice_educator")
    mine = [a.practice_educator for a in allocations if a.student_id == student.pk]
    people = mine or [a.practice_educator for a in allocations]
    return list({person.pk: person for person in people}.values())


def _tell_educators(session: DirectWorkSession, *, by: User, children) -> None:
    what = describe(session, children)
    url = reverse("casework:session_detail", args=[session.pk])
    for educator in _educators(session, by):
        if educator.pk != by.pk:
            notify(
                user=educator,
                title=f"{what[:1].upper()}{what[1:]} is ready for review",
                body=f"{by} logged {what} ({long_date(session.planned_on)}). "
                "Review the notes, or return them with comments.",
                url=url,
                kind="casework",
            )


REVIEW_DECISIONS = ("reviewed", "returned")


@transaction.atomic
def session_review(
    *, session: DirectWorkSession, by: User, decision: str, comments: str = ""
) -> DirectWorkSession:
    """The practice educator marks a logged session reviewed, or returns it to the
    student with comments (required). A reviewed session is read-only."""
    session = locked_session(session)
    require_object_permission(by, session, scope="casework.view_session")
    if not by.has_perm("casework.review_session", session):
        raise PermissionDenied(
            "Only the practice educator overseeing the work reviews its session notes."
        )
    if session.review != S.Review.AWAITING:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: "This session is not waiting for review: it is "
                f"{session.get_review_display().lower()}."
            }
        )
    comments = (comments or "").strip()
    errors = {}
    if decision not in REVIEW_DECISIONS:
        errors["decision"] = ["Choose whether the notes are reviewed or returned to the student."]
    elif decision == "returned" and not comments:
        errors["comments"] = ["Write what the student should change before you return the notes."]
    if errors:
        raise ValidationError(errors)
    session.review = S.Review.REVIEWED if decision == "reviewed" else S.Review.RETURNED
    if comments or decision == "returned":
        session.review_comments = comments
    session.reviewed_at = timezone.now()
    session.reviewed_by = by
    session._change_reason = decision
    with acting_as(by):
        session.save()
    # "Ready for review" told the educator about the session: done now.
    notifications_done_for(user=by, url=reverse("casework:session_detail", args=[session.pk]))
    student = session.logged_by
    if student is not None and student.pk != by.pk and student.has_role(Role.STUDENT):
        children = [row.child for row in session.attendance.select_related("child")]
        what = describe(session, children)
        if decision == "returned":
            notify(
                user=student,
                title=f"{what[:1].upper()}{what[1:]} was returned with comments",
                body=f"{by} returned your notes of {what}. Read the comments, change the "
                "notes and submit them again.",
                url=reverse("casework:session_log", args=[session.pk]),
                kind="casework",
            )
        else:
            notify(
                user=student,
                title=f"{what[:1].upper()}{what[1:]} was reviewed",
                body=f"{by} reviewed your notes of {what}.",
                url=reverse("casework:session_detail", args=[session.pk]),
                email=False,
                kind="casework",
            )
    return session
