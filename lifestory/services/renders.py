"""The printed book (issue 17, requirement 6): asked for on a page or through the
API, made by a Celery worker through the shared PDF renderer (portal.pdf), kept
in private storage.

Why not portal.exports: an export is a temporary copy for one person, deleted
after a week, in the exports' storage. A book's print is part of the child's
record: numbered, kept as long as the book, and the one handed over is recorded.
It still follows the exports' shape: ask (once while one is on its way), queue
after commit, run in the worker, never raise for a render error.

Photos go in at print size, as data: URLs (the renderer fetches nothing else),
and only those accepted into the book and cleared where they were flagged.
"""

from __future__ import annotations

import base64
import io
import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from pypdf import PdfReader

from portal.accounts.models import User
from portal.celery import enqueue_on_commit
from portal.dates import age_on
from portal.pdf import render_pdf
from portal.permissions import require_object_permission

from ..models import BookRender, LifeStoryBook, MediaItem
from ..selectors.books import chapters_of, current_version
from ..writing import to_html

logger = logging.getLogger(__name__)

# A render still queued or running after this was lost (a worker died).
ABANDONED_AFTER = timedelta(minutes=15)


@transaction.atomic
def render_request(*, by: User, book: LifeStoryBook) -> BookRender:
    """Queue a print of the book's current version, or return the one on its way."""
    require_object_permission(
        by, book, "lifestory.render_book", scope="lifestory.view_lifestorybook"
    )
    book = LifeStoryBook.objects.select_for_update().get(pk=book.pk)
    version = current_version(book)
    in_flight = BookRender.objects.filter(book=book, status__in=BookRender.IN_FLIGHT)
    for render in in_flight:
        if (
            render.version_id == version.pk
            and render.created_at >= timezone.now() - ABANDONED_AFTER
        ):
            return render
        _finish(render, BookRender.Status.FAILED, error="Abandoned: not finished in time.")
    number = (BookRender.objects.filter(book=book).aggregate(n=Max("number"))["n"] or 0) + 1
    render = BookRender.objects.create(book=book, version=version, number=number, requested_by=by)
    from ..tasks import render_book

    enqueue_on_commit(render_book, render.pk)
    return render


def _finish(render: BookRender, status: str, *, error: str = "") -> None:
    render.status = status
    render.error = error
    render.finished_at = timezone.now()
    if status == BookRender.Status.DONE:
        render.progress = 100
    render.save()


def _progress(render: BookRender, percent: int) -> None:
    BookRender.objects.filter(pk=render.pk).update(progress=percent)


def _data_url(item: MediaItem) -> str:
    with item.print_version.open("rb") as stored:
        encoded = base64.b64encode(stored.read()).decode("ascii")
    return f"data:{item.content_type};base64,{encoded}"


def book_document(render: BookRender, *, on_photo=None) -> tuple[bytes, int]:
    """The PDF of the render's version: cover, contents, chapters with their photos."""
    book = render.book
    chapters = chapters_of(render.version)
    printable = [
        item
        for item in MediaItem.objects.filter(book=book, chapter__in=chapters).order_by(
            "uploaded_at", "pk"
        )
        if item.may_be_printed
    ]
    photos: dict[int, list[dict]] = {}
    for done, item in enumerate(printable, start=1):
        photos.setdefault(item.chapter_id, []).append(
            {"src": _data_url(item), "caption": item.caption}
        )
        if on_photo is not None:
            on_photo(done, len(printable))
    child = book.child
    context = {
        "book": book,
        "child": child,
        "name": child.preferred_name or child.first_name,
        "age": age_on(child.date_of_birth, timezone.localdate()),
        "render": render,
        "chapters": [
            {"chapter": c, "html": to_html(c.body), "photos": photos.get(c.pk, [])}
            for c in chapters
        ],
        "photo_count": len(printable),
    }
    return render_pdf("lifestory/pdf/book.html", context), len(printable)


def render_run(render_id: int) -> BookRender | None:
    """Make one queued print (the Celery task's work). A render error marks the
    print failed, with its reason, and is logged; it never raises."""
    with transaction.atomic():
        render = (
            BookRender.objects.select_for_update()
            .select_related("book", "book__child", "version")
            .filter(pk=render_id)
            .first()
        )
        if render is None or render.status != BookRender.Status.QUEUED:
            return render
        render.status = BookRender.Status.RUNNING
        render.progress = 5
        render.save(update_fields=["status", "progress"])
    try:
        body, photos = book_document(
            render, on_photo=lambda done, total: _progress(render, 5 + 60 * done // total)
        )
        _progress(render, 90)
        render.pages = len(PdfReader(io.BytesIO(body)).pages)
        render.photos = photos
        render.file.save(f"book-{render.number}.pdf", ContentFile(body), save=False)
    except Exception as exc:
        logger.exception("Life Story Book render %s failed.", render.pk)
        _finish(render, BookRender.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
    else:
        _finish(render, BookRender.Status.DONE)
    return render


def latest_render(book: LifeStoryBook) -> BookRender | None:
    return BookRender.objects.filter(book=book).order_by("-number").first()


def printed_version_for_delivery(book: LifeStoryBook) -> BookRender:
    """The newest finished print of the approved version (refused without one)."""
    version = current_version(book)
    render = (
        BookRender.objects.filter(book=book, version=version, status=BookRender.Status.DONE)
        .order_by("-number")
        .first()
    )
    if render is None:
        raise ValidationError("Make the PDF of the approved book before recording its delivery.")
    return render
