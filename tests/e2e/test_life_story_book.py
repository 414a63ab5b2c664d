"""Browser journey: a Life Story Book from its start to a downloaded PDF (issue 17,
requirement 10). The life-story worker starts a book for a demo child, writes
and reorders its chapters, adds a photo by keyboard and sends it for review;
the team manager approves it; the worker makes the PDF and downloads it.
axe-core on each page."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from lifestory.models import LifeStoryBook, MediaItem
from placements.casework.models import Child
from tests.e2e.conftest import assert_accessible
from tests.lifestory.images import gps_exif, jpeg_bytes

pytestmark = pytest.mark.e2e

WORKER = "lifestory@example.org"
MANAGER = "manager@example.org"


def step(page: Page, button: str, told: str) -> None:
    """Take a move of the book: its button on the book's page, then its confirmation,
    and see what the page says was done."""
    page.get_by_role("link", name=button, exact=True).click()
    expect(page.get_by_role("heading", name=button)).to_be_visible()
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text(told)).to_be_visible()


def test_a_book_from_its_start_to_a_downloaded_pdf(
    page: Page, demo, sign_in, axe_violations, tmp_path
):
    child = Child.objects.get(first_name="Leo")
    sign_in(WORKER)
    expect(page.get_by_role("heading", name="Life Story Books")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_role("link", name="All Life Story Books").click()
    assert_accessible(page, axe_violations)
    page.get_by_role("link", name="Start a Life Story Book").click()
    page.get_by_label("The child's reference").fill(child.reference)
    page.get_by_label("Adoption", exact=True).check()
    page.get_by_label("Celebration hearing (optional)").fill("2027-03-01")
    assert_accessible(page, axe_violations)
    page.get_by_role("button", name="Start the book").click()
    expect(page.get_by_text("is started, with its outline of chapters")).to_be_visible()
    expect(page.get_by_text("Final book due")).to_have_count(0)
    assert_accessible(page, axe_violations)
    book = LifeStoryBook.objects.get(child=child)
    assert book.final_due_date.isoformat() == "2027-03-15"

    step(page, "Start gathering", "You started gathering material for the book.")
    step(page, "Start drafting", "You started drafting the book.")

    # Reorder by keyboard: focus the button, press Enter.
    page.get_by_role("button", name="Move up “My birth family”").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("“My birth family” is moved up.")).to_be_visible()
    headings = page.locator(".lifestory-chapters h3")
    expect(headings.first).to_have_text("1. My birth family")

    for number in range(6):
        page.locator(".lifestory-chapters").get_by_role("link", name=re.compile("^Write")).nth(
            number
        ).click()
        page.get_by_label("Text").fill(
            f"## Part {number + 1}\n\nYou were **loved** from the start."
        )
        if number == 0:
            assert_accessible(page, axe_violations)
        page.get_by_role("button", name="Save and go back to the book").click()
        expect(page.get_by_text("is saved.")).to_be_visible()

    # A photo, by keyboard: Tab to the file input, open the chooser with Space.
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(jpeg_bytes(size=(640, 480), exif=gps_exif()))
    page.get_by_role("link", name="Add a photo").click()
    assert_accessible(page, axe_violations)
    page.get_by_label("Photo", exact=True).focus()
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(photo))
    page.keyboard.press("Tab")
    page.get_by_label("Caption").fill("Leo at the seaside")
    page.get_by_label("Consent for its use").fill("His birth mum agreed in writing")
    page.get_by_label("Chapter (optional)").select_option(label="My birth family")
    page.get_by_role("button", name="Add the photo").click()
    expect(page.get_by_text("The photo “Leo at the seaside” is saved.")).to_be_visible()
    expect(page.get_by_role("img", name="Leo at the seaside")).to_be_visible()
    assert MediaItem.objects.filter(book=book).count() == 1

    step(page, "Send for review", "You sent the book for review.")
    expect(page.get_by_text("Draft review")).to_be_visible()

    page.context.clear_cookies()
    sign_in(MANAGER)
    page.goto(f"{demo}/portal/life-story/{book.pk}/")
    expect(page.get_by_text("Read each chapter and add a comment")).to_be_visible()
    assert_accessible(page, axe_violations)
    step(page, "Approve the book", "You approved the book.")
    expect(page.get_by_text("approved by Mo Manager")).to_be_visible()

    page.context.clear_cookies()
    sign_in(WORKER)
    page.goto(f"{demo}/portal/life-story/{book.pk}/")
    page.get_by_role("link", name="The printed book (PDF)").click()
    expect(page.get_by_text("No PDF has been made of this book yet.")).to_be_visible()
    page.get_by_role("button", name="Make a new PDF").click()
    download_button = page.get_by_role("button", name="Download PDF 1")
    expect(download_button).to_be_visible(timeout=30_000)
    assert_accessible(page, axe_violations)
    with page.expect_download() as download:
        download_button.click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "My birth family" in text and "Leo at the seaside" in text
    assert len(reader.pages) == 2 + 6
