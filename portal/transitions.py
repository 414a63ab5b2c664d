"""The one transition engine: the shape of a status transition table and the
one function that applies a move (DESIGN.md: one table per model, one engine).

Each app keeps its table as data beside its models (placements/transitions.py,
supervision/transitions.py, casework's transitions package, the concern steps):
every move names the statuses it is allowed from, who may take it (a `rules`
predicate on the record, or a permission), whether it needs a reason and the
checks that must pass. Pages and the API read the tables to know which buttons
to offer; `apply_transition` applies a move the same way for every model: lock
the row, check the status, the person, the reason and the checks, save the
status (simple-history records who, and the move as the change reason), then
tell the people concerned. A refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from rules.predicates import Predicate

from portal.audit.context import acting_as

Check = Callable[[Any], list[str]]


class TransitionNotAllowed(ValidationError):
    """The table has no such move from the record's status (or the move is taken
    another way, by signing or by writing a record).

    A ValidationError, so pages show it like any refusal; the API answers 409.
    Every app raises this one class.
    """


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button, e.g. "Confirm placement"
    sources: frozenset[str]  # the statuses the move is allowed from
    target: str
    who_text: str  # who may take it, in words, for refusals and confirmation pages
    explanation: str  # what happens, shown before the person confirms
    # Who may take it: a `rules` predicate on the record...
    who: Predicate | None = None
    # ...or a permission (checked on the record, or on what the caller names).
    permission: str = ""
    needs_reason: bool = False
    checks: tuple[Check, ...] = field(default=())
    # A further condition on the record for the move to be possible from its
    # state (a concern's stage); a record failing it is refused like a wrong status.
    only_if: Callable[[Any], bool] | None = None
    signs: str = ""  # the signature capacity this move is taken by, if any
    # Moves that end something for good use the warning button style.
    warning: bool = False
    done: str = ""  # past participle for refusals: "A suspended placement cannot be <done>."
    # What the person is told once they have taken the move, in plain words:
    # "You sent the observation to the student for their reflection and signature."
    # Every page that takes a move shows this one message (never a status label).
    done_message: str = ""
    # The record whose writing takes the move (placements.transitions.RecordedBy):
    # only the service that writes it applies the move, passing it as `recorded_with`.
    recorded_by: Any = None

    def allowed_from(self, status: str) -> bool:
        return status in self.sources

    def allowed_for(self, record) -> bool:
        return self.allowed_from(record.status) and (self.only_if is None or self.only_if(record))


def available(table: Mapping[str, Transition], record, user) -> list[Transition]:
    """The moves `user` may offer on `record` now (checks are run when applied)."""
    return [t for t in table.values() if t.allowed_for(record) and t.who(user, record)]


def _lock_row(record):
    # Only the record's row: PostgreSQL refuses FOR UPDATE on the nullable side
    # of an outer join, so nothing is joined here.
    return type(record)._base_manager.select_for_update(of=("self",)).get(pk=record.pk)


def _not_from(transition: Transition, record) -> str:
    return (
        f"“{transition.label}” is not possible while this is {record.get_status_display().lower()}."
    )


def _only(transition: Transition, record) -> str:
    return f"Only {transition.who_text} can do this."


def apply_transition(
    *,
    table: Mapping[str, Transition],
    record,
    name: str,
    by,
    reason: str = "",
    recorded_with=None,
    lock: Callable[[Any], Any] = _lock_row,
    guard: Callable[[Any], None] | None = None,
    refusal: Callable[[Transition, Any], str] = _not_from,
    denial: Callable[[Transition, Any], str] = _only,
    permission_of: Callable[[Any], Any] | None = None,
    reason_field: str = "reason",
    reason_message: str | Callable[[Transition], str] = "Enter the reason.",
    vet: Callable[[Any, Transition, str], None] | None = None,
    record_fields: Callable[[Any, Transition, str], Sequence[str] | None] | None = None,
    change_reason: Callable[[Transition, str], str] | None = None,
    after_save: Callable[[Any, Transition], None] | None = None,
    tell: Callable[[Any, Transition, str, str], None] | None = None,
    unknown_field: str = "transition",
):
    """Take the move `name` of `table` on `record` for `by`. Returns the record as
    saved (a fresh instance, re-read under the row lock).

    In one transaction, in this order (a refusal raises and changes nothing):
    `lock` re-reads the row with select_for_update; `guard(record)` raises any
    refusal of the record itself (out of scope, locked); the move must be allowed
    from the status (TransitionNotAllowed, worded by `refusal`); `by` must be
    allowed to take it (PermissionDenied, worded by `denial`); a move recorded by
    another record needs it as `recorded_with`; a needed reason must be given
    (ValidationError on `reason_field`); `vet(record, transition, reason)` raises
    any refusal of the input (free text naming a child); every check runs and
    all their problems are listed in one ValidationError.

    Then `record_fields(record, transition, reason)` sets what the move records
    besides the status and returns those field names (None: save every field);
    the status is saved as `by` with the move's name (or `change_reason`) as the
    history's change reason; `after_save(record, transition)` does what follows
    as `by` (generating sessions, locking a signed record); and
    `tell(record, transition, previous_status_label, reason)` notifies people.
    `tell` runs once the change is saved, inside the same transaction, so a
    refused or rolled-back change tells nobody; emails leave only after commit
    (portal.services.notify enqueues them on commit).
    """
    transition = table.get(name)
    if transition is None:
        raise ValidationError({unknown_field: f"There is no step called “{name}”."})
    with transaction.atomic():
        record = lock(record)
        if guard is not None:
            guard(record)
        if not transition.allowed_for(record):
            raise TransitionNotAllowed(refusal(transition, record))
        if transition.permission:
            subject = record if permission_of is None else permission_of(record)
            allowed = by.has_perm(transition.permission, subject)
        else:
            allowed = transition.who is not None and transition.who(by, record)
        if not allowed:
            raise PermissionDenied(denial(transition, record))
        recorded_by = transition.recorded_by
        if recorded_by is not None and not recorded_by.records(recorded_with, record):
            raise TransitionNotAllowed(
                f"This step is taken by recording {recorded_by.record}, on its own page."
            )
        reason = (reason or "").strip()
        if transition.needs_reason and not reason:
            message = reason_message(transition) if callable(reason_message) else reason_message
            raise ValidationError({reason_field: message})
        if vet is not None:
            vet(record, transition, reason)
        problems = [problem for check in transition.checks for problem in check(record)]
        if problems:
            raise ValidationError(problems)
        previous = record.get_status_display()
        fields = record_fields(record, transition, reason) if record_fields else ()
        record.status = transition.target
        record._change_reason = (
            change_reason(transition, reason) if change_reason else transition.name
        )
        with acting_as(by):
            if fields is None:
                record.save()
            else:
                record.save(update_fields=["status", *fields])
            if after_save is not None:
                after_save(record, transition)
        if tell is not None:
            tell(record, transition, previous, reason)
    return record
