"""Life Story Books in the daily reminder digest (portal.reminders): the worker and
the co-worker are reminded once when a book's deadline comes within 10 working
days, and once more when it has passed. The text names the child by reference."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from portal.dates import long_date
from portal.reminders import DEADLINE, Due

from .models import LifeStoryBook
from .selectors.books import books_with_deadlines


def life_story_deadlines(today: date) -> list[Due]:
    books = LifeStoryBook.objects.exclude(status=LifeStoryBook.Status.DELIVERED).select_related(
        "child", "worker", "co_worker"
    )
    found = []
    for book, deadline in books_with_deadlines(books, today):
        if deadline is None or not (deadline.overdue or deadline.due_soon):
            continue
        state = "overdue" if deadline.overdue else "soon"
        reference = book.child.reference
        if deadline.overdue:
            text = (
                f"The {deadline.what} of the Life Story Book of {reference} was due "
                f"{long_date(deadline.due)}: {deadline.days_overdue} working "
                f"day{'' if deadline.days_overdue == 1 else 's'} overdue."
            )
        else:
            text = (
                f"The {deadline.what} of the Life Story Book of {reference} is due "
                f"{long_date(deadline.due)}."
            )
        for person in (book.worker, book.co_worker):
            if person is None or not person.is_active:
                continue
            found.append(
                Due(
                    user=person,
                    rule=DEADLINE,
                    subject=f"lifestory:{book.pk}:{deadline.what}:{deadline.due}:{state}",
                    text=text,
                    url=reverse("lifestory:book_detail", args=[book.pk]),
                )
            )
    return found
