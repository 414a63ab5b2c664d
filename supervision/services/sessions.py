"""Writing supervision records: booking, the record itself, the student's
reflection, actions (open ones carry forward), moving, amending."""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from placements.models import Capability, Placement
from placements.services.anonymisation import refuse_child_names
from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.drafts import draft_discard

from ..models import SupervisionAction, SupervisionSession
from ..transitions import SESSION_TRANSITIONS
from .workflow import (
    amend_record,
    apply_transition,
    locked_for_update,
    reflection_save,
    refuse_if_locked,
)

S = SupervisionSession.Status

# The details that make up the written record (the practice educator's part).
RECORD_FIELDS = (
    "date",
    "starts_at",
    "duration_minutes",
    "arrangement",
    "mode",
    "attendees",
    *SupervisionSession.AGENDA,
    "notes",
)


def _validate(session: SupervisionSession) -> None:
    try:
        session.full_clean(exclude=["placement", "written_by", "amends"])
    except ValidationError as invalid:
        raise ValidationError(invalid.message_dict) from None
    placement = session.placement
    if not placement.starts_on <= session.date <= placement.ends_on:
        raise ValidationError(
            {
                "date": "Choose a date within the placement, "
                f"{long_date(placement.starts_on)} to "
                f"{long_date(placement.ends_on)}."
            }
        )


def _check_domains(domains) -> list[Capability]:
    domains = list(domains or [])
    wrong = [d for d in domains if d.version.framework.code != "pcf"]
    if wrong:
        raise ValidationError({"domains_discussed": "Choose PCF domains only."})
    return domains


@transaction.atomic
def session_create(
    *,
    placement: Placement,
    by: User,
    date: date,
    starts_at: time,
    duration_minutes: int = 90,
    arrangement: str = SupervisionSession.Arrangement.ONE_TO_ONE,
    mode: str = SupervisionSession.Mode.IN_PERSON,
) -> SupervisionSession:
    """The practice educator books a session outside the weekly schedule."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if not by.has_perm("supervision.add_session", placement):
        raise PermissionDenied("Only the student's practice educator books supervision.")
    if placement.status not in Placement.LIVE_STATUSES - {Placement.Status.PROPOSED}:
        raise ValidationError(
            f"Supervision is booked for confirmed and active placements; this one is "
            f"{placement.get_status_display().lower()}."
        )
    session = SupervisionSession(
        placement=placement,
        date=date,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        arrangement=arrangement,
        mode=mode,
        status=S.SCHEDULED,
    )
    _validate(session)
    with acting_as(by):
        session.save()
    return session


def _carry_forward(session: SupervisionSession) -> list[SupervisionAction]:
    """Copy the open actions of the placement's previous written record into `session`."""
    previous = (
        SupervisionSession.objects.filter(
            placement_id=session.placement_id, status__in=SupervisionSession.HELD_STATUSES
        )
        .exclude(pk=session.pk)
        .filter(amendment__isnull=True, date__lte=session.date)
        .order_by("-date", "-starts_at", "-pk")
        .first()
    )
    if previous is None:
        return []
    already = set(session.actions.values_list("carried_from_id", flat=True))
    carried = []
    for action in previous.actions.filter(done=False).exclude(pk__in=already):
        carried.append(
            SupervisionAction.objects.create(
                session=session,
                description=action.description,
                owner_id=action.owner_id,
                due_on=action.due_on,
                carried_from=action,
            )
        )
    return carried


def session_start(*, session: SupervisionSession, by: User) -> SupervisionSession:
    """The practice educator opens a scheduled session's record for writing."""
    with transaction.atomic():
        session = apply_transition(record=session, name="start", by=by)
        with acting_as(by):
            session.written_by = by
            session.save(update_fields=["written_by", "updated_at"])
            _carry_forward(session)
    return session


@transaction.atomic
def session_record_save(
    *, session: SupervisionSession, by: User, domains=None, **changes
) -> SupervisionSession:
    """The practice educator writes the record (while it is being written).

    `changes` takes any of RECORD_FIELDS; `domains` the PCF domains discussed.
    """
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"session_record_save() cannot change {', '.join(sorted(unknown))}")
    session = locked_for_update(session)
    refuse_if_locked(session)
    if not by.has_perm("supervision.change_session", session):
        raise PermissionDenied("Only the student's practice educator writes the record.")
    if session.status != S.DRAFT:
        raise ValidationError(
            f"The record can be changed while it is being written; it is "
            f"{session.get_status_display().lower()}."
            + (" Take it back to edit it." if session.status != S.SCHEDULED else "")
        )
    changes = {
        name: value.strip() if isinstance(value, str) else value for name, value in changes.items()
    }
    refuse_child_names(
        placement=session.placement,
        texts={name: value for name, value in changes.items() if isinstance(value, str)},
        model=SupervisionSession,
    )
    for name, value in changes.items():
        setattr(session, name, value)
    _validate(session)
    with acting_as(by):
        session.save()
        if domains is not None:
            session.domains_discussed.set(_check_domains(domains))
    draft_discard(user=by, record=session)  # the record is saved: the writer's draft ends
    return session


