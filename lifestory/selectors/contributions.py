"""Reads about contribution links and what arrived through them (issue 17, R4)."""

from __future__ import annotations

from django.db.models import Prefetch

from ..models import Contribution, ContributionLink, LifeStoryBook, MediaItem
from ..models.contributions import token_hash


def link_for_token(raw: str) -> ContributionLink | None:
    """The link whose token is `raw` (only its hash is stored), or None."""
    if not raw or len(raw) > 100:
        return None
    return (
        ContributionLink.objects.select_related("book", "book__child", "book__worker")
        .filter(token_hash=token_hash(raw))
        .first()
    )


def links_of(book: LifeStoryBook) -> list[ContributionLink]:
    return list(
        ContributionLink.objects.filter(book=book).select_related("created_by", "revoked_by")
    )


def waiting_contributions(book: LifeStoryBook) -> list[Contribution]:
    """What arrived and is still in the quarantine list, with the photos still waiting."""
    waiting = MediaItem.objects.filter(status=MediaItem.Status.QUARANTINE).order_by("pk")
    return list(
        Contribution.objects.filter(link__book=book)
        .select_related("link")
        .prefetch_related(Prefetch("media", queryset=waiting, to_attr="waiting"))
        .order_by("received_at", "pk")
    )


def photos_received(link: ContributionLink) -> int:
    return MediaItem.objects.filter(contribution__link=link).count()


def contributions_section(user, book: LifeStoryBook) -> dict:
    """What the book page's "Contributions" section shows (only to the book's writers)."""
    if not user.has_perm("lifestory.manage_contributions", book):
        return {"contributions_shown": False}
    return {
        "contributions_shown": True,
        "contribution_links": links_of(book),
        "contributions_waiting": waiting_contributions(book),
    }
