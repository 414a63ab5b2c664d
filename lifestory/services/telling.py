"""Who hears about a move of a book or its letter, and the one way they are told
(portal.services.notify, the child named by reference only)."""

from __future__ import annotations

from placements.casework.selectors.requests import members
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.services import notify_each
from portal.transitions import apply_transition

from ..models import LifeStoryBook

WRITERS = "writers"
MANAGERS = "managers"
EVERYONE = "everyone"


def audience(book: LifeStoryBook, who: str) -> list[User]:
    writers = [p for p in (book.worker, book.co_worker) if p is not None]
    if who == WRITERS:
        return writers
    managers = members(book.child.held_by, Role.TEAM_MANAGER)
    return managers if who == MANAGERS else [*writers, *managers]


# --- the wording both tables' moves share (portal.transitions.apply_transition) ------


def not_now(noun: str):
    """The refusal of a move the record's status does not allow."""
    return lambda transition, record: (
        f"This {noun} is {record.get_status_display().lower()}: "
        f"“{transition.label}” is not possible now."
    )


def reason_asked(messages: dict[str, str]):
    return lambda transition: messages.get(transition.name, "Enter the reason.")


def move_and_reason(transition, reason: str) -> str:
    """The history's change reason: the move, and why when a reason was given."""
    return f"{transition.name}: {reason}" if reason else transition.name


def tell_move(told: dict, name: str, *, book: LifeStoryBook, by: User, reason: str, url: str):
    """Tell the people of move `name` in `told` ({name: (title, body, who)}), if any."""
    if name not in told:
        return
    title, body, who = told[name]
    words = {"reference": book.child.reference, "reason": reason}
    notify_each(
        audience(book, who),
        by=by,
        title=title.format(**words),
        body=body.format(**words),
        url=url,
        kind="life_story",
    )


def apply_move(*, table, record, name: str, by: User, reason: str, noun: str, messages, **hooks):
    """portal.transitions.apply_transition with the wording every lifestory move
    shares (its refusal names the `noun`; `messages` ask for a missing reason)."""
    return apply_transition(
        table=table,
        record=record,
        name=name,
        by=by,
        reason=reason,
        refusal=not_now(noun),
        reason_message=reason_asked(messages),
        change_reason=move_and_reason,
        **hooks,
    )
