"""Reads about Life Story Books (issue 17).

Who sees a book (DESIGN.md, "Roles and who sees what"):
- admins: all of them (every read logged);
- the allocated life-story worker and the student co-worker: theirs;
- a team manager: the books of children their organisation holds;
- everyone else, schools, universities and the child's direct-work students
  included: none, and nothing says a book exists.

Deadlines are counted with one `portal.workingdays.WorkingDays` per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from placements.casework.selectors import NOTHING, role_scope
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.workingdays import WorkingDays

from ..models import BookVersion, Chapter, LifeStoryBook
from ..models.books import DUE_SOON_WORKING_DAYS


@role_scope
def book_scope(user: User) -> Q | None:
    """The filter on LifeStoryBook for those `user` may see; None means all."""
    scope = Q(worker=user) | Q(co_worker=user)
    managed = user.organisations_where(Role.TEAM_MANAGER)
    if managed:
        scope |= Q(child__held_by__in=managed)
    return scope or NOTHING


def books_visible_to(user: User) -> QuerySet[LifeStoryBook]:
    books = LifeStoryBook.objects.select_related("child", "child__held_by", "worker", "co_worker")
    scope = book_scope(user)
    if scope is not None:
        books = books.filter(scope)
    return books


def can_see_book(user: User, book: LifeStoryBook | None) -> bool:
    if book is None:
        return False
    scope = book_scope(user)
    if scope is None:
        return True
    return LifeStoryBook.objects.filter(scope, pk=book.pk).exists()


def book_for_page(pk: int) -> LifeStoryBook | None:
    return (
        LifeStoryBook.objects.select_related(
            "child", "child__held_by", "worker", "co_worker", "approved_by", "created_by"
        )
        .filter(pk=pk)
        .first()
    )


def current_version(book: LifeStoryBook) -> BookVersion:
    """The newest version of the book's text (the one being written or approved)."""
    return book.versions.order_by("-number").first()


def chapters_of(version: BookVersion) -> list[Chapter]:
    return list(version.chapters.prefetch_related("comments").order_by("position", "pk"))


# --- deadlines ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    what: str  # "draft" or "final book"
    due: date
    working_days_left: int  # negative once passed, 0 on the day

    @property
    def overdue(self) -> bool:
        return self.working_days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(-self.working_days_left, 0)

    @property
    def due_soon(self) -> bool:
        return 0 <= self.working_days_left <= DUE_SOON_WORKING_DAYS


def working_days_between(start: date, end: date, calendar: WorkingDays) -> int:
    """Working days from `start` to `end`: positive ahead, negative behind, 0 the same day."""
    if end >= start:
        return calendar.between(start, end)
    return -calendar.between(end, start)


def next_deadline(
    book: LifeStoryBook, today: date | None = None, calendar: WorkingDays | None = None
) -> Deadline | None:
    """The deadline the book is working towards now, or None (delivered, or no date yet)."""
    due = book.next_due_date
    if due is None:
        return None
    today = today or timezone.localdate()
    calendar = calendar or WorkingDays()
    what = "draft" if book.draft_stage else "final book"
    return Deadline(
        what=what, due=due, working_days_left=working_days_between(today, due, calendar)
    )


def books_with_deadlines(
    books, today: date | None = None
) -> list[tuple[LifeStoryBook, Deadline | None]]:
    """Each book with its next deadline; the bank holidays are read once, and only
    when there is a book to count for."""
    books = list(books)
    if not books:
        return []
    calendar = WorkingDays()
    today = today or timezone.localdate()
    return [(book, next_deadline(book, today, calendar)) for book in books]


def books_needing_attention(user: User, today: date | None = None):
    """The user's open books whose deadline is within 10 working days or passed."""
    open_books = books_visible_to(user).exclude(status=LifeStoryBook.Status.DELIVERED)
    return [
        (book, deadline)
        for book, deadline in books_with_deadlines(open_books, today)
        if deadline is not None and (deadline.overdue or deadline.due_soon)
    ]
