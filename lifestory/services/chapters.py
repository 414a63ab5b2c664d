"""Writes to a book's chapters and the reviewer's comments (issue 17, requirements 2 and 5).

Chapters are written by the worker and the co-worker while the book is being
written (not in review, not once approved: the model's lock refuses every
channel then). Text is kept as typed and shown through writing.to_html, which lets nothing but
headings, paragraphs, bold and lists through (nh3).
The order is changed one step at a time (up or down), so it works by keyboard.
Comments are the reviewer's, in draft review; the writers answer and resolve them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.locking import RecordLocked
from portal.permissions import require_object_permission

from ..models import Chapter, ChapterComment, LifeStoryBook
from ..selectors.books import current_version
from .books import locked_book

MOST_CHAPTERS = 30
LONGEST_CHAPTER = 20_000


def _writable(by: User, book: LifeStoryBook) -> LifeStoryBook:
    require_object_permission(by, book, scope="lifestory.view_lifestorybook")
    book = locked_book(book)
    if not by.has_perm("lifestory.write_chapters", book):
        if book.status in (LifeStoryBook.Status.APPROVED, LifeStoryBook.Status.DELIVERED):
            raise RecordLocked(
                "The book is approved and locked: change it with “Change the approved book”."
            )
        if book.status == LifeStoryBook.Status.DRAFT_REVIEW:
            raise ValidationError(
                "The book is with the team manager for review: its chapters cannot change now."
            )
        raise PermissionDenied("Only the book's worker and co-worker write its chapters.")
    return book


def _book_of(chapter: Chapter) -> LifeStoryBook:
    """The chapter's book as it is now (a page may hold an older copy)."""
    return LifeStoryBook.objects.select_related("child").get(pk=chapter.version.book_id)


def _title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": ["Enter the chapter's title."]})
    if len(title) > 120:
        raise ValidationError({"title": ["The title must be 120 characters or fewer."]})
    return title


@transaction.atomic
def chapter_update(*, by: User, chapter: Chapter, title: str, body: str) -> Chapter:
    book = _writable(by, chapter.version.book)
    if chapter.version_id != current_version(book).pk:
        raise RecordLocked("This chapter belongs to an earlier version of the book.")
    chapter.title = _title(title)
    # Browsers send a textarea's lines with CRLF: kept as typed, with plain newlines.
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > LONGEST_CHAPTER:
        raise ValidationError(
            {"body": [f"A chapter must be {LONGEST_CHAPTER:,} characters or fewer."]}
        )
    chapter.body = body
    with acting_as(by):
        chapter.save()
    return chapter


@transaction.atomic
def chapter_add(*, by: User, book: LifeStoryBook, title: str) -> Chapter:
    book = _writable(by, book)
    version = current_version(book)
    if version.chapters.count() >= MOST_CHAPTERS:
        raise ValidationError({"title": [f"A book has at most {MOST_CHAPTERS} chapters."]})
    last = version.chapters.aggregate(last=Max("position"))["last"] or 0
    with acting_as(by):
        return Chapter.objects.create(version=version, position=last + 1, title=_title(title))


@transaction.atomic
def chapter_remove(*, by: User, chapter: Chapter) -> None:
    book = _writable(by, chapter.version.book)
    if chapter.version_id != current_version(book).pk:
        raise RecordLocked("This chapter belongs to an earlier version of the book.")
    if ChapterComment.objects.filter(chapter=chapter).exists():
        raise ValidationError(
            "The reviewer commented on this chapter: keep it, and answer the comments."
        )
    with acting_as(by):
        chapter.delete()


@transaction.atomic
def chapter_move(*, by: User, chapter: Chapter, direction: str) -> Chapter:
    """Move the chapter one place "up" (earlier) or "down" (later)."""
    if direction not in ("up", "down"):
        raise ValidationError("Move a chapter up or down.")
    book = _writable(by, chapter.version.book)
    chapters = list(current_version(book).chapters.select_for_update().order_by("position", "pk"))
    index = next((i for i, c in enumerate(chapters) if c.pk == chapter.pk), None)
    if index is None:
        raise RecordLocked("This chapter belongs to an earlier version of the book.")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(chapters):
        where = "first" if direction == "up" else "last"
        raise ValidationError(f"“{chapters[index].title}” is already the {where} chapter.")
    chapters[index], chapters[other] = chapters[other], chapters[index]
    with acting_as(by):
        for position, item in enumerate(chapters, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
    return chapters[other]


@transaction.atomic
def comment_add(*, by: User, chapter: Chapter, text: str) -> ChapterComment:
    book = _book_of(chapter)
    require_object_permission(by, book, "lifestory.review_book")
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["Enter your comment."]})
    with acting_as(by):
        return ChapterComment.objects.create(chapter=chapter, text=text, author=by)


@transaction.atomic
def comment_answer(
    *, by: User, comment: ChapterComment, answer: str, resolve: bool = False
) -> ChapterComment:
    """The worker answers a comment and, when the change is made, resolves it."""
    book = _book_of(comment.chapter)
    require_object_permission(by, book, "lifestory.answer_comments")
    comment = ChapterComment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_resolved:
        raise ValidationError("This comment is already resolved.")
    answer = (answer or "").strip()
    if not answer and not resolve:
        raise ValidationError({"answer": ["Enter your answer, or resolve the comment."]})
    if answer:
        comment.answer = answer
        comment.answered_by = by
    if resolve:
        comment.resolved_at = timezone.now()
        comment.resolved_by = by
    with acting_as(by):
        comment.save()
    return comment
