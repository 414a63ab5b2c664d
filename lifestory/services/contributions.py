"""Contributions from outside (issue 17, requirement 4).

The book's worker or co-worker sends a contribution link (`link_create`) to a
foster carer or a birth relative: photos and a short message for this one
book, nothing shown of it. Only the token's hash is kept; the token is in the
address shown once to the worker and in the email, if any. A link expires (14
days by default) and may be revoked (`link_revoke`); then it refuses with the
same words either way, so nothing is revealed.

`contribution_receive` keeps the message and each photo (cleaned by
media.clean_image, in quarantine) in one transaction: one refused file refuses
the whole submission, leaving no row and no file. The worker then accepts each
photo into the book (`contribution_accept`) or deletes it
(`contribution_delete`), and deletes the message once read
(`contribution_discard`).
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission
from portal.services import notify, queue_email

from ..models import Chapter, Contribution, ContributionLink, LifeStoryBook, MediaItem
from ..models.contributions import DEFAULT_DAYS, MESSAGE_LENGTH, MOST_DAYS, token_hash
from ..rules import WRITING
from ..selectors.contributions import photos_received
from .books import locked_book
from .media import _chapter_of, store_photo

MOST_PER_SUBMISSION = 10
MOST_PER_LINK = 30
CLOSED = "This link has expired. Ask the worker who sent it for a new one."
UNKNOWN = "This link does not work. Check you copied all of it, or ask the worker who sent it."
SCOPE = "lifestory.view_lifestorybook"
MANAGE = "lifestory.manage_contributions"


def contribution_url(raw_token: str) -> str:
    """The full address of the public page for a token (shown once, emailed once)."""
    path = reverse("lifestory_public:contribute", args=[raw_token])
    return f"{settings.WAGTAILADMIN_BASE_URL}{path}"


def _may_manage(by: User, book: LifeStoryBook) -> None:
    require_object_permission(by, book, MANAGE, scope=SCOPE)


def _being_written(book: LifeStoryBook, what: str) -> None:
    if book.status not in WRITING:
        raise ValidationError(f"The book is {book.get_status_display().lower()}: {what}")


@transaction.atomic
def link_create(
    *,
    by: User,
    book: LifeStoryBook,
    contributor_name: str,
    relationship: str,
    email: str = "",
    days: int | None = DEFAULT_DAYS,
) -> tuple[ContributionLink, str]:
    """A new link for one person; returns it with its raw token (never stored)."""
    _may_manage(by, book)
    book = locked_book(book)
    _being_written(book, "no contribution link can be sent now.")
    days = DEFAULT_DAYS if days is None else days
    if not isinstance(days, int) or not 1 <= days <= MOST_DAYS:
        raise ValidationError({"days": [f"Choose between 1 and {MOST_DAYS} days."]})
    raw = secrets.token_urlsafe(32)
    link = ContributionLink(
        book=book,
        contributor_name=(contributor_name or "").strip(),
        relationship=(relationship or "").strip(),
        email=(email or "").strip(),
        token_hash=token_hash(raw),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=by,
    )
    link.full_clean()
    with acting_as(by):
        link.save()
        if link.email:
            # The title and the link only: nothing about the child, nothing typed.
            queue_email(
                to=link.email,
                subject="Photos for a child's life story book",
                message=(
                    f"{by.get_full_name() or 'A life-story worker'} has asked you to send "
                    "photos and a short message for a child's life story book.\n\n"
                    f"Use this link until {long_date(timezone.localtime(link.expires_at))}: "
                    f"{contribution_url(raw)}\n\n"
                    "The link is for you only: please do not pass it on.\n"
                ),
            )
    return link, raw


@transaction.atomic
def link_revoke(*, by: User, link: ContributionLink) -> ContributionLink:
    _may_manage(by, link.book)
    link = ContributionLink.objects.select_for_update().get(pk=link.pk)
    if link.is_revoked:
        raise ValidationError("This link is already revoked.")
    link.revoked_at = timezone.now()
    link.revoked_by = by
    with acting_as(by):
        link.save(update_fields=["revoked_at", "revoked_by"])
    return link


def open_link(token: str) -> ContributionLink:
    """The link of `token` if it may still be used; the refusal says nothing more."""
    found = ContributionLink.objects.filter(token_hash=token_hash(token or "")).first()
    if found is None:
        raise ValidationError(UNKNOWN, code="unknown")
    link = (
        ContributionLink.objects.select_for_update(of=("self",))
        .select_related("book", "book__child")
        .get(pk=found.pk)
    )
    if not link.is_open:
        raise ValidationError(CLOSED, code="closed")
    return link


def _upload_and_description(entry):
    if isinstance(entry, tuple):
        return entry[0], (entry[1] or "").strip()
    return entry, ""


def _delete_files(items: list[MediaItem]) -> None:
    for item in items:
        for stored in (item.file, item.thumbnail, item.print_version):
            if stored.name:
                stored.storage.delete(stored.name)


def contribution_receive(*, token: str, files, message: str) -> Contribution:
    """Keep what a contributor sent: all of it, or (refused) nothing at all."""
    files = list(files or [])
    message = (message or "").strip()
    if len(message) > MESSAGE_LENGTH:
        raise ValidationError({"message": [f"Write {MESSAGE_LENGTH} characters or fewer."]})
    if not files and not message:
        raise ValidationError({"files": ["Choose at least one photo, or write a message."]})
    if len(files) > MOST_PER_SUBMISSION:
        raise ValidationError({"files": [f"Send at most {MOST_PER_SUBMISSION} photos at a time."]})
    stored: list[MediaItem] = []
    try:
        with transaction.atomic():
            link = open_link(token)
            if photos_received(link) + len(files) > MOST_PER_LINK:
                raise ValidationError(
                    {"files": [f"This link takes at most {MOST_PER_LINK} photos in all."]}
                )
            contribution = Contribution.objects.create(link=link, message=message)
            name = link.contributor_name
            for entry in files:
                upload, description = _upload_and_description(entry)
                try:
                    item = store_photo(
                        book=link.book,
                        upload=upload,
                        status=MediaItem.Status.QUARANTINE,
                        by=None,
                        caption=description[:300] or f"From {name}",
                        consent=f"Given by {name} ({link.relationship}) through a "
                        "contribution link",
                        source=f"{name} ({link.relationship})",
                    )
                except ValidationError as error:
                    label = getattr(upload, "name", "") or "A file"
                    raise ValidationError(
                        {"files": [f"{label}: {text}" for text in error.messages]}
                    ) from error
                item.contribution = contribution
                item.save(update_fields=["contribution"])
                stored.append(item)
            _tell_the_writers(link.book)
    except Exception:
        # The rows went with the transaction; the files kept so far go too.
        _delete_files(stored)
        raise
    return contribution


def _tell_the_writers(book: LifeStoryBook) -> None:
    url = reverse("lifestory:book_detail", args=[book.pk]) + "#contributions"
    title = f"Photos or a message arrived for the Life Story Book of {book.child.reference}"
    for user in filter(None, (book.worker, book.co_worker)):
        notify(user=user, title=title, url=url, kind="life_story")


def _waiting(item: MediaItem) -> MediaItem:
    item = MediaItem.objects.select_for_update().get(pk=item.pk)
    if item.status != MediaItem.Status.QUARANTINE:
        raise ValidationError("This photo is not waiting to be accepted.")
    return item


@transaction.atomic
def contribution_accept(
    *, by: User, item: MediaItem, chapter: Chapter | None = None, caption: str = ""
) -> MediaItem:
    """Move a photo from the quarantine list into the book's photos."""
    _may_manage(by, item.book)
    book = locked_book(item.book)
    _being_written(book, "photos cannot be added to it now.")
    item = _waiting(item)
    caption = (caption or "").strip() or item.caption
    if len(caption) > 300:
        raise ValidationError({"caption": ["Write 300 characters or fewer."]})
    item.caption = caption
    item.chapter = _chapter_of(book, chapter)
    item.status = MediaItem.Status.ACCEPTED
    with acting_as(by):
        item.save()
    return item


def _delete_later(items: list[MediaItem], by: User) -> None:
    names = [s.name for item in items for s in (item.file, item.thumbnail, item.print_version)]
    storage = MediaItem._meta.get_field("file").storage
    with acting_as(by):
        for item in items:
            item.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


@transaction.atomic
def contribution_delete(*, by: User, item: MediaItem) -> None:
    """Delete a photo waiting in the quarantine list, and its files."""
    _may_manage(by, item.book)
    _delete_later([_waiting(item)], by)


@transaction.atomic
def contribution_discard(*, by: User, contribution: Contribution) -> None:
    """Delete a contribution's message and every photo of it still waiting."""
    _may_manage(by, contribution.link.book)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    waiting = list(
        MediaItem.objects.select_for_update().filter(
            contribution=contribution, status=MediaItem.Status.QUARANTINE
        )
    )
    _delete_later(waiting, by)
    with acting_as(by):
        contribution.delete()