def session_reflect(
    *, session: SupervisionSession, by: User, reflection: str
) -> SupervisionSession:
    """The student writes their reflection while the record waits for them."""
    return reflection_save(
        record=session,
        by=by,
        reflection=reflection,
        permission="supervision.reflect_on_session",
        sent_by="the practice educator",
    )


def session_move(
    *, session: SupervisionSession, by: User, date: date, starts_at: time, reason: str
) -> SupervisionSession:
    """Move a scheduled session to another date and time, with a reason."""
    with transaction.atomic():
        current = locked_for_update(session)
        refuse_if_locked(current)
        move = SESSION_TRANSITIONS["move"]
        if move.allowed_from(current.status) and move.who(by, current) and (reason or "").strip():
            current.date, current.starts_at = date, starts_at
            _validate(current)
            current.from_schedule = False  # moved by hand: a new slot leaves it be
            with acting_as(by):
                current.save(update_fields=["date", "starts_at", "from_schedule", "updated_at"])
        # The new slot is saved before the move is taken, so the people told hear the
        # new date and time; any refusal by the move rolls both back.
        current = apply_transition(record=current, name="move", by=by, reason=reason)
    return current


# --- actions ----------------------------------------------------------------------


def _editable_for_actions(session: SupervisionSession, by: User) -> SupervisionSession:
    session = locked_for_update(session)
    refuse_if_locked(session)
    if not by.has_perm("supervision.change_session", session):
        raise PermissionDenied("Only the student's practice educator changes the actions.")
    if session.status != S.DRAFT:
        raise ValidationError("Actions are changed while the record is being written.")
    return session


def _action_owner_ok(session: SupervisionSession, owner: User) -> None:
    placement = session.placement
    allowed = {placement.student_id, placement.practice_educator_id, placement.onsite_supervisor_id}
    if owner.pk not in allowed:
        raise ValidationError(
            {"owner": "The owner is the student, the practice educator or the on-site supervisor."}
        )


@transaction.atomic
def action_add(
    *, session: SupervisionSession, by: User, description: str, owner: User, due_on: date
) -> SupervisionAction:
    session = _editable_for_actions(session, by)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": "Describe the action."})
    refuse_child_names(
        placement=session.placement,
        texts={"description": description},
        labels={"description": "action"},
    )
    _action_owner_ok(session, owner)
    if due_on < session.date:
        raise ValidationError({"due_on": "The due date cannot be before the session."})
    with acting_as(by):
        return SupervisionAction.objects.create(
            session=session, description=description[:300], owner=owner, due_on=due_on
        )


@transaction.atomic
def action_mark(*, action: SupervisionAction, by: User, done: bool) -> SupervisionAction:
    _editable_for_actions(action.session, by)
    action = SupervisionAction.objects.select_for_update().get(pk=action.pk)
    action.done = done
    with acting_as(by):
        action.save(update_fields=["done"])
    return action


@transaction.atomic
def action_remove(*, action: SupervisionAction, by: User) -> None:
    _editable_for_actions(action.session, by)
    with acting_as(by):
        action.delete()


# --- amendments -------------------------------------------------------------------


def _copy_session_parts(original: SupervisionSession, correction: SupervisionSession) -> None:
    correction.domains_discussed.set(original.domains_discussed.all())
    for action in original.actions.all():
        SupervisionAction.objects.create(
            session=correction,
            description=action.description,
            owner_id=action.owner_id,
            due_on=action.due_on,
            done=action.done,
            carried_from_id=action.carried_from_id,
        )


def session_amend(*, session: SupervisionSession, by: User, reason: str) -> SupervisionSession:
    """Start a correction of a locked record; it is written and signed again by both."""
    if not by.has_perm("supervision.amend_session", session):
        raise PermissionDenied("Only the student's practice educator starts an amendment.")
    return amend_record(record=session, by=by, reason=reason, copy_parts=_copy_session_parts)
