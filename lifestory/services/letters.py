"""Writes to later-life letters (issue 17, R5): the letter to the child to read
when older, with its own review and approval.

`letter_start` starts a book's one letter (version 1), `letter_update` writes
it while it is a draft, and `letter_transition` is the one function that
changes its status (transitions.LETTER_TRANSITIONS). Approval signs and locks
the version (portal.signatures, portal.locking); an amendment makes the next
version, copied from it (portal.locking.amend), and the approved one stays as
it was signed. The text is kept as typed and shown through writing.to_html.
Notifications name the child by reference only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.locking import RecordLocked, amend, lock
from portal.permissions import require_object_permission
from portal.signatures import sign
from portal.transitions import Transition

from ..models import LaterLifeLetter, LifeStoryBook
from ..selectors.letters import current_letter
from ..transitions import LETTER_TRANSITIONS
from .books import locked_book
from .telling import (
    EVERYONE,
    MANAGERS,
    WRITERS,
    apply_move,
    tell_move,
)

L = LaterLifeLetter.Status
LONGEST_LETTER = 20_000
LONGEST_GREETING = 120

REASON_MESSAGES = {
    "request_changes": "Enter what needs to change before the letter is approved.",
    "amend": "Enter the reason for changing the approved letter.",
}


def letter_url(book: LifeStoryBook) -> str:
    return reverse("lifestory:book_detail", args=[book.pk]) + "#later-life-letter"


def _require_writer(by: User, book: LifeStoryBook) -> None:
    require_object_permission(by, book, scope="lifestory.view_lifestorybook")
    if not by.has_perm("lifestory.write_letter", book):
        raise PermissionDenied("Only the book's worker and co-worker write the later-life letter.")


@transaction.atomic
def letter_start(*, by: User, book: LifeStoryBook) -> LaterLifeLetter:
    """Start the book's later-life letter (the book's worker or co-worker). A book has
    one letter: a later change to it is a new version of that letter."""
    _require_writer(by, book)
    book = locked_book(book)  # two starts at once: the second waits, then is refused
    if LaterLifeLetter.objects.filter(book=book).exists():
        raise ValidationError("This book already has its later-life letter.")
    with acting_as(by):
        return LaterLifeLetter.objects.create(
            book=book, number=1, addressed_to=f"Dear {book.child.first_name}"
        )


def locked_letter(letter: LaterLifeLetter) -> LaterLifeLetter:
    return (
        LaterLifeLetter.objects.select_for_update(of=("self",))
        .select_related("book", "book__child", "book__child__held_by")
        .get(pk=letter.pk)
    )


@transaction.atomic
def letter_update(
    *, by: User, letter: LaterLifeLetter, addressed_to: str, body: str
) -> LaterLifeLetter:
    """Write the letter (the book's worker or co-worker, while it is a draft)."""
    _require_writer(by, letter.book)
    letter = locked_letter(letter)
    if letter.is_locked or letter.status == L.APPROVED:
        raise RecordLocked(
            "The letter is approved and locked: change it with “Change the approved letter”."
        )
    if letter.status == L.IN_REVIEW:
        raise ValidationError(
            "The letter is with the team manager for review: it cannot change now."
        )
    if current_letter(letter.book).pk != letter.pk:
        raise RecordLocked("This is an earlier version of the letter.")
    addressed_to = " ".join((addressed_to or "").split())
    # Browsers send a textarea's lines with CRLF: kept as typed, with plain newlines.
    body = (body or "").replace("\r\n", "\n").strip()
    errors: dict[str, list[str]] = {}
    if len(addressed_to) > LONGEST_GREETING:
        errors["addressed_to"] = [f"The greeting must be {LONGEST_GREETING} characters or fewer."]
    if len(body) > LONGEST_LETTER:
        errors["body"] = [f"The letter must be {LONGEST_LETTER:,} characters or fewer."]
    if errors:
        raise ValidationError(errors)
    letter.addressed_to = addressed_to
    letter.body = body
    with acting_as(by):
        letter.save(update_fields=["addressed_to", "body", "updated_at"])
    return letter


def _copy(letter: LaterLifeLetter) -> LaterLifeLetter:
    """The next version, with the approved letter's words; it becomes a draft when the
    move is saved (its first history row is that move, with the reason)."""
    correction = LaterLifeLetter._base_manager.get(pk=letter.pk)
    correction.number = letter.number + 1
    correction.submitted_at = None
    correction.approved_at = None
    correction.approved_by = None
    correction.skip_history_when_saving = True
    return correction


def letter_transition(
    *, letter: LaterLifeLetter, name: str, by: User, reason: str = ""
) -> LaterLifeLetter:
    """Take the move `name` for `by` (see transitions.LETTER_TRANSITIONS) and return the
    letter as saved: for "amend", the new version. Refused, nothing changes: out of
    scope (Http404), a move the status does not allow (TransitionNotAllowed),
    someone the move is not for (PermissionDenied), a missing reason or an unmet
    check (ValidationError)."""
    if name in LETTER_TRANSITIONS:
        require_object_permission(by, letter.book, scope="lifestory.view_lifestorybook")

    def lock_row(letter: LaterLifeLetter) -> LaterLifeLetter:
        letter = locked_letter(letter)
        if name != "amend" or letter.status != L.APPROVED or not (reason or "").strip():
            return letter  # the engine refuses (the status, the person or the reason)
        # An amendment is taken by the new version: it starts as the approved copy,
        # and the engine checks who may amend and moves it to draft.
        correction = amend(record=letter, reason=reason, copy=_copy)
        del correction.skip_history_when_saving
        return correction

    def record(letter: LaterLifeLetter, transition: Transition, reason: str) -> list[str]:
        if transition.name == "submit":
            letter.submitted_at = timezone.now()
            return ["submitted_at"]
        if transition.name == "approve":
            letter.approved_by = by
            letter.approved_at = timezone.now()
            return ["approved_by", "approved_at"]
        return []

    def after_save(letter: LaterLifeLetter, transition: Transition) -> None:
        if transition.name == "approve":
            sign(record=letter, signer=by, capacity="team manager")
            lock(letter)

    return apply_move(
        table=LETTER_TRANSITIONS,
        noun="letter",
        messages=REASON_MESSAGES,
        record=letter,
        name=name,
        by=by,
        reason=reason,
        lock=lock_row,
        record_fields=record,
        after_save=after_save,
        tell=lambda letter, transition, previous, reason: _tell(
            letter, transition.name, by, reason
        ),
    )


TOLD = {
    "submit": (
        "The later-life letter of {reference} is ready for review",
        "Read the letter, then approve it or ask for changes.",
        MANAGERS,
    ),
    "request_changes": (
        "Changes asked for in the later-life letter of {reference}",
        "What needs to change: {reason}",
        WRITERS,
    ),
    "approve": (
        "The later-life letter of {reference} is approved",
        "The approved letter is locked.",
        WRITERS,
    ),
    "amend": (
        "The approved later-life letter of {reference} is being changed",
        "Reason: {reason}",
        EVERYONE,
    ),
}


def _tell(letter: LaterLifeLetter, name: str, by: User, reason: str) -> None:
    book = letter.book
    tell_move(TOLD, name, book=book, by=by, reason=reason, url=letter_url(book))
