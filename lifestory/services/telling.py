"""Who hears about a move of a book or its letter, and the one way they are told
(portal.services.notify, the child named by reference only)."""

from __future__ import annotations

from collections.abc import Iterable

from placements.casework.selectors.requests import members
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.services import notify

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


def tell(people: Iterable[User], *, by: User, title: str, body: str, url: str) -> None:
    """Notify each active person once, never the one who acted."""
    told: set[int] = set()
    for person in people:
        if person.pk in told or person.pk == by.pk or not person.is_active:
            continue
        told.add(person.pk)
        notify(user=person, title=title, body=body, url=url)


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
    tell(
        audience(book, who),
        by=by,
        title=title.format(**words),
        body=body.format(**words),
        url=url,
    )
