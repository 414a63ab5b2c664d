"""Reads about later-life letters (issue 17, R5). Who sees a letter is who sees its
book (selectors.books.book_scope): the pages load the book first."""

from __future__ import annotations

from ..models import LaterLifeLetter, LifeStoryBook


def current_letter(book: LifeStoryBook) -> LaterLifeLetter | None:
    """The newest version of the book's letter (the one being written or approved)."""
    return (
        LaterLifeLetter.objects.filter(book=book)
        .select_related("approved_by")
        .order_by("-number")
        .first()
    )


def approved_letters(book: LifeStoryBook) -> list[LaterLifeLetter]:
    """Every signed and locked version of the book's letter, oldest first."""
    return list(
        LaterLifeLetter.objects.filter(book=book, locked_at__isnull=False)
        .select_related("approved_by")
        .order_by("number")
    )
