"""Targets of the Life Story Book forms (the demo books of Maya and Kai)."""

from __future__ import annotations

from .common import Target


def _book(first_name: str):
    from lifestory.models import LifeStoryBook

    return LifeStoryBook.objects.get(child__first_name=first_name)


def _first_chapter(first_name: str):
    from lifestory.selectors.books import chapters_of, current_version

    return chapters_of(current_version(_book(first_name)))[0]


def mayas_book() -> Target:
    return Target({"pk": _book("Maya").pk})


def mayas_chapter() -> Target:
    chapter = _first_chapter("Maya")
    return Target({"pk": chapter.version.book_id, "chapter": chapter.pk})


def mayas_photo() -> Target:
    book = _book("Maya")
    return Target({"pk": book.pk, "photo": book.media.order_by("pk").first().pk})


def kais_chapter() -> Target:
    chapter = _first_chapter("Kai")
    return Target({"pk": chapter.version.book_id, "chapter": chapter.pk})


def kais_letter() -> Target:
    """Kai's later-life letter, a draft its worker writes (the page is the book's)."""
    return Target({"pk": _book("Kai").pk})
