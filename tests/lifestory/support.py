"""A service with one child's Life Story Book and everyone who may or may not see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lifestory.models import LifeStoryBook
from lifestory.selectors.books import chapters_of, current_version
from lifestory.services.books import book_create, book_transition
from lifestory.services.chapters import chapter_update
from lifestory.services.renders import render_request, render_run
from placements.casework.models import Child
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from tests.casework.factories import AllocationFactory, ChildFactory
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory


@dataclass
class BookWorld:
    service: Organisation
    child: Child
    book: LifeStoryBook
    worker: User
    co_worker: User
    team_manager: User
    other_worker: User
    other_team_manager: User
    direct_work_student: User
    practice_educator: User
    school_contact: User
    tutor: User
    coordinator: User
    admin: User

    def people(self) -> dict[str, User]:
        return {name: getattr(self, name) for name in SEES | SEES_NOTHING}


# Who may open the book, and who may not even learn that it exists.
SEES = {"worker", "co_worker", "team_manager", "admin"}
SEES_NOTHING = {
    "other_worker",
    "other_team_manager",
    "direct_work_student",
    "practice_educator",
    "school_contact",
    "tutor",
    "coordinator",
}


def book_world(*, second_review: date | None = None, hearing: date | None = None) -> BookWorld:
    service = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    coordinator = user_with_role(Role.COORDINATOR, service)
    child = ChildFactory(held_by=service, created_by=coordinator)
    # A student doing direct work with the child at school: never sees the book.
    allocation = AllocationFactory(child=child)
    worker = user_with_role(Role.LIFESTORY_WORKER, service)
    co_worker = PlacementFactory(host=service).student
    book = book_create(
        by=worker,
        child=child,
        plan_type=LifeStoryBook.PlanType.ADOPTION,
        worker=worker,
        co_worker=co_worker,
        second_review_date=second_review,
        celebration_hearing_date=hearing,
    )
    return BookWorld(
        service=service,
        child=child,
        book=book,
        worker=worker,
        co_worker=co_worker,
        team_manager=user_with_role(Role.TEAM_MANAGER, service),
        other_worker=user_with_role(Role.LIFESTORY_WORKER, service),
        other_team_manager=user_with_role(Role.TEAM_MANAGER),
        direct_work_student=allocation.student,
        practice_educator=allocation.practice_educator,
        school_contact=user_with_role(Role.SCHOOL_CONTACT, child.school),
        tutor=allocation.placement.tutor,
        coordinator=coordinator,
        admin=user_with_role(Role.ADMIN),
    )


def write_every_chapter(book: LifeStoryBook, by: User) -> None:
    for chapter in chapters_of(current_version(book)):
        chapter_update(
            by=by, chapter=chapter, title=chapter.title, body=f"About {chapter.title.lower()}."
        )


def to_review(world: BookWorld) -> LifeStoryBook:
    """Gathering, drafting, every chapter written, sent for review."""
    for step in ("start_gathering", "start_drafting"):
        book_transition(book=world.book, name=step, by=world.worker)
    write_every_chapter(world.book, world.worker)
    return book_transition(book=world.book, name="submit", by=world.worker)


def approved(world: BookWorld) -> LifeStoryBook:
    to_review(world)
    return book_transition(book=world.book, name="approve", by=world.team_manager)


def printed(world: BookWorld, by: User | None = None):
    """A PDF of the book's current version, made at once (as the worker would)."""
    render = render_request(by=by or world.worker, book=world.book)
    return render_run(render.pk)


def life_story_records(child: Child, by: User) -> LifeStoryBook:
    """One row of every Life Story Book table about `child`, written straight to the
    tables (files named, not written): for the tests that walk every child record."""
    from datetime import timedelta

    from django.utils import timezone

    from lifestory.models import (
        BookRender,
        BookVersion,
        Chapter,
        ChapterComment,
        Contribution,
        ContributionLink,
        LaterLifeLetter,
        MediaItem,
    )

    book = LifeStoryBook.objects.create(
        child=child, plan_type=LifeStoryBook.PlanType.ADOPTION, worker=by, created_by=by
    )
    version = BookVersion.objects.create(book=book, number=1)
    chapter = Chapter.objects.create(version=version, position=1, title="My birth", body="Born.")
    ChapterComment.objects.create(chapter=chapter, text="Which hospital?", author=by)
    link = ContributionLink.objects.create(
        book=book,
        contributor_name="Pat",
        relationship="foster carer",
        token_hash="2" * 64,
        expires_at=timezone.now() + timedelta(days=14),
        created_by=by,
    )
    Contribution.objects.create(link=link, message="From the seaside.")
    MediaItem.objects.create(
        book=book,
        chapter=chapter,
        file="lifestory/named-only.jpg",
        thumbnail="lifestory/named-only-thumb.jpg",
        print_version="lifestory/named-only-print.jpg",
        content_type="image/jpeg",
        width=1,
        height=1,
        original_sha256="0" * 64,
        caption="The hospital",
        consent="Agreed",
    )
    BookRender.objects.create(book=book, version=version, number=1, requested_by=by)
    LaterLifeLetter.objects.create(book=book, addressed_to="Dear you", body="A letter.")
    return book
