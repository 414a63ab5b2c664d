"""The signed-in home: one panel per role the user holds.

Each app adds what its panel shows with `panel_context(role)`; the panel's
template is `portal/dashboard/<role>.html`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portal.accounts.roles import Role

PanelContext = Callable[[Any], dict]
_providers: dict[str, list[PanelContext]] = {}


def panel_context(role: str):
    """Register a function(user) -> dict that feeds the panel for `role`."""

    def decorate(func: PanelContext) -> PanelContext:
        _providers.setdefault(role, []).append(func)
        return func

    return decorate


@dataclass
class Panel:
    role: str
    title: str
    organisations: list
    template: str
    context: dict = field(default_factory=dict)


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
                template=f"portal/dashboard/{role.value}.html",
                context=context,
            )
        )
    return panels
