"""Life Story Books at every status, for children held by hosts with a life-story worker.

Each book has version 1 with the default outline of chapters (as book_create
makes it); from drafting on the chapters have text; an approved or delivered
book's version is signed by the team manager and locked (books.book_approve).
"""

from __future__ import annotations

from datetime import timedelta

from lifestory.models import BookVersion, Chapter, LifeStoryBook
from lifestory.models.books import DEFAULT_OUTLINE, FINAL_WORKING_DAYS
from portal.models import Signature

from .base import Context, by_scale_user, delete_rows, insert, signature

B = LifeStoryBook.Status
# status, share, working days from today to the second review (negative: it has passed)
STATUSES = (
    (B.NOT_STARTED, 0.10, 60),
    (B.GATHERING, 0.20, 40),
    (B.DRAFTING, 0.25, 15),
    (B.DRAFT_REVIEW, 0.10, -5),
    (B.REVISIONS, 0.10, -15),
    (B.APPROVED, 0.10, -40),
    (B.DELIVERED, 0.15, -120),
)
CHAPTER_TEXT = (
    "<p>This chapter tells you about the people who love you and the places you have lived.</p>"
)


def generate(ctx: Context) -> dict[str, int]:
    rng, today, made = ctx.rng, ctx.today, ctx.made
    workers: dict[int, list] = {}
    for index, worker in enumerate(made["life_story_workers"]):
        workers.setdefault(made["hosts"][index % len(made["hosts"])].pk, []).append(worker)
    managers = {host.pk: m for host, m in zip(made["hosts"], made["team_managers"], strict=True)}
    candidates = [c for c in made["children"] if c.held_by_id in workers]
    children = rng.sample(candidates, min(ctx.volumes.life_story_books, len(candidates)))
    statuses = [s for s, _, _ in STATUSES]
    shares = [share for _, share, _ in STATUSES]
    review_in = {s: days for s, _, days in STATUSES}
    books = []
    for child in children:
        status = rng.choices(statuses, shares)[0]
        offset = review_in[status] + rng.randint(-5, 5)
        second_review = (
            ctx.working_days.add(today, offset)
            if offset >= 0
            else today - timedelta(days=-offset * 7 // 5)
        )
        hearing = second_review + timedelta(weeks=rng.randint(6, 12))
        manager = managers[child.held_by_id]
        book = LifeStoryBook(
            child=child,
            plan_type=rng.choice(LifeStoryBook.PlanType.values),
            worker=rng.choice(workers[child.held_by_id]),
            second_review_date=second_review,
            celebration_hearing_date=hearing,
            final_due_date=ctx.working_days.add(hearing, FINAL_WORKING_DAYS),
            status=status,
            created_by=manager,
            created_at=ctx.at(second_review - timedelta(weeks=16)),
        )
        if status in (B.DRAFT_REVIEW, B.REVISIONS, B.APPROVED, B.DELIVERED):
            book.submitted_at = ctx.at(min(second_review, today), 11)
        if status in (B.APPROVED, B.DELIVERED):
            book.approved_at = ctx.at(min(second_review + timedelta(weeks=3), today), 15)
            book.approved_by = manager
        if status == B.DELIVERED:
            book.delivered_on = min(hearing + timedelta(days=7), today)
            book.delivered_to = "The child's carers"
            book.delivery_form = LifeStoryBook.DeliveryForm.PRINTED
        books.append(book)
    insert(LifeStoryBook, books)
    versions = insert(
        BookVersion,
        (
            BookVersion(book=book, number=1, created_at=book.created_at, locked_at=book.approved_at)
            for book in books
        ),
    )
    written = {B.DRAFTING, B.DRAFT_REVIEW, B.REVISIONS, B.APPROVED, B.DELIVERED}
    chapters = insert(
        Chapter,
        (
            Chapter(
                version=version,
                position=position,
                title=title,
                body=CHAPTER_TEXT if version.book.status in written else "",
                updated_at=version.created_at,
            )
            for version in versions
            for position, title in enumerate(DEFAULT_OUTLINE, start=1)
        ),
    )
    signatures = insert(
        Signature,
        (
            signature(version, version.book.approved_by_id, "team manager", version.locked_at)
            for version in versions
            if version.locked_at
        ),
    )
    return {
        "life story books": len(books),
        "book chapters": len(chapters),
        "book signatures": len(signatures),
    }


def clear() -> dict[str, int]:
    return delete_rows(
        (Chapter, by_scale_user("version__book__worker")),
        (BookVersion, by_scale_user("book__worker")),
        (LifeStoryBook, by_scale_user("worker")),
    )
