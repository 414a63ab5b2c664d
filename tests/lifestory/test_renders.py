"""The printed book (issue 17, requirement 6): made in the background, opened with
pypdf, with its chapters and photos; refused and unreachable for outsiders."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from lifestory.models import BookRender
from lifestory.selectors.books import chapters_of, current_version
from lifestory.services.media import media_add
from lifestory.services.renders import render_request, render_run
from portal.audit.models import AccessEvent

from .images import gps_exif, jpeg_bytes
from .support import SEES_NOTHING, approved, book_world, printed, write_every_chapter

pytestmark = pytest.mark.django_db


def pdf_of(render) -> PdfReader:
    with render.file.open("rb") as stored:
        return PdfReader(io.BytesIO(stored.read()))


def photo(world, chapter, caption, **flags):
    return media_add(
        by=world.worker,
        book=world.book,
        upload=SimpleUploadedFile("p.jpg", jpeg_bytes(size=(800, 600), exif=gps_exif())),
        chapter=chapter,
        caption=caption,
        consent="Agreed",
        **flags,
    )


def test_the_pdf_has_a_cover_contents_every_chapter_and_only_printable_photos():
    world = book_world()
    write_every_chapter(world.book, world.worker)
    chapters = chapters_of(current_version(world.book))
    photo(world, chapters[0], "Born on a Tuesday")
    photo(world, chapters[3], "Outside the foster home", may_identify=True)
    render = printed(world)
    assert render.status == BookRender.Status.DONE and render.progress == 100
    reader = pdf_of(render)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for chapter in chapters:
        assert chapter.title in text
    assert f"{world.child.first_name}'s Life Story Book" in text
    assert "Born on a Tuesday" in text
    # Flagged and not cleared: left out of the book.
    assert "Outside the foster home" not in text
    assert render.photos == 1
    # A cover, a contents page, then each of the six chapters on its own page.
    assert render.pages == len(reader.pages) == 2 + len(chapters)
    assert "Page 3 of" in reader.pages[2].extract_text()


def test_asking_twice_while_it_is_made_gives_the_same_print_and_numbers_go_up():
    world = book_world()
    first = render_request(by=world.worker, book=world.book)
    assert render_request(by=world.co_worker, book=world.book) == first
    render_run(first.pk)
    second = render_request(by=world.team_manager, book=world.book)
    assert (first.number, second.number) == (1, 2)


def test_a_render_that_fails_is_marked_failed_with_its_reason(monkeypatch):
    world = book_world()
    render = render_request(by=world.worker, book=world.book)

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("lifestory.services.renders.render_pdf", broken)
    render = render_run(render.pk)
    assert render.status == BookRender.Status.FAILED
    assert "no fonts" in render.error and not render.file


def test_the_print_page_and_download_are_for_the_project_only_and_logged(client):
    world = book_world()
    approved(world)
    render = printed(world)
    url = reverse("lifestory:render_download", args=[world.book.pk, render.pk])
    client.force_login(world.team_manager)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessEvent.objects.filter(user=world.team_manager, purpose__contains="printed").exists()
    for name in SEES_NOTHING:
        client.force_login(getattr(world, name))
        assert client.get(url).status_code == 404, name
        assert client.get(reverse("lifestory:book_print", args=[world.book.pk])).status_code == 404


def test_the_print_page_shows_progress_to_htmx_and_a_download_when_done(client):
    world = book_world()
    client.force_login(world.worker)
    url = reverse("lifestory:book_print", args=[world.book.pk])
    client.post(url)
    render = BookRender.objects.get(book=world.book)
    panel = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in panel and "<progress" in panel
    render_run(render.pk)
    panel = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in panel
    assert reverse("lifestory:render_download", args=[world.book.pk, render.pk]) in panel
