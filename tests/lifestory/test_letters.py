"""The later-life letter (issue 17, R5): its own document with its own review and
approval; approval signs and locks the version; a later change is a new version
with its reason. Who may see, write and approve it is who may for the book."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lifestory.models import LaterLifeLetter
from lifestory.selectors.letters import current_letter
from lifestory.services.letters import letter_start, letter_transition, letter_update
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from portal.audit.models import AccessEvent
from portal.locking import RecordLocked
from portal.models import Notification
from portal.signatures import signatures_for
from portal.transitions import TransitionNotAllowed

from .support import SEES, SEES_NOTHING, book_world

pytestmark = pytest.mark.django_db
L = LaterLifeLetter.Status
TEXT = "I was your life-story worker when you were little.\n\nYou were **brave**."


def written(world, by=None) -> LaterLifeLetter:
    by = by or world.worker
    letter = letter_start(by=by, book=world.book)
    return letter_update(by=by, letter=letter, addressed_to="Dear Kai", body=TEXT)


def in_review(world) -> LaterLifeLetter:
    return letter_transition(letter=written(world), name="submit", by=world.worker)


def approved(world) -> LaterLifeLetter:
    return letter_transition(letter=in_review(world), name="approve", by=world.team_manager)


def test_the_letter_goes_to_review_back_for_changes_and_is_approved():
    world = book_world()
    letter = letter_start(by=world.worker, book=world.book)
    assert (letter.number, letter.status, letter.addressed_to) == (
        1,
        L.DRAFT,
        f"Dear {world.child.first_name}",
    )
    letter = letter_update(by=world.worker, letter=letter, addressed_to="", body="  ")
    with pytest.raises(ValidationError) as refused:
        letter_transition(letter=letter, name="submit", by=world.worker)
    assert "Write the letter before sending it for review." in refused.value.messages
    letter = letter_update(
        by=world.worker,
        letter=letter,
        addressed_to="  Dear   Kai ",
        body=TEXT.replace("\n", "\r\n"),
    )
    assert (letter.addressed_to, letter.body) == ("Dear Kai", TEXT)
    letter = letter_transition(letter=letter, name="submit", by=world.worker)
    assert letter.status == L.IN_REVIEW and letter.submitted_at is not None
    told = Notification.objects.filter(title__contains="later-life letter")
    assert {n.user for n in told} == {world.team_manager}
    assert world.child.first_name not in " ".join(n.title + n.body for n in told)
    # The text waits for the manager.
    with pytest.raises(ValidationError, match="with the team manager for review"):
        letter_update(by=world.worker, letter=letter, addressed_to="Dear Kai", body="New")
    with pytest.raises(ValidationError, match="Enter what needs to change"):
        letter_transition(letter=letter, name="request_changes", by=world.team_manager)
    letter = letter_transition(
        letter=letter, name="request_changes", by=world.team_manager, reason="Shorter sentences."
    )
    assert letter.status == L.DRAFT
    assert Notification.objects.filter(
        user=world.worker, body="What needs to change: Shorter sentences."
    ).exists()
    letter = letter_update(by=world.worker, letter=letter, addressed_to="Dear Kai", body="Short.")
    letter = letter_transition(letter=letter, name="submit", by=world.worker)
    letter = letter_transition(letter=letter, name="approve", by=world.team_manager)
    assert letter.status == L.APPROVED and letter.is_locked
    assert (letter.approved_by, letter.number) == (world.team_manager, 1)
    [signature] = signatures_for(letter)
    assert (signature.signer, signature.capacity) == (world.team_manager, "team manager")
    reasons = list(
        letter.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert "request_changes: Shorter sentences." in reasons and reasons[-1] == "lock"


def test_a_move_from_the_wrong_status_is_refused_and_changes_nothing():
    world = book_world()
    letter = written(world)
    with pytest.raises(TransitionNotAllowed, match="This letter is draft"):
        letter_transition(letter=letter, name="approve", by=world.team_manager)
    with pytest.raises(TransitionNotAllowed):
        letter_transition(letter=letter, name="amend", by=world.worker, reason="Why not")
    letter.refresh_from_db()
    assert letter.status == L.DRAFT and LaterLifeLetter.objects.count() == 1


def test_approval_locks_the_letter_against_every_channel():
    world = book_world()
    letter = approved(world)
    letter.body = "Changed in the shell"
    with pytest.raises(RecordLocked):
        letter.save()
    with pytest.raises(RecordLocked):
        LaterLifeLetter.objects.filter(pk=letter.pk).update(body="Changed in bulk")
    with pytest.raises(RecordLocked):
        LaterLifeLetter.objects.filter(pk=letter.pk).delete()
    with pytest.raises(RecordLocked):
        letter_update(by=world.worker, letter=letter, addressed_to="Dear Kai", body="New")
    with pytest.raises(TransitionNotAllowed):
        letter_transition(letter=letter, name="request_changes", by=world.team_manager, reason="x")
    letter.refresh_from_db()
    assert (letter.body, letter.status) == (TEXT, L.APPROVED)


def test_a_change_after_approval_is_version_2_with_its_reason_and_version_1_stays():
    world = book_world()
    first = approved(world)
    with pytest.raises(ValidationError, match="Enter the reason for changing the approved letter"):
        letter_transition(letter=first, name="amend", by=world.worker)
    with pytest.raises(PermissionDenied):
        letter_transition(letter=first, name="amend", by=world.admin, reason="Admins do not")
    assert LaterLifeLetter.objects.count() == 1
    second = letter_transition(
        letter=first, name="amend", by=world.worker, reason="Her birth mum's name was wrong."
    )
    assert (second.number, second.status, second.amends) == (2, L.DRAFT, first)
    assert second.amendment_reason == "Her birth mum's name was wrong."
    assert (second.addressed_to, second.body) == ("Dear Kai", TEXT)
    assert not second.is_locked and second.approved_by is None and second.submitted_at is None
    assert signatures_for(second) == []
    assert current_letter(world.book) == second
    [row] = second.history.all()
    assert (row.status, row.history_change_reason) == (
        L.DRAFT,
        "amend: Her birth mum's name was wrong.",
    )
    letter_update(by=world.worker, letter=second, addressed_to="Dear Kai", body="Corrected.")
    first.refresh_from_db()
    assert (first.body, first.status, first.is_locked) == (TEXT, L.APPROVED, True)
    assert Notification.objects.filter(
        user=world.team_manager, title__contains="is being changed"
    ).exists()
    # The old version cannot be amended again: the new one is the letter now.
    with pytest.raises(ValidationError, match="already has an amendment"):
        letter_transition(letter=first, name="amend", by=world.worker, reason="Again")


def test_only_a_manager_who_does_not_write_the_book_approves():
    world = book_world()
    letter = in_review(world)
    with pytest.raises(PermissionDenied):
        letter_transition(letter=letter, name="approve", by=world.worker)
    with pytest.raises(PermissionDenied):
        letter_transition(letter=letter, name="approve", by=world.admin)
    # The worker is also a team manager of the service: still not their own letter.
    membership_grant(
        user=world.worker,
        organisation=world.service,
        role=Role.TEAM_MANAGER,
        starts_on=timezone.localdate() - timedelta(days=1),
    )
    worker_and_manager = User.objects.get(pk=world.worker.pk)
    with pytest.raises(PermissionDenied, match="who does not write the book"):
        letter_transition(letter=letter, name="approve", by=worker_and_manager)
    # A manager of the service may ask for changes, and another service's manager sees nothing.
    with pytest.raises(Http404):
        letter_transition(letter=letter, name="approve", by=world.other_team_manager)
    letter = letter_transition(letter=letter, name="approve", by=world.team_manager)
    assert letter.status == L.APPROVED


def test_the_student_co_worker_writes_and_sends_but_does_not_approve():
    world = book_world()
    letter = written(world, by=world.co_worker)
    assert letter.body == TEXT
    letter = letter_transition(letter=letter, name="submit", by=world.co_worker)
    with pytest.raises(PermissionDenied):
        letter_transition(letter=letter, name="approve", by=world.co_worker)
    with pytest.raises(PermissionDenied):
        letter_transition(letter=letter, name="request_changes", by=world.co_worker, reason="x")
    assert letter.status == L.IN_REVIEW


def test_a_book_has_one_letter_and_only_its_writers_start_it():
    world = book_world()
    with pytest.raises(PermissionDenied):
        letter_start(by=world.team_manager, book=world.book)
    with pytest.raises(Http404):
        letter_start(by=world.other_worker, book=world.book)
    letter_start(by=world.worker, book=world.book)
    with pytest.raises(ValidationError, match="already has its later-life letter"):
        letter_start(by=world.co_worker, book=world.book)
    assert LaterLifeLetter.objects.filter(book=world.book).count() == 1


def test_a_letter_too_long_is_refused_on_its_field():
    world = book_world()
    letter = letter_start(by=world.worker, book=world.book)
    with pytest.raises(ValidationError) as refused:
        letter_update(by=world.worker, letter=letter, addressed_to="Dear Kai", body="a" * 20_001)
    assert "20,000 characters or fewer" in refused.value.message_dict["body"][0]


# --- pages --------------------------------------------------------------------------------


def letter_pages(book):
    return (
        reverse("lifestory:letter_edit", args=[book.pk]),
        reverse("lifestory:letter_step", args=[book.pk, "submit"]),
    )


def test_out_of_scope_people_get_404_on_every_letter_page(client):
    world = book_world()
    written(world)
    start = reverse("lifestory:letter_start", args=[world.book.pk])
    for name in SEES_NOTHING:
        client.force_login(getattr(world, name))
        for url in letter_pages(world.book):
            assert client.get(url).status_code == 404, (name, url)
            assert client.post(url, {}).status_code == 404, (name, url)
        assert client.post(start).status_code == 404, name
    assert LaterLifeLetter.objects.get().status == L.DRAFT


def test_the_letter_pages_log_each_read_and_the_book_page_shows_the_letter(client):
    world = book_world()
    letter = written(world)
    letter_type = ContentType.objects.get_for_model(LaterLifeLetter)
    for name in SEES:
        person = getattr(world, name)
        client.force_login(person)
        before = AccessEvent.objects.filter(user=person, content_type=letter_type).count()
        page = client.get(reverse("lifestory:book_detail", args=[world.book.pk]))
        assert page.status_code == 200, name
        text = page.content.decode()
        assert "Later-life letter" in text and "<strong>brave</strong>" in text
        assert "Reading age about" in text
        logged = AccessEvent.objects.filter(user=person, content_type=letter_type)
        assert logged.count() == before + 1, name
        assert logged.latest("at").object_id == str(letter.pk)
    client.force_login(world.worker)
    before = AccessEvent.objects.filter(user=world.worker, content_type=letter_type).count()
    assert client.get(reverse("lifestory:letter_edit", args=[world.book.pk])).status_code == 200
    step = client.get(reverse("lifestory:letter_step", args=[world.book.pk, "submit"]))
    assert step.status_code == 200
    assert AccessEvent.objects.filter(user=world.worker, content_type=letter_type).count() == (
        before + 2
    )


def test_the_pages_start_write_review_and_approve_the_letter(client):
    world = book_world()
    book = world.book
    client.force_login(world.team_manager)
    page = client.get(reverse("lifestory:book_detail", args=[book.pk])).content.decode()
    assert "Start the letter" not in page
    assert client.post(reverse("lifestory:letter_start", args=[book.pk])).status_code == 403
    client.force_login(world.worker)
    page = client.get(reverse("lifestory:book_detail", args=[book.pk])).content.decode()
    assert "Start the letter" in page
    started = client.post(reverse("lifestory:letter_start", args=[book.pk]))
    assert started.url == reverse("lifestory:letter_edit", args=[book.pk])
    saved = client.post(
        reverse("lifestory:letter_edit", args=[book.pk]),
        {"addressed_to": "Dear Kai", "body": "Line one.\r\nLine two."},
    )
    assert saved.status_code == 302
    assert LaterLifeLetter.objects.get().body == "Line one.\nLine two."
    client.post(reverse("lifestory:letter_step", args=[book.pk, "submit"]))
    # In review, the write page sends the worker back with the reason.
    refused = client.get(reverse("lifestory:letter_edit", args=[book.pk]), follow=True)
    assert "it cannot be written now" in refused.content.decode()
    assert client.get(reverse("lifestory:letter_step", args=[book.pk, "approve"])).status_code == (
        403
    )
    client.force_login(world.team_manager)
    asked = client.post(reverse("lifestory:letter_step", args=[book.pk, "request_changes"]), {})
    assert asked.status_code == 200
    assert "Enter what needs to change" in asked.content.decode()
    client.force_login(world.worker)
    client.post(reverse("lifestory:letter_step", args=[book.pk, "submit"]))
    client.force_login(world.team_manager)
    done = client.post(reverse("lifestory:letter_step", args=[book.pk, "approve"]), follow=True)
    assert "You approved the letter." in done.content.decode()
    letter = LaterLifeLetter.objects.get()
    assert letter.is_locked and letter.status == L.APPROVED
    # Once approved, the move's page is refused with the reason, and nothing changes.
    again = client.post(
        reverse("lifestory:letter_step", args=[book.pk, "request_changes"]),
        {"reason": "Late"},
        follow=True,
    )
    assert "is not possible now" in again.content.decode()
    assert client.get(reverse("lifestory:letter_step", args=[book.pk, "nonsense"])).status_code == (
        404
    )
    amended = client.post(
        reverse("lifestory:letter_step", args=[book.pk, "amend"]), {"reason": "A new photo."}
    )
    assert amended.status_code == 302
    assert current_letter(book).number == 2
