"""The dashboard part of Life Story Books: each open book of the person's, with the
deadline it works towards, those due within 10 working days or overdue first
(a fixed number of queries)."""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context, panel_template

from .models import LifeStoryBook
from .selectors.books import books_visible_to, books_with_deadlines

SHOWN = 10
ROLES = (Role.LIFESTORY_WORKER, Role.TEAM_MANAGER, Role.STUDENT)


def _order(row):
    book, deadline = row
    if deadline is None:
        return (1, 0, book.pk)
    return (0, deadline.working_days_left, book.pk)


def life_story_panel(user) -> dict:
    # The panel shows each book's child and worker (not the co-worker or the holder).
    books = (
        books_visible_to(user)
        .exclude(status=LifeStoryBook.Status.DELIVERED)
        .select_related(None)
        .select_related("child", "worker")
    )
    rows = sorted(books_with_deadlines(books), key=_order)
    flagged = [r for r in rows if r[1] is not None and (r[1].overdue or r[1].due_soon)]
    return {
        "life_story_rows": rows[:SHOWN],
        "life_story_more": max(len(rows) - SHOWN, 0),
        "life_story_flagged": len(flagged),
    }


def register() -> None:
    for role in ROLES:
        panel_context(role)(life_story_panel)
        panel_template(role, "lifestory/dashboard/panel.html", order=60)
