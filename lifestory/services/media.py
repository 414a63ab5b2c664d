"""Photos in a Life Story Book (issue 17, requirement 3).

`media_add` cleans the upload (media.clean_image: the type from the content,
every metadata block removed, a thumbnail and a print-size version) and keeps
the three files in private storage, in one transaction with the record: a
refused upload leaves no file and no row. A photo flagged as possibly
identifying where the child lives, their school or carers is cleared by a
team manager before it may be printed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.permissions import require_object_permission

from ..media import clean_image
from ..models import Chapter, LifeStoryBook, MediaItem
from ..rules import WRITING
from .books import locked_book

MOST_PHOTOS = 200
TEXT_FIELDS = ("caption", "shows", "source", "consent")


def _details(details: dict) -> dict:
    cleaned = {name: (details.get(name) or "").strip() for name in TEXT_FIELDS}
    errors: dict[str, list[str]] = {}
    if not cleaned["caption"]:
        errors["caption"] = ["Enter a caption for the photo."]
    if not cleaned["consent"]:
        errors["consent"] = ["Say who agreed to the photo being used in the book."]
    for name, value in cleaned.items():
        if len(value) > 300:
            errors[name] = ["Write 300 characters or fewer."]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _chapter_of(book: LifeStoryBook, chapter: Chapter | None) -> Chapter | None:
    if chapter is None:
        return None
    if not Chapter.objects.filter(pk=chapter.pk, version__book=book).exists():
        raise ValidationError({"chapter": ["Choose a chapter of this book."]})
    return chapter


def _writable(by: User, book: LifeStoryBook) -> LifeStoryBook:
    require_object_permission(by, book, scope="lifestory.view_lifestorybook")
    book = locked_book(book)
    if not (by.is_portal_admin or by.pk in (book.worker_id, book.co_worker_id)):
        raise PermissionDenied("Only the book's worker and co-worker add and change its photos.")
    if book.status not in WRITING:
        raise ValidationError(
            f"The book is {book.get_status_display().lower()}: its photos cannot change now."
        )
    return book


def store_photo(
    *, book: LifeStoryBook, upload, status: str, by: User | None, chapter=None, **details
) -> MediaItem:
    """Clean `upload` and keep it with its details (the caller checked who may)."""
    fields = _details(details)
    if MediaItem.objects.filter(book=book).count() >= MOST_PHOTOS:
        raise ValidationError({"file": [f"A book holds at most {MOST_PHOTOS} photos."]})
    cleaned = clean_image(upload)
    item = MediaItem(
        book=book,
        chapter=_chapter_of(book, chapter),
        status=status,
        content_type=cleaned.content_type,
        width=cleaned.width,
        height=cleaned.height,
        original_sha256=cleaned.original_sha256,
        may_identify=bool(details.get("may_identify")),
        uploaded_by=by,
        **fields,
    )
    extension = cleaned.extension
    item.file.save(f"photo{extension}", ContentFile(cleaned.content), save=False)
    item.thumbnail.save(f"thumb{extension}", ContentFile(cleaned.thumbnail), save=False)
    item.print_version.save(f"print{extension}", ContentFile(cleaned.print_version), save=False)
    try:
        if by is not None:
            with acting_as(by):
                item.save()
        else:
            item.save()
    except Exception:
        # A refused save keeps no row, so it keeps no file either.
        for stored in (item.file, item.thumbnail, item.print_version):
            stored.storage.delete(stored.name)
        raise
    return item


@transaction.atomic
def media_add(
    *, by: User, book: LifeStoryBook, upload, chapter: Chapter | None = None, **details
) -> MediaItem:
    book = _writable(by, book)
    return store_photo(
        book=book,
        upload=upload,
        status=MediaItem.Status.ACCEPTED,
        by=by,
        chapter=chapter,
        **details,
    )


@transaction.atomic
def media_update(
    *, by: User, item: MediaItem, chapter: Chapter | None = None, **details
) -> MediaItem:
    book = _writable(by, item.book)
    item = MediaItem.objects.select_for_update().get(pk=item.pk)
    fields = _details(details)
    for name, value in fields.items():
        setattr(item, name, value)
    item.chapter = _chapter_of(book, chapter)
    flagged = bool(details.get("may_identify"))
    if flagged and not item.may_identify:
        item.cleared_at = item.cleared_by = None
    item.may_identify = flagged
    with acting_as(by):
        item.save()
    return item


@transaction.atomic
def media_clear(*, by: User, item: MediaItem) -> MediaItem:
    """A team manager has checked the photo shows nothing that finds the child now."""
    book = item.book
    require_object_permission(by, book, scope="lifestory.view_lifestorybook")
    if not (by.is_portal_admin or by.has_perm("lifestory.clear_media", book)):
        raise PermissionDenied("Only a team manager of the service clears a flagged photo.")
    item = MediaItem.objects.select_for_update().get(pk=item.pk)
    if not item.needs_clearing:
        raise ValidationError("This photo is not waiting to be cleared.")
    item.cleared_at = timezone.now()
    item.cleared_by = by
    with acting_as(by):
        item.save(update_fields=["cleared_at", "cleared_by"])
    return item


@transaction.atomic
def media_remove(*, by: User, item: MediaItem) -> None:
    """Remove the photo and its files (its history keeps its details, not the picture)."""
    _writable(by, item.book)
    item = MediaItem.objects.select_for_update().get(pk=item.pk)
    names = [item.file.name, item.thumbnail.name, item.print_version.name]
    storage = item.file.storage
    with acting_as(by):
        item.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
