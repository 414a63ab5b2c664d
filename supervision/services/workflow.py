"""Applying the transition tables, signing, locking and amending.

The one function that changes the status of a supervision record or an
observation is `apply_transition`, which applies the record's table with the one
engine (portal.transitions); signing is `sign_record`, which takes the
table's signing move. The last signature locks the record (portal.locking),
after which nothing changes it; a correction is `amend_record`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from placements.services.anonymisation import refuse_child_names
from portal import signatures
from portal import transitions as engine
from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.locking import RecordLocked, amend, lock
from portal.services import notifications_done_for, notify
from portal.transitions import Transition, TransitionNotAllowed

from ..models import Observation, SupervisionSession
from ..transitions import table_for


def record_url(record) -> str:
    if isinstance(record, SupervisionSession):
        return reverse("supervision:session_detail", args=[record.pk])
    return reverse("supervision:observation_detail", args=[record.pk])


def sentence(text: str) -> str:
    """`text` with its first letter capitalised (str.capitalize would lower the month)."""
    return text[:1].upper() + text[1:]


def describe(record) -> str:
    """'the supervision record of 3 November 2026' / 'the direct observation of ...'."""
    kind = "supervision record" if isinstance(record, SupervisionSession) else "direct observation"
    return f"the {kind} of {long_date(record.date)}"


def locked_for_update(record):
    """The record re-read and locked for the transaction, with what signing needs."""
    model = type(record)
    related = ["placement", "placement__student", "placement__practice_educator"]
    if model is Observation:
        related.append("observer")
    # Only the record's row: PostgreSQL refuses FOR UPDATE on the nullable side
    # of an outer join (a placement without a practice educator).
    locked = model._base_manager.select_for_update(of=("self",))
    return locked.select_related(*related).get(pk=record.pk)


def refuse_if_locked(record) -> None:
    if record.is_locked:
        raise RecordLocked()


def _other_people(record, by: User) -> list[User]:
    people = [person for _, person in record.signature_capacities() if person is not None]
    return [person for person in {p.pk: p for p in people}.values() if person.pk != by.pk]


def _refusal(transition: Transition, status_label: str) -> str:
    return f"“{transition.label}” is not possible while the record is {status_label.lower()}."


def apply_transition(*, record, name: str, by: User, reason: str = "", _signing: bool = False):
    """Take the move `name` on `record` for `by`. Returns the record as saved.

    Refused (nothing changes): a locked record (RecordLocked), a move the table
    does not allow from the status (TransitionNotAllowed), someone the move is
    not for (PermissionDenied), a missing reason or a failed check
    (ValidationError listing every problem). Signing moves are taken only
    through sign_record.
    """
    table = table_for(record)
    transition = table.get(name)
    if transition is not None and transition.signs and not _signing:
        raise TransitionNotAllowed("This step is taken by signing the record.")

    def vet(record, transition: Transition, reason: str) -> None:
        if transition.needs_reason:
            refuse_child_names(placement=record.placement, texts={"reason": reason})

    def record_reason(record, transition: Transition, reason: str) -> list[str]:
        if transition.needs_reason:
            record.status_reason = reason
            return ["updated_at", "status_reason"]
        return ["updated_at"]

    def after_save(record, transition: Transition) -> None:
        if transition.name in ("take_back", "send_back"):
            signatures.clear_signatures(record=record)

    return engine.apply_transition(
        table=table,
        record=record,
        name=name,
        by=by,
        reason=reason,
        lock=locked_for_update,
        guard=refuse_if_locked,
        refusal=lambda transition, record: _refusal(transition, record.get_status_display()),
        vet=vet,
        record_fields=record_reason,
        after_save=after_save,
        tell=lambda record, transition, previous, reason: _tell(
            record, transition, by=by, previous=previous, reason=reason
        ),
    )


def sign_record(*, record, by: User):
    """`by` signs `record` in their capacity; the last signature locks it."""
    with transaction.atomic():
        record = locked_for_update(record)
        refuse_if_locked(record)
        table = table_for(record)
        move = next((t for t in table.values() if t.signs and t.allowed_from(record.status)), None)
        if move is None:
            raise TransitionNotAllowed(
                f"{sentence(describe(record))} is {record.get_status_display().lower()}: "
                "it is not waiting for a signature."
            )
        required = dict(record.signature_capacities())
        if required.get(move.signs) is None or required[move.signs].pk != by.pk:
            raise PermissionDenied(f"It is {move.who_text}'s turn to sign.")
        record = apply_transition(record=record, name=move.name, by=by, _signing=True)
        with acting_as(by):
            signatures.sign(record=record, signer=by, capacity=move.signs)
            if signatures.is_fully_signed(record):
                lock(record)
        # The signer's notifications about the record asked for this: done now.
        notifications_done_for(user=by, url=record_url(record))
    return record


@transaction.atomic
def reflection_save(*, record, by: User, reflection: str, permission: str, sent_by: str):
    """The student writes their reflection on a record that waits for them (supervision
    records and observations alike: both are reflected on, then signed)."""
    record = locked_for_update(record)
    refuse_if_locked(record)
    if not by.has_perm(permission, record):
        raise PermissionDenied("Only the student adds their reflection.")
    if record.status != type(record).Status.AWAITING_STUDENT:
        raise ValidationError(
            f"You add your reflection when {sent_by} has sent you {describe(record)}; it is "
            f"{record.get_status_display().lower()}."
        )
    reflection = (reflection or "").strip()
    if not reflection:
        raise ValidationError({"student_reflection": "Write your reflection."})
    refuse_child_names(
        placement=record.placement,
        texts={"student_reflection": reflection},
        labels={"student_reflection": "reflection"},
    )
    record.student_reflection = reflection
    with acting_as(by):
        record.save(update_fields=["student_reflection", "updated_at"])
    return record


def amend_record(*, record, by: User, reason: str, copy_parts) -> object:
    """Start an amendment of the locked `record`: a new draft linked to it.

    `copy_parts(original, correction)` copies the record's parts (actions,
    domain feedback...). The people who signed are told; both sign the
    correction again. The original stays locked and readable.
    """
    with transaction.atomic():
        record = locked_for_update(record)
        refuse_child_names(placement=record.placement, texts={"reason": reason})

        def copy(original):
            correction = type(original)._base_manager.get(pk=original.pk)
            correction.status = type(original).Status.DRAFT
            correction.status_reason = ""
            return correction

        with acting_as(by):
            correction = amend(record=record, reason=reason, copy=copy)
            copy_parts(record, correction)
        for person in _other_people(record, by):
            notify(
                user=person,
                title=f"{sentence(describe(record))} is being amended",
                body=f"{by} started an amendment: “{correction.amendment_reason}”. You will be "
                "asked to sign the corrected version; the original stays on record.",
                url=record_url(correction),
                kind="observations" if isinstance(record, Observation) else "supervision",
            )
    return correction


_TELL = {
    "move": "{by} moved the session to {when}. Reason: {reason}",
    "cancel": "{by} cancelled {what}. Reason: {reason}",
    "send_to_student": "{by} sent you {what}: add your reflection and sign it.",
    "student_sign": "{by} signed {what}: it is waiting for your signature.",
    "educator_sign": "{what} is signed by you both and locked.",
    "observer_sign": "{what} is signed by you both and locked.",
    "send_back": "{by} asked for changes to {what}: {reason}",
    "take_back": "{by} took back {what} to edit it: {reason}",
}


def _tell(record, transition: Transition, *, by: User, previous: str, reason: str) -> None:
    template = _TELL.get(transition.name)
    if template is None:
        return
    when = long_date(record.date)
    if isinstance(record, SupervisionSession):
        when = f"{when} at {record.starts_at:%H:%M}"
    body = template.format(by=by, what=describe(record), when=when, reason=reason)
    title = f"{sentence(describe(record))}: {record.get_status_display().lower()}"
    for person in _other_people(record, by):
        notify(
            user=person,
            title=title[:200],
            body=body[0].upper() + body[1:],
            url=record_url(record),
            kind="observations" if isinstance(record, Observation) else "supervision",
        )
