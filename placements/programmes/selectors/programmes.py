"""Reads of programmes."""

from __future__ import annotations

from ..models import Programme


def programme_for_slug(slug: str) -> Programme | None:
    return Programme.objects.select_related("provider").filter(slug=slug).first()


def certified_leaders_now() -> int:
    """Leaders of any programme holding a certificate valid today (a certificate
    number counted once): the figure editors can show on public pages (issue 19, R5)."""
    from django.utils import timezone

    from ..models import Leader

    today = timezone.localdate()
    return (
        Leader.objects.filter(issued_on__lte=today, expires_on__gte=today)
        .values("certificate_number")
        .distinct()
        .count()
    )
