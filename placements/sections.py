"""Sections that later apps add to the placement page (placements.views.lifecycle).

Placements never imports those apps (docs/architecture.md): each registers, at
start-up, a template and a function(placement, user) -> dict | None feeding it,
the way casework's parts add sections to a child's page. The sections come after
the reviews, in `order`; their template reads its context as `section`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SectionProvider = Callable[..., dict | None]


@dataclass(frozen=True)
class _Section:
    order: int
    template: str
    provider: SectionProvider


_sections: list[_Section] = []


def placement_page_section(template: str, *, order: int = 50):
    """Register a function(placement, user) -> dict | None that feeds one section of
    the placement page; None leaves the section out. Each provider keeps to a fixed
    number of queries."""

    def decorate(provider: SectionProvider) -> SectionProvider:
        if not any(section.template == template for section in _sections):
            _sections.append(_Section(order, template, provider))
            _sections.sort(key=lambda section: (section.order, section.template))
        return provider

    return decorate


def sections_for(placement, user) -> list[dict]:
    shown = []
    for section in _sections:
        context = section.provider(placement, user)
        if context is not None:
            shown.append({"template": section.template, **context})
    return shown
