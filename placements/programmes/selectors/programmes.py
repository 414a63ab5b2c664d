"""Reads of programmes."""

from __future__ import annotations

from ..models import Programme


def programme_for_slug(slug: str) -> Programme | None:
    return Programme.objects.select_related("provider").filter(slug=slug).first()
