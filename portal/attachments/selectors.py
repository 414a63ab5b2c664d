"""Reads of attachments: one query for a record's list, whatever its length."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404

from .models import Attachment
from .registry import may_see


def attachments_for(record: Model) -> QuerySet[Attachment]:
    content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
    return Attachment.objects.filter(content_type=content_type, object_id=record.pk).select_related(
        "uploaded_by"
    )


def attachment_of(record: Model, pk: int) -> Attachment:
    """One attachment of `record` (404 if it belongs to another record)."""
    found = attachments_for(record).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found")
    return found


def attachment_for_download(*, pk: int, user) -> Attachment:
    """The attachment, if `user` may see the record it belongs to (404 otherwise:
    a guessed number says nothing about whether it exists)."""
    attachment = Attachment.objects.select_related("content_type").filter(pk=pk).first()
    record = attachment.record if attachment is not None else None
    if record is None or not may_see(user, record):
        raise Http404("Not found")
    return attachment
