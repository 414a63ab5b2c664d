""" "Waiting for you": what each role's dashboard lists first (issue 22, requirement 2).

Portal imports no app (docs/architecture.md), so each app registers its items at
start-up with `waiting_item(role, key, label, count=..., order=...)`. `count(user)`
answers a `Waiting`: how many things wait for the user and the address of a page
that shows exactly those (the thing itself when there is one), in a fixed number
of queries however many there are. An item about placements may also give
`placements(user)`, the user's placements with such work: the placements list
then offers it as a filter (`?waiting=<key>`), so a count spread over several
placements still lands on a list of exactly those.

The panel shows the items with a count above 0, in `order`; with none, a short
"Nothing is waiting for you" line (portal/dashboard/_waiting.html).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Waiting:
    """What `count(user)` answers: how many, and where they are."""

    count: int
    url: str = ""


NOTHING = Waiting(0)


@dataclass(frozen=True)
class WaitingItem:
    role: str
    key: str
    label: str
    count: Callable[[Any], Waiting]
    order: int = 50
    placements: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Shown:
    """One line of the list: the item and what it counted for this user."""

    key: str
    label: str
    count: int
    url: str


_items: dict[str, list[WaitingItem]] = {}


def waiting_item(
    role: str,
    key: str,
    label: str,
    *,
    count: Callable[[Any], Waiting],
    order: int = 50,
    placements: Callable[[Any], Any] | None = None,
) -> None:
    """Register an item of the "Waiting for you" list of `role` (once per key)."""
    items = _items.setdefault(role, [])
    items[:] = [item for item in items if item.key != key]
    items.append(WaitingItem(role, key, label, count, order, placements))
    items.sort(key=lambda item: (item.order, item.key))


def has_waiting_items(role: str) -> bool:
    return bool(_items.get(role))


def waiting_for(user, role: str) -> list[Shown]:
    """The items of `role` with something waiting for `user`, in order."""
    shown = []
    for item in _items.get(role, []):
        found = item.count(user)
        if found.count > 0:
            shown.append(Shown(item.key, item.label, found.count, found.url))
    return shown


def placement_filters(user=None) -> list[tuple[str, str]]:
    """(key, label) of the items that narrow the placements list, for its filter:
    those of the roles `user` holds (of every role without a user)."""
    seen: dict[str, str] = {}
    for role, items in _items.items():
        if user is not None and not user.has_role(role):
            continue
        for item in items:
            if item.placements is not None:
                seen.setdefault(item.key, item.label)
    return sorted(seen.items(), key=lambda pair: pair[1])


def placements_waiting(user, key: str):
    """The placements with `key`'s work waiting for `user` (a queryset, or None when
    no item of that key narrows placements)."""
    for role, items in _items.items():
        if not user.has_role(role):
            continue
        for item in items:
            if item.key == key and item.placements is not None:
                return item.placements(user)
    return None
