"""Life Story Books in the API (issue 17, requirement 7): scoped like the pages,
paginated with flat queries, reads logged, photos and PDFs through the same rules."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from lifestory.models import BookRender, LifeStoryBook, MediaItem
from lifestory.services.renders import render_run
from portal.audit.models import AccessEvent
from tests.casework.factories import ChildFactory

from .images import gps_exif, jpeg_bytes
from .support import SEES, SEES_NOTHING, book_world

pytestmark = pytest.mark.django_db
BASE = "/api/v1/life-story-books/"


def test_a_book_shows_its_deadlines_and_chapters_and_the_read_is_logged(client, clock):
    clock.today_is(date(2026, 12, 21))
    world = book_world(second_review=date(2026, 12, 24), hearing=date(2027, 1, 20))
    client.force_login(world.worker)
    body = client.get(f"{BASE}{world.book.pk}").json()
    assert body["status"] == "not_started" and body["plan_type"] == "adoption"
    assert body["draft_due_date"] == body["second_review_date"] == "2026-12-24"
    assert body["celebration_hearing_date"] == "2027-01-20"
    assert body["final_due_date"] == "2027-02-03"
    assert body["working_days_left"] == 3
    assert [c["title"] for c in body["chapters"]][:2] == ["My birth", "My birth family"]
    assert [c["position"] for c in body["chapters"]] == [1, 2, 3, 4, 5, 6]
    assert AccessEvent.objects.filter(user=world.worker, purpose__contains="API").count() == 1


def test_the_api_is_scoped_like_the_pages():
    world = book_world()
    for name, person in world.people().items():
        client = Client()
        client.force_login(person)
        one = client.get(f"{BASE}{world.book.pk}")
        listing = client.get(BASE)
        if name in SEES:
            assert one.status_code == 200, name
            assert [b["id"] for b in listing.json()["items"]] == [world.book.pk]
        else:
            assert one.status_code == 404, name
            assert listing.status_code == 403 or listing.json()["items"] == [], name
    assert SEES_NOTHING


def test_a_photo_posted_comes_back_without_metadata_and_a_bad_file_is_a_422(client):
    world = book_world()
    client.force_login(world.worker)
    url = f"{BASE}{world.book.pk}/media"
    photo = SimpleUploadedFile("x.jpg", jpeg_bytes(exif=gps_exif()))
    response = client.post(url, {"file": photo, "caption": "Beach", "consent": "Mum agreed"})
    assert response.status_code == 201
    body = response.json()
    item = MediaItem.objects.get(pk=body["id"])
    served = client.get(body["download_url"])
    assert served["Cache-Control"] == "private, no-store"
    image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert dict(image.getexif()) == {}
    svg = SimpleUploadedFile("x.jpg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    refused = client.post(url, {"file": svg, "caption": "Drawing", "consent": "Agreed"})
    assert refused.status_code == 422
    assert "HTML or SVG" in refused.json()["errors"][0]["message"]
    missing = client.post(url, {"file": SimpleUploadedFile("y.jpg", jpeg_bytes()), "caption": "C"})
    assert missing.status_code == 422
    assert {
        "field": "consent",
        "message": "Say who agreed to the photo being used in the book.",
    } in (missing.json()["errors"])
    assert list(MediaItem.objects.values_list("pk", flat=True)) == [item.pk]
    client.force_login(world.team_manager)
    photo = SimpleUploadedFile("z.jpg", jpeg_bytes())
    assert client.post(url, {"file": photo, "caption": "B", "consent": "A"}).status_code == 403


def test_a_render_is_accepted_then_reports_progress_and_its_pdf(client):
    world = book_world()
    client.force_login(world.worker)
    started = client.post(f"{BASE}{world.book.pk}/renders")
    assert started.status_code == 202
    render_id = started.json()["id"]
    url = f"{BASE}{world.book.pk}/renders/{render_id}"
    waiting = client.get(url).json()
    assert (waiting["status"], waiting["progress"], waiting["download_url"]) == ("queued", 0, None)
    render_run(render_id)
    done = client.get(url).json()
    assert (done["status"], done["progress"]) == ("done", 100)
    pdf = client.get(done["download_url"])
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    client.force_login(world.school_contact)
    assert client.get(url).status_code == 404
    assert client.get(done["download_url"]).status_code == 404
    assert BookRender.objects.count() == 1


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_constant_number_of_queries(client, django_assert_max_num_queries, rows):
    world = book_world()
    for _ in range(rows - 1):
        LifeStoryBook.objects.create(
            child=ChildFactory(held_by=world.service),
            plan_type="adoption",
            worker=world.worker,
            created_by=world.worker,
        )
    client.force_login(world.team_manager)
    with django_assert_max_num_queries(10):
        response = client.get(BASE, {"page_size": 100})
    assert response.json()["count"] == rows
