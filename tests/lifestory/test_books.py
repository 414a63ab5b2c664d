"""Life Story Books: deadlines, the transition table, approval's lock and amendments
(issue 17, requirements 1, 2 and 5)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from lifestory.models import BookVersion, Chapter, ChapterComment, LifeStoryBook
from lifestory.models.books import DEFAULT_OUTLINE
from lifestory.selectors.books import chapters_of, current_version, next_deadline
from lifestory.services.books import book_create, book_transition, book_update
from lifestory.services.chapters import (
    chapter_add,
    chapter_move,
    chapter_remove,
    chapter_update,
    comment_add,
    comment_answer,
)
from portal.locking import RecordLocked
from portal.models import Notification
from portal.signatures import signatures_for
from portal.transitions import TransitionNotAllowed
from portal.workingdays import WorkingDays
from tests.casework.factories import ChildFactory

from .support import approved, book_world, printed, to_review

pytestmark = pytest.mark.django_db
S = LifeStoryBook.Status


def titles(book):
    return [c.title for c in chapters_of(current_version(book))]


def test_a_new_book_has_the_default_outline_and_its_final_date_skips_christmas(clock):
    clock.today_is(date(2026, 12, 1))
    # The hearing on Friday 18 December: 10 working days skip the weekends,
    # Christmas Day, the Boxing Day substitute (28th) and New Year's Day.
    world = book_world(second_review=date(2026, 12, 10), hearing=date(2026, 12, 18))
    book = world.book
    assert titles(book) == list(DEFAULT_OUTLINE)
    assert book.status == S.NOT_STARTED
    assert book.final_due_date == date(2027, 1, 6)
    assert book.draft_due_date == date(2026, 12, 10)


def test_the_deadline_that_counts_moves_from_the_draft_to_the_final_book(clock):
    clock.today_is(date(2026, 12, 21))
    world = book_world(second_review=date(2026, 12, 24), hearing=date(2027, 1, 20))
    deadline = next_deadline(world.book, calendar=WorkingDays())
    # 22, 23, 24 December are working days; the 25th is not counted.
    assert (deadline.what, deadline.due, deadline.working_days_left) == (
        "draft",
        date(2026, 12, 24),
        3,
    )
    assert deadline.due_soon and not deadline.overdue
    book = to_review(world)
    deadline = next_deadline(book)
    assert deadline.what == "final book"
    assert deadline.due == date(2027, 2, 3)
    clock.today_is(date(2027, 2, 5))
    late = next_deadline(book)
    assert late.overdue and late.days_overdue == 2


def test_the_hearing_cannot_come_before_the_second_review():
    world = book_world()
    with pytest.raises(ValidationError) as refused:
        book_update(
            by=world.worker,
            book=world.book,
            second_review_date=date.today(),
            celebration_hearing_date=date.today().replace(year=date.today().year - 1),
        )
    assert "on or after the second adoption review" in str(refused.value)
    world.book.refresh_from_db()
    assert world.book.second_review_date is None


def test_a_child_has_one_book_and_a_worker_starts_books_only_for_themself():
    world = book_world()
    with pytest.raises(ValidationError) as twice:
        book_create(
            by=world.worker,
            child=world.child,
            plan_type=LifeStoryBook.PlanType.ADOPTION,
            worker=world.worker,
        )
    assert "already has a Life Story Book" in str(twice.value)
    other_child = ChildFactory(held_by=world.service)
    with pytest.raises(PermissionDenied):
        book_create(
            by=world.worker,
            child=other_child,
            plan_type=LifeStoryBook.PlanType.ADOPTION,
            worker=world.other_worker,
        )
    assert not LifeStoryBook.objects.filter(child=other_child).exists()


def test_a_worker_of_another_service_cannot_start_a_book_for_this_child():
    world = book_world()
    other_child = ChildFactory(held_by=world.service)
    outsider = book_world().worker
    with pytest.raises(ValidationError) as refused:
        book_create(
            by=outsider,
            child=other_child,
            plan_type=LifeStoryBook.PlanType.ADOPTION,
            worker=outsider,
        )
    assert "No child with this reference" in str(refused.value)


def test_sending_for_review_needs_every_chapter_written():
    world = book_world()
    for step in ("start_gathering", "start_drafting"):
        book_transition(book=world.book, name=step, by=world.worker)
    with pytest.raises(ValidationError) as refused:
        book_transition(book=world.book, name="submit", by=world.worker)
    assert "Write the chapter “My birth”, or remove it." in refused.value.messages
    world.book.refresh_from_db()
    assert world.book.status == S.DRAFTING


def test_a_move_from_the_wrong_status_and_by_the_wrong_person_is_refused():
    world = book_world()
    with pytest.raises(TransitionNotAllowed):
        book_transition(book=world.book, name="approve", by=world.team_manager)
    with pytest.raises(PermissionDenied):
        book_transition(book=world.book, name="start_gathering", by=world.team_manager)
    with pytest.raises(Http404):
        book_transition(book=world.book, name="start_gathering", by=world.other_worker)
    world.book.refresh_from_db()
    assert world.book.status == S.NOT_STARTED


def test_review_comments_must_be_resolved_before_approval_and_the_worker_cannot_approve():
    world = book_world()
    book = to_review(world)
    chapter = chapters_of(current_version(book))[2]
    comment = comment_add(by=world.team_manager, chapter=chapter, text="Say more, gently.")
    with pytest.raises(PermissionDenied):
        book_transition(book=book, name="approve", by=world.worker)
    with pytest.raises(ValidationError) as refused:
        book_transition(book=book, name="approve", by=world.team_manager)
    assert refused.value.messages == [
        "Resolve the comments on “Why I could not stay” before approving."
    ]
    # The text is frozen while the manager reviews it.
    with pytest.raises(ValidationError, match="with the team manager for review"):
        chapter_update(by=world.worker, chapter=chapter, title=chapter.title, body="New")
    comment = comment_answer(by=world.worker, comment=comment, answer="Done.", resolve=True)
    assert comment.is_resolved and comment.resolved_by == world.worker
    book = book_transition(book=book, name="approve", by=world.team_manager)
    assert book.status == S.APPROVED and book.approved_by == world.team_manager


def test_asking_for_changes_needs_a_reason_and_tells_the_writers():
    world = book_world()
    book = to_review(world)
    with pytest.raises(ValidationError) as refused:
        book_transition(book=book, name="request_revisions", by=world.team_manager)
    assert "Enter what needs to change" in str(refused.value)
    book = book_transition(
        book=book, name="request_revisions", by=world.team_manager, reason="Shorter sentences."
    )
    assert book.status == S.REVISIONS
    told = Notification.objects.filter(title__contains="Changes asked for")
    assert {n.user for n in told} == {world.worker, world.co_worker}
    assert world.child.first_name not in " ".join(n.title for n in told)


def test_approval_signs_and_locks_the_version_against_every_channel():
    world = book_world()
    book = approved(world)
    version = current_version(book)
    assert version.is_locked
    [signature] = signatures_for(version)
    assert (signature.signer, signature.capacity) == (world.team_manager, "team manager")
    chapter = version.chapters.first()
    chapter.body = "Changed in the shell"
    with pytest.raises(RecordLocked):
        chapter.save()
    with pytest.raises(RecordLocked):
        Chapter.objects.filter(version=version).update(body="Changed in bulk")
    with pytest.raises(RecordLocked):
        BookVersion.objects.filter(pk=version.pk).update(number=9)
    with pytest.raises(RecordLocked):
        chapter_update(by=world.worker, chapter=chapter, title="New", body="New")
    with pytest.raises(RecordLocked):
        chapter_add(by=world.worker, book=book, title="Another")
    assert Chapter.objects.filter(version=version, body="About my birth.").exists()


def test_a_change_after_approval_is_a_new_version_with_its_reason():
    world = book_world()
    book = approved(world)
    first = current_version(book)
    with pytest.raises(ValidationError):
        book_transition(book=book, name="amend", by=world.worker)
    book = book_transition(
        book=book, name="amend", by=world.worker, reason="The birth date was wrong."
    )
    second = current_version(book)
    assert (book.status, second.number, second.amends) == (S.REVISIONS, 2, first)
    assert second.amendment_reason == "The birth date was wrong."
    assert titles(book) == list(DEFAULT_OUTLINE)
    chapter = chapters_of(second)[0]
    chapter_update(by=world.worker, chapter=chapter, title="My birth", body="Corrected.")
    assert chapters_of(first)[0].body == "About my birth."


def test_delivery_records_to_whom_when_and_how(clock):
    world = book_world()
    book = approved(world)
    with pytest.raises(ValidationError) as refused:
        book_transition(book=book, name="deliver", by=world.worker)
    assert set(refused.value.message_dict) == {"delivered_to", "delivered_on", "delivery_form"}
    details = {
        "delivered_to": "Her adoptive parents",
        "delivered_on": date.today(),
        "delivery_form": "both",
    }
    with pytest.raises(ValidationError, match="Make the PDF of the approved book"):
        book_transition(book=book, name="deliver", by=world.worker, **details)
    render = printed(world)
    with pytest.raises(ValidationError, match="today or in the past"):
        book_transition(
            book=book,
            name="deliver",
            by=world.worker,
            delivered_to="Her adoptive parents",
            delivered_on=date(2099, 1, 1),
            delivery_form="printed",
        )
    book = book_transition(
        book=book,
        name="deliver",
        by=world.worker,
        delivered_to="Her adoptive parents",
        delivered_on=date.today(),
        delivery_form="both",
    )
    assert (book.status, book.delivered_to) == (S.DELIVERED, "Her adoptive parents")
    assert book.delivered_render == render
    assert next_deadline(book) is None


def test_chapters_move_one_place_at_a_time_and_refuse_beyond_the_ends():
    world = book_world()
    first, second = chapters_of(current_version(world.book))[:2]
    chapter_move(by=world.worker, chapter=second, direction="up")
    assert titles(world.book)[:2] == ["My birth family", "My birth"]
    with pytest.raises(ValidationError, match="already the first chapter"):
        chapter_move(by=world.worker, chapter=second, direction="up")
    last = chapters_of(current_version(world.book))[-1]
    with pytest.raises(ValidationError, match="already the last chapter"):
        chapter_move(by=world.worker, chapter=last, direction="down")
    with pytest.raises(PermissionDenied):
        chapter_move(by=world.team_manager, chapter=first, direction="down")


def test_a_chapter_with_comments_stays_and_others_can_be_removed():
    world = book_world()
    chapters = chapters_of(current_version(world.book))
    chapter_remove(by=world.co_worker, chapter=chapters[-1])
    assert "My future" not in titles(world.book)
    book = to_review(world)
    commented = chapters_of(current_version(book))[0]
    comment_add(by=world.team_manager, chapter=commented, text="Lovely.")
    book = book_transition(book=book, name="request_revisions", by=world.team_manager, reason="x")
    with pytest.raises(ValidationError, match="keep it"):
        chapter_remove(by=world.worker, chapter=commented)
    assert ChapterComment.objects.filter(chapter=commented).exists()


def test_only_the_reviewer_comments_and_only_in_review():
    world = book_world()
    chapter = chapters_of(current_version(world.book))[0]
    with pytest.raises(PermissionDenied):
        comment_add(by=world.team_manager, chapter=chapter, text="Too early")
    book = to_review(world)
    chapter = chapters_of(current_version(book))[0]
    with pytest.raises(PermissionDenied):
        comment_add(by=world.worker, chapter=chapter, text="My own comment")
    with pytest.raises(ValidationError, match="Enter your comment"):
        comment_add(by=world.team_manager, chapter=chapter, text="  ")
    assert not ChapterComment.objects.exists()
