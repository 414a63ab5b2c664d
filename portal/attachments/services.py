"""Adding and removing attachments. The owning app's service checks who may do it
and on which record (its own rules, its lock), then calls these with its
child-name guard: portal imports no app, so the guard is passed in."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model

from portal.accounts.models import User
from portal.audit.context import acting_as

from .content import check_upload, clean_file_name, name_words
from .models import Attachment
from .registry import attachable_for
from .selectors import attachments_for

# A record holds at most this many files (a portfolio is read by people, not archives).
MAX_PER_RECORD = 20

# The texts the guard is given, and how its message names them.
NAME_GUARD_LABELS = {"file_name": "file name", "file_text": "text in the file"}

# (texts) -> None, raising a ValidationError on each text that names a child or carer.
NameGuard = Callable[[Mapping[str, str]], None]


@transaction.atomic
def attachment_add(*, record: Model, by: User, upload, refuse_names: NameGuard) -> Attachment:
    """Check `upload` (type by content, size, names in its name and text) and keep it
    with `record`. A refusal is a ValidationError on `file`; nothing is stored."""
    if attachable_for(record) is None:
        raise ValidationError("Files cannot be attached to this kind of record.")
    attached = attachments_for(record)
    if attached.count() >= MAX_PER_RECORD:
        raise ValidationError(
            {"file": f"This record already has {MAX_PER_RECORD} files: remove one first."}
        )
    checked = check_upload(upload)
    name = clean_file_name(getattr(upload, "name", ""), checked.kind)
    same = attached.filter(sha256=checked.sha256).first()
    if same is not None:
        raise ValidationError({"file": f"This file is already attached as “{same.original_name}”."})
    try:
        refuse_names({"file_name": name_words(name), "file_text": checked.text})
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    attachment = Attachment(
        record=record,
        original_name=name,
        kind=checked.kind,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=by,
    )
    attachment.file.save(name, ContentFile(checked.content), save=False)
    try:
        with acting_as(by):
            attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, by: User) -> None:
    """Delete the attachment (its file goes once this commits; history keeps the row)."""
    with acting_as(by):
        attachment.delete()


def attachments_copy(*, source: Model, target: Model) -> list[Attachment]:
    """Copy `source`'s attachments to `target` (an amendment starts from the signed
    record's files): each copy has a file of its own, so removing it from the
    correction leaves the signed original whole. Who added each file stays."""
    copies = []
    for attachment in attachments_for(source):
        with attachment.file.open("rb") as handle:
            content = handle.read()
        copy = Attachment(
            record=target,
            original_name=attachment.original_name,
            kind=attachment.kind,
            size=attachment.size,
            sha256=attachment.sha256,
            uploaded_by=attachment.uploaded_by,
        )
        copy.file.save(attachment.original_name, ContentFile(content), save=False)
        copy.save()
        copies.append(copy)
    return copies
