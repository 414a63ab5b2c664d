"""The routes of Life Story Books in the API (see the package's docstring)."""

from __future__ import annotations

import datetime as dt

from django.http import FileResponse, Http404
from django.urls import reverse
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.audit.services import record_access
from portal.permissions import object_permission, permission, require_object_permission

from ..models import BookRender, LifeStoryBook, MediaItem
from ..selectors.books import (
    book_for_page,
    books_visible_to,
    chapters_of,
    current_version,
    next_deadline,
)
from ..services.media import media_add
from ..services.renders import render_request
from . import router

READ_PURPOSE = "Read a Life Story Book through the API"
PREFIX = "/life-story-books"


class BookRowOut(Schema):
    id: int
    child: str = Field(..., description="The child's initials and reference.")
    status: LifeStoryBook.Status
    plan_type: LifeStoryBook.PlanType
    final_due_date: dt.date | None

    @staticmethod
    def resolve_child(obj) -> str:
        return str(obj.child)


class ChapterOut(Schema):
    id: int
    title: str
    position: int


class BookOut(BookRowOut):
    second_review_date: dt.date | None
    draft_due_date: dt.date | None = Field(..., description="The second adoption review.")
    celebration_hearing_date: dt.date | None
    working_days_left: int | None = Field(
        ...,
        description="Working days to the deadline the book works towards now (the draft, "
        "then the final book); negative once passed; null when delivered or not dated.",
    )
    chapters: list[ChapterOut]


class MediaIn(Schema):
    caption: str = ""
    consent: str = ""
    shows: str = ""
    source: str = ""
    may_identify: bool = False


class MediaOut(Schema):
    id: int
    download_url: str


class RenderOut(Schema):
    id: int
    status: BookRender.Status
    progress: int = Field(..., description="Per cent done.")
    pages: int | None
    download_url: str | None


class RenderAcceptedOut(Schema):
    id: int
    status: BookRender.Status


def _book(request, book_id: int, action: str | None = None) -> LifeStoryBook:
    book = book_for_page(book_id)
    if book is None:
        raise Http404("Not found")
    require_object_permission(request.user, book, action, scope="lifestory.view_lifestorybook")
    return book


def _render_out(book: LifeStoryBook, render: BookRender) -> dict:
    done = render.status == BookRender.Status.DONE and bool(render.file)
    return {
        "id": render.pk,
        "status": render.status,
        "progress": render.progress,
        "pages": render.pages,
        "download_url": reverse("portal_api:life_story_render_file", args=[book.pk, render.pk])
        if done
        else None,
    }


@router.get(f"{PREFIX}/", response=list[BookRowOut], summary="Life Story Books you can see")
@paginate(Pagination, page_size=25)
@permission("lifestory.list_books")
def list_books(request):
    return books_visible_to(request.user).order_by("status", "final_due_date", "pk")


@router.get(f"{PREFIX}/{{int:book_id}}", response=BookOut, summary="One book (logged)")
@object_permission
def get_book(request, book_id: int):
    book = _book(request, book_id)
    record_access(request.user, book, READ_PURPOSE, path=request.path)
    deadline = next_deadline(book)
    book.working_days_left = deadline.working_days_left if deadline else None
    book.chapters = chapters_of(current_version(book))
    return book


@router.post(
    f"{PREFIX}/{{int:book_id}}/media",
    response={201: MediaOut},
    summary="Add a photo (cleaned: type from its content, metadata removed)",
)
@object_permission
def add_media(request, book_id: int, file: File[UploadedFile], details: Form[MediaIn]):
    book = _book(request, book_id, "lifestory.write_chapters")
    item = media_add(by=request.user, book=book, upload=file, **details.dict())
    return Status(201, {"id": item.pk, "download_url": _media_url(book, item)})


def _media_url(book: LifeStoryBook, item: MediaItem) -> str:
    return reverse("portal_api:life_story_media_file", args=[book.pk, item.pk])


@router.get(
    f"{PREFIX}/{{int:book_id}}/media/{{int:media_id}}",
    url_name="life_story_media_file",
    summary="A photo's file at print size (logged, never cached)",
)
@object_permission
def media_file(request, book_id: int, media_id: int):
    book = _book(request, book_id)
    item = MediaItem.objects.filter(pk=media_id, book=book).first()
    if item is None:
        raise Http404("Not found")
    record_access(request.user, item, "Viewed a photo (API)", path=request.path)
    response = FileResponse(item.print_version.open("rb"), content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@router.post(
    f"{PREFIX}/{{int:book_id}}/renders",
    response={202: RenderAcceptedOut},
    summary="Make a PDF of the book (in the background)",
)
@object_permission
def start_render(request, book_id: int):
    book = _book(request, book_id, "lifestory.render_book")
    render = render_request(by=request.user, book=book)
    return Status(202, {"id": render.pk, "status": render.status})


@router.get(
    f"{PREFIX}/{{int:book_id}}/renders/{{int:render_id}}",
    response=RenderOut,
    summary="A PDF's status and progress",
)
@object_permission
def get_render(request, book_id: int, render_id: int):
    book = _book(request, book_id, "lifestory.render_book")
    render = BookRender.objects.filter(pk=render_id, book=book).first()
    if render is None:
        raise Http404("Not found")
    return _render_out(book, render)


@router.get(
    f"{PREFIX}/{{int:book_id}}/renders/{{int:render_id}}/file",
    url_name="life_story_render_file",
    summary="The PDF (logged, never cached)",
)
@object_permission
def render_file(request, book_id: int, render_id: int):
    book = _book(request, book_id, "lifestory.render_book")
    render = BookRender.objects.filter(pk=render_id, book=book).first()
    if render is None or render.status != BookRender.Status.DONE or not render.file:
        raise Http404("Not found")
    record_access(
        request.user, render, "Downloaded a printed Life Story Book (API)", path=request.path
    )
    response = FileResponse(render.file.open("rb"), content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
