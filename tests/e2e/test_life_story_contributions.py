"""Browser journey: a foster carer sends photos for a Life Story Book through a
contribution link (issue 17, requirement 4). The worker creates the link; the
carer opens it signed out, sees nothing of the book and sends two photos and a
message; the worker accepts one into the book and deletes the other; the
revoked link then refuses. axe-core on each page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from lifestory.models import LifeStoryBook, MediaItem
from tests.e2e.conftest import assert_accessible
from tests.lifestory.images import gps_exif, jpeg_bytes

pytestmark = pytest.mark.e2e


def test_a_carer_sends_photos_that_the_worker_accepts_or_deletes(
    page: Page, demo, sign_in, axe_violations, tmp_path
):
    book = LifeStoryBook.objects.get(child__first_name="Maya")
    child = book.child
    sign_in("lifestory@example.org")
    page.goto(f"{demo}/portal/life-story/{book.pk}/#contributions")
    page.get_by_role("link", name="Send a contribution link").click()
    page.get_by_label("Their name").fill("Pat Doyle")
    page.get_by_label("Who they are to the child").fill("foster carer")
    assert_accessible(page, axe_violations)
    page.get_by_role("button", name="Create the link").click()
    expect(page.get_by_role("heading", name="Contribution link created")).to_be_visible()
    assert_accessible(page, axe_violations)
    # The link names the site's configured address; here it is the live server's.
    address = demo + urlsplit(page.get_by_label("The link").input_value()).path

    page.context.clear_cookies()
    page.goto(address)
    expect(page.get_by_role("heading", name="Send photos and a message")).to_be_visible()
    content = page.content()
    assert child.first_name not in content and child.reference not in content
    assert "My birth" not in content
    assert_accessible(page, axe_violations)
    first, second = tmp_path / "beach.jpg", tmp_path / "garden.jpg"
    first.write_bytes(jpeg_bytes(size=(600, 400), exif=gps_exif()))
    second.write_bytes(jpeg_bytes(size=(400, 600)))
    page.get_by_label("Photos").set_input_files([str(first), str(second)])
    page.get_by_label("A short message (optional)").fill("Maya at the beach last summer.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page, axe_violations)
    assert MediaItem.objects.filter(book=book, status=MediaItem.Status.QUARANTINE).count() == 2

    sign_in("lifestory@example.org")
    page.goto(f"{demo}/portal/life-story/{book.pk}/#quarantine")
    expect(page.get_by_text("Maya at the beach last summer.")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_role(
        "link", name=re.compile(r"^Accept into the book\W+photo 1 from Pat Doyle$")
    ).click()
    page.get_by_label("Caption").fill("At the beach with Pat")
    page.get_by_role("button", name="Accept the photo").click()
    expect(page.get_by_role("img", name="At the beach with Pat")).to_be_visible()
    page.get_by_role("link", name="Delete photo 1 from Pat Doyle").click()
    assert_accessible(page, axe_violations)
    page.get_by_role("button", name="Delete the photo").click()
    waiting = MediaItem.objects.filter(book=book, status=MediaItem.Status.QUARANTINE)
    assert waiting.count() == 0
    assert MediaItem.objects.filter(book=book, caption="At the beach with Pat").exists()

    page.get_by_role("link", name="Revoke the link for Pat Doyle").click()
    page.get_by_role("button", name="Revoke the link").click()
    page.context.clear_cookies()
    response = page.goto(address)
    assert response.status == 410
    expect(page.get_by_text("This link has expired.")).to_be_visible()
