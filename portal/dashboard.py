"""The signed-in home: one panel per role the user holds.

Portal imports no app (docs/architecture.md), so each app fills the panels at
start-up: `panel_context(role)` adds what a panel knows, `panel_template(role,
template, order=...)` adds a part of the page that shows it. A panel shows
portal's own part first (`portal/dashboard/<role>.html`, for the roles in
PORTAL_PARTS), then the apps' parts in order. Before them all, for the roles
with items in portal.waiting, the "Waiting for you" list (portal/dashboard/_waiting.html).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portal.accounts.roles import Role

from .waiting import Shown, has_waiting_items, waiting_for

PanelContext = Callable[[Any], dict]
_providers: dict[str, list[PanelContext]] = {}
_parts: dict[str, list[tuple[int, str]]] = {}

# Roles whose panel has a part of portal's own (templates/portal/dashboard/<role>.html).
PORTAL_PARTS = frozenset({Role.ADMIN, Role.EDITOR})


def panel_context(role: str):
    """Register a function(user) -> dict that feeds the panel for `role`."""

    def decorate(func: PanelContext) -> PanelContext:
        _providers.setdefault(role, []).append(func)
        return func

    return decorate


def panel_template(role: str, template: str, *, order: int = 50) -> None:
    """Register `template` as a part of the panel for `role`, shown after portal's own
    part in `order` (then by name). It reads the panel as `panel`: `panel.context`
    holds what the providers gave."""
    parts = _parts.setdefault(role, [])
    if all(registered != template for _, registered in parts):
        parts.append((order, template))
        parts.sort()


@dataclass
class Panel:
    role: str
    title: str
    organisations: list
    template: str  # portal's own part; "" when it has none for the role
    context: dict = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)  # the apps' parts, in order
    # "Waiting for you" (portal.waiting): shown when the role has items at all;
    # `waiting` holds those with something waiting.
    shows_waiting: bool = False
    waiting: list[Shown] = field(default_factory=list)


def panels_for(user) -> list[Panel]:
    organisations: dict[str, list] = {}
    for membership in user.active_memberships:
        organisations.setdefault(membership.role, []).append(membership.organisation)
    panels = []
    for role in Role:  # a stable order: the order roles are listed in
        if role not in organisations:
            continue
        context: dict = {}
        for provider in _providers.get(role, []):
            context.update(provider(user))
        panels.append(
            Panel(
                role=role,
                title=role.label,
                organisations=organisations[role],
                template=f"portal/dashboard/{role.value}.html" if role in PORTAL_PARTS else "",
                context=context,
                parts=[part for _, part in _parts.get(role, [])],
                shows_waiting=has_waiting_items(role),
                waiting=waiting_for(user, role),
            )
        )
    return panels
