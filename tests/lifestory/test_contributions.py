"""Contributions from outside (issue 17, requirement 4): a link that works once sent,
shows nothing of the book, refuses after expiry or revocation, keeps all or nothing,
is rate-limited, and whose token is never stored in clear; only the book's
writers send, revoke, accept and delete."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lifestory.models import Contribution, ContributionLink, MediaItem
from lifestory.selectors.books import chapters_of, current_version
from lifestory.services.contributions import (
    CLOSED,
    contribution_accept,
    contribution_delete,
    contribution_receive,
    link_create,
    link_revoke,
)
from portal.models import EmailOutbox, Notification

from .images import gps_exif, jpeg_bytes
from .support import book_world

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def photo(name="IMG_0042.jpg", content=None):
    return SimpleUploadedFile(name, content or jpeg_bytes(exif=gps_exif()), "image/jpeg")


def a_link(world, **options):
    options = {"contributor_name": "Pat Doyle", "relationship": "foster carer", **options}
    return link_create(by=world.worker, book=world.book, **options)


def page(token: str) -> str:
    return reverse("lifestory_public:contribute", args=[token])


def files_in(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_a_link_takes_photos_into_quarantine_without_their_exif(client):
    world = book_world()
    link, token = a_link(world)
    assert page(token).startswith("/contribute/")

    response = client.post(
        page(token), {"files": [photo(), photo("b.jpg")], "message": "Kai at the beach."}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("lifestory_public:contribute_sent")
    contribution = Contribution.objects.get(link=link)
    assert contribution.message == "Kai at the beach."
    items = list(MediaItem.objects.filter(contribution=contribution))
    assert len(items) == 2
    for item in items:
        assert item.status == MediaItem.Status.QUARANTINE
        assert item.uploaded_by is None
        assert item.caption == "From Pat Doyle"
        assert "Pat Doyle (foster carer)" in item.consent
        with item.file.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    # The worker and co-worker are told, by the child's reference only.
    told = Notification.objects.filter(
        user__in=[world.worker, world.co_worker], title__startswith="Photos or a message"
    )
    assert told.count() == 2
    assert all(world.child.reference in n.title for n in told)
    assert all(world.child.first_name not in n.title for n in told)
    # Quarantined photos are not the book's photos.
    client.force_login(world.worker)
    book_page = client.get(reverse("lifestory:book_detail", args=[world.book.pk]))
    assert book_page.context["photos"] == []
    assert [c.pk for c in book_page.context["contributions_waiting"]] == [contribution.pk]
    assert "Kai at the beach." in book_page.content.decode()


def test_the_public_page_shows_nothing_of_the_book_and_leaks_no_token(client):
    world = book_world()
    _, token = a_link(world)
    chapters = chapters_of(current_version(world.book))

    response = client.get(page(token))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Send photos and a message for a child's life story book" in text
    assert "Hello Pat." in text
    for secret in (world.child.first_name, world.child.last_name, world.child.reference):
        assert secret not in text
    for chapter in chapters:
        assert chapter.title not in text
    assert 'type="file"' in text and "multiple" in text
    assert "csrfmiddlewaretoken" in text
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert "noindex" in response["X-Robots-Tag"]


def test_an_emailed_link_carries_the_link_and_nothing_about_the_child():
    world = book_world()
    _, token = a_link(world, email="pat@example.net")

    (email,) = EmailOutbox.objects.filter(recipient="pat@example.net")
    assert token in email.message
    for secret in (world.child.first_name, world.child.last_name, world.child.reference):
        assert secret not in email.message and secret not in email.subject


def test_an_expired_link_refuses_with_410_and_keeps_nothing(client, clock, private_storage_dir):
    world = book_world()
    link, token = a_link(world)
    assert link.expires_at - clock.now == timedelta(days=14)
    clock.advance(days=15)

    shown = client.get(page(token))
    sent = client.post(page(token), {"files": [photo()], "message": "Hello"})

    for response in (shown, sent):
        assert response.status_code == 410
        assert CLOSED in response.content.decode()
        assert response["Cache-Control"] == "no-store"
    assert not Contribution.objects.exists() and not MediaItem.objects.exists()
    assert files_in(private_storage_dir) == []
    with pytest.raises(Exception, match="This link has expired"):
        contribution_receive(token=token, files=[photo()], message="")


def test_a_link_lasts_the_days_the_worker_chose_up_to_30(clock):
    world = book_world()
    link, _ = a_link(world, days=3)
    assert link.expires_at - clock.now == timedelta(days=3)
    for days in (0, 31):
        with pytest.raises(Exception, match="between 1 and 30 days"):
            a_link(world, days=days)


def test_a_revoked_link_refuses_in_the_same_words(client):
    world = book_world()
    link, token = a_link(world)
    link_revoke(by=world.co_worker, link=link)

    response = client.post(page(token), {"files": [photo()], "message": "Hello"})

    assert response.status_code == 410
    assert CLOSED in response.content.decode()
    assert not MediaItem.objects.exists()
    assert client.get(page(token)).status_code == 410


def test_an_unknown_token_is_404(client):
    book_world()
    response = client.get(page("not-a-real-token-" + "x" * 26))
    assert response.status_code == 404
    assert response["Referrer-Policy"] == "same-origin"


def test_an_svg_among_the_files_refuses_the_whole_submission(client, private_storage_dir):
    world = book_world()
    _, token = a_link(world)
    svg = SimpleUploadedFile("drawing.svg", SVG, "image/svg+xml")

    response = client.post(page(token), {"files": [photo(), svg], "message": "Two photos"})

    assert response.status_code == 200
    assert "drawing.svg" in response.content.decode()
    assert not Contribution.objects.exists()
    assert not MediaItem.objects.exists()
    assert files_in(private_storage_dir) == []


def test_too_many_photos_are_refused():
    world = book_world()
    _, token = a_link(world)
    with pytest.raises(Exception, match="at most 10 photos"):
        contribution_receive(token=token, files=[photo() for _ in range(11)], message="")
    assert not Contribution.objects.exists()


def test_the_sixth_submission_within_an_hour_is_refused(client):
    world = book_world()
    _, token = a_link(world)
    for number in range(5):
        response = client.post(page(token), {"message": f"Message {number}"})
        assert response.status_code == 302, number

    refused = client.post(page(token), {"message": "One more"})

    assert refused.status_code == 429
    assert Contribution.objects.count() == 5


def test_the_token_is_never_stored_in_clear():
    world = book_world()
    link, token = a_link(world)
    link_revoke(by=world.worker, link=link)

    row = ContributionLink.objects.filter(pk=link.pk).values().get()
    history = list(ContributionLink.history.filter(id=link.pk).values())
    assert history
    for values in (row, *history):
        assert token not in " ".join(str(v) for v in values.values())
    assert len(token) >= 43


def test_only_the_books_writers_send_revoke_accept_and_delete(client):
    world = book_world()
    link, token = a_link(world)
    contribution_receive(token=token, files=[photo(), photo()], message="")
    first, second = MediaItem.objects.order_by("pk")
    pk = world.book.pk
    pages = [
        ("get", reverse("lifestory:link_create", args=[pk])),
        ("post", reverse("lifestory:link_create", args=[pk])),
        ("post", reverse("lifestory:link_revoke", args=[pk, link.pk])),
        ("post", reverse("lifestory:contribution_accept", args=[pk, first.pk])),
        ("post", reverse("lifestory:contribution_delete", args=[pk, first.pk])),
    ]
    expected = {"team_manager": 403, "other_worker": 404, "school_contact": 404}
    for name, status in expected.items():
        client.force_login(getattr(world, name))
        for method, url in pages:
            response = getattr(client, method)(url, {"contributor_name": "X", "relationship": "Y"})
            assert response.status_code == status, (name, url)
    assert ContributionLink.objects.count() == 1
    assert not ContributionLink.objects.get().is_revoked
    assert MediaItem.objects.filter(status=MediaItem.Status.QUARANTINE).count() == 2
    for name in expected:
        with pytest.raises(Exception):  # noqa: B017, PT011 - 404 or 403, both refuse
            contribution_accept(by=getattr(world, name), item=first)
        with pytest.raises(Exception):  # noqa: B017, PT011
            contribution_delete(by=getattr(world, name), item=first)

    client.force_login(world.co_worker)
    created = client.post(
        reverse("lifestory:link_create", args=[pk]),
        {"contributor_name": "Jo", "relationship": "birth grandmother", "days": "7"},
    )
    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    assert "/contribute/" in created.content.decode()
    assert ContributionLink.objects.count() == 2
    client.force_login(world.worker)
    assert client.post(pages[2][1]).status_code == 302
    assert ContributionLink.objects.get(pk=link.pk).is_revoked
    assert client.post(pages[4][1]).status_code == 302
    assert not MediaItem.objects.filter(pk=first.pk).exists()


def test_accepting_moves_the_photo_into_the_books_photos(
    client, private_storage_dir, django_capture_on_commit_callbacks
):
    world = book_world()
    _, token = a_link(world)
    contribution_receive(token=token, files=[photo(), photo()], message="For chapter one")
    kept, deleted = MediaItem.objects.order_by("pk")
    chapter = chapters_of(current_version(world.book))[0]
    client.force_login(world.worker)

    accepted = client.post(
        reverse("lifestory:contribution_accept", args=[world.book.pk, kept.pk]),
        {"caption": "On the beach with Pat", "chapter": chapter.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(
            reverse("lifestory:contribution_delete", args=[world.book.pk, deleted.pk])
        )

    assert accepted.status_code == removed.status_code == 302
    kept.refresh_from_db()
    assert kept.status == MediaItem.Status.ACCEPTED
    assert (kept.caption, kept.chapter) == ("On the beach with Pat", chapter)
    assert not MediaItem.objects.filter(pk=deleted.pk).exists()
    assert len(files_in(private_storage_dir)) == 3  # the accepted photo's three files
    book_page = client.get(reverse("lifestory:book_detail", args=[world.book.pk]))
    assert [p.pk for p in book_page.context["photos"]] == [kept.pk]
    waiting = book_page.context["contributions_waiting"]
    assert [c.waiting for c in waiting] == [[]]  # the message stays until it is deleted


def test_the_writers_pages_open_and_a_read_message_is_deleted_with_what_still_waits(
    client, private_storage_dir, django_capture_on_commit_callbacks
):
    world = book_world()
    link, token = a_link(world)
    contribution = contribution_receive(token=token, files=[photo()], message="Read me")
    item = MediaItem.objects.get()
    pk = world.book.pk
    client.force_login(world.worker)
    book_page = client.get(reverse("lifestory:book_detail", args=[pk])).content.decode()
    assert 'id="contributions"' in book_page and "Pat Doyle" in book_page
    for url in (
        reverse("lifestory:link_create", args=[pk]),
        reverse("lifestory:link_revoke", args=[pk, link.pk]),
        reverse("lifestory:contribution_accept", args=[pk, item.pk]),
        reverse("lifestory:contribution_delete", args=[pk, item.pk]),
        reverse("lifestory:contribution_discard", args=[pk, contribution.pk]),
    ):
        assert client.get(url).status_code == 200, url
    # The team manager reads the book but sees no contributions section.
    client.force_login(world.team_manager)
    manager_page = client.get(reverse("lifestory:book_detail", args=[pk])).content.decode()
    assert 'id="contributions"' not in manager_page and "Read me" not in manager_page

    client.force_login(world.worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("lifestory:contribution_discard", args=[pk, contribution.pk])
        )

    assert response.status_code == 302
    assert not Contribution.objects.exists() and not MediaItem.objects.exists()
    assert files_in(private_storage_dir) == []
