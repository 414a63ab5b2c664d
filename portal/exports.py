"""Documents made in the background: ask, wait, download.

A large PDF (a placement's whole supervision log; later a Life Story Book)
takes seconds to render, too long for a request. A feature registers a kind of
document once (`register`), with the function that renders it and the
permission needed on the record it is about. Then:

- `export_request` checks the permission and queues the work (once: asking
  again while it is queued or running returns the same export);
- the Celery task `portal.tasks.run_document_export` calls `export_run`,
  which renders the document and keeps the file in private storage;
- `DocumentExportDownloadView` hands the file to the person who asked for it,
  after checking again that they may still see the record, and logs the
  download in the access log;
- `exports_prune` deletes exports and their files after `RETENTION`, so copies
  of records do not pile up outside the records themselves.

A kind registered with `job=True` is also given an `ExportJob`: the
`parameters` the request captured (a list's filters and format, say; asking again
with other parameters makes a new export) and `progress(done, total)`, which
writes rows done of the total to the export every `PROGRESS_EVERY` rows, so the
page the person waits on can say how far it has got.

Permissions follow portal.permissions: someone who cannot see the record gets
404; someone who sees it but may not export it, or asks for another person's
file, gets 403.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View

from .audit.services import record_access
from .models import DocumentExport
from .permissions import ObjectPermissionMixin, require_object_permission

logger = logging.getLogger(__name__)

# How long a made document stays downloadable.
RETENTION = timedelta(days=7)
# A queued or running export older than this was lost (a worker died, the
# broker was down): it is marked failed and a new request starts afresh.
ABANDONED_AFTER = timedelta(minutes=15)
# Progress is written to the export row every this many rows, not on every row.
PROGRESS_EVERY = 200

Render = Callable[..., tuple[str, bytes]]


@dataclass(frozen=True)
class ExportKind:
    kind: str
    render: Render
    permission: str
    scope: str | None = None
    job: bool = False


class ExportJob:
    """What a kind registered with `job=True` is given besides its subject."""

    def __init__(self, export: DocumentExport, *, every: int | None = None):
        self.export = export
        self.parameters = dict(export.parameters or {})
        self.every = every or PROGRESS_EVERY
        self._written = -1

    def progress(self, done: int, total: int) -> None:
        """`done` of `total` rows made: written to the export at the start, every
        `every` rows and at the end (one UPDATE, no history row)."""
        export = self.export
        export.progress_done, export.progress_total = done, total
        if self._written >= 0 and done < total and done - self._written < self.every:
            return
        DocumentExport.objects.filter(pk=export.pk).update(progress_done=done, progress_total=total)
        self._written = done


_kinds: dict[str, ExportKind] = {}


def register(
    kind: str, *, render: Render, permission: str, scope: str | None = None, job: bool = False
) -> None:
    """Declare a kind of document.

    `render(subject, requested_by)` returns `(filename, bytes)`; with `job=True`
    it is called as `render(subject, requested_by, job)` (an `ExportJob`).
    `permission` is checked on the subject (403 without it); `scope` is the
    permission that makes the subject visible at all (404 without it), by default
    `<app>.view_<model>`.
    """
    known = _kinds.get(kind)
    if known is not None and known.render is not render:
        raise ImproperlyConfigured(f"Document export kind {kind!r} is registered twice.")
    _kinds[kind] = ExportKind(kind=kind, render=render, permission=permission, scope=scope, job=job)


def kind_for(kind: str) -> ExportKind:
    try:
        return _kinds[kind]
    except KeyError:
        raise ImproperlyConfigured(f"No document export kind {kind!r} is registered.") from None


def _check(user, subject, entry: ExportKind) -> None:
    require_object_permission(user, subject, entry.permission, scope=entry.scope)


def _for_subject(*, kind: str, subject, by):
    return DocumentExport.objects.filter(
        kind=kind,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        requested_by=by,
    )


def export_latest(*, kind: str, subject, by) -> DocumentExport | None:
    """The newest export of `kind` about `subject` that `by` asked for."""
    return _for_subject(kind=kind, subject=subject, by=by).first()


def export_request(*, kind: str, subject, by, parameters: dict | None = None) -> DocumentExport:
    """Queue a document about `subject` for `by`, or return the one with the same
    `parameters` already on its way."""
    entry = kind_for(kind)
    _check(by, subject, entry)
    parameters = parameters or {}
    with transaction.atomic():
        # Serialises one person's requests, so a double click queues one export.
        get_user_model().objects.select_for_update().filter(pk=by.pk).first()
        in_flight = _for_subject(kind=kind, subject=subject, by=by).filter(
            status__in=DocumentExport.IN_FLIGHT
        )
        for export in in_flight:
            if export.created_at >= timezone.now() - ABANDONED_AFTER:
                if export.parameters == parameters:
                    return export
                continue
            _finish(
                export,
                DocumentExport.Status.FAILED,
                error="Abandoned: not finished within "
                f"{int(ABANDONED_AFTER.total_seconds() // 60)} minutes.",
            )
        export = DocumentExport.objects.create(
            kind=kind,
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            requested_by=by,
            parameters=parameters,
        )
        from portal.celery import enqueue_on_commit
        from portal.tasks import run_document_export

        enqueue_on_commit(run_document_export, export.pk)
    return export


def _finish(export: DocumentExport, status: str, *, error: str = "") -> None:
    export.status = status
    export.error = error
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "error", "file", "finished_at"])


def export_run(export_id: int) -> DocumentExport | None:
    """Render one queued export and keep its file. Never raises for a render error:
    the export is marked failed, with the reason kept for support and logged."""
    with transaction.atomic():
        export = DocumentExport.objects.select_for_update().filter(pk=export_id).first()
        if export is None:
            logger.warning("Document export %s no longer exists; nothing to make.", export_id)
            return None
        if export.status != DocumentExport.Status.QUEUED:
            # Delivered twice (tasks are acknowledged late): the first run owns it.
            return export
        export.status = DocumentExport.Status.RUNNING
        export.save(update_fields=["status"])

    try:
        entry = kind_for(export.kind)
        subject = export.subject
        if subject is None:
            raise LookupError("The record this document was about no longer exists.")
        if entry.job:
            filename, body = entry.render(subject, export.requested_by, ExportJob(export))
        else:
            filename, body = entry.render(subject, export.requested_by)
        export.file.save(filename, ContentFile(body), save=False)
    except Exception as exc:
        logger.exception("Document export %s (%s) failed.", export.pk, export.kind)
        _finish(export, DocumentExport.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000])
    else:
        _finish(export, DocumentExport.Status.DONE)
    return export


def exports_prune(*, older_than: datetime) -> int:
    """Delete exports made before `older_than`, with their files. History keeps
    who asked for what and when."""
    count = 0
    for export in DocumentExport.objects.filter(created_at__lt=older_than).iterator():
        if export.file:
            export.file.delete(save=False)
        export.delete()
        count += 1
    return count


def export_for_download(*, export_id: int, user) -> DocumentExport:
    """The finished export `user` may download: 404 if its record is out of their
    scope (or it is not ready), 403 if someone else asked for it."""
    export = get_object_or_404(DocumentExport.objects.select_related("content_type"), pk=export_id)
    subject = export.subject
    if subject is None:
        raise Http404("Not found")
    _check(user, subject, kind_for(export.kind))
    if export.requested_by_id != user.pk:
        raise PermissionDenied("This document was made for someone else.")
    if export.status != DocumentExport.Status.DONE or not export.file:
        raise Http404("This document is not ready.")
    return export


class DocumentExportDownloadView(ObjectPermissionMixin, View):
    """The file of a finished export, as an attachment, for the person who asked."""

    def get(self, request, pk: int):
        export = export_for_download(export_id=pk, user=request.user)
        try:
            handle = export.file.open("rb")
        except FileNotFoundError:
            raise Http404("This document is no longer kept.") from None
        record_access(
            request.user,
            export.subject,
            f"Downloaded a document ({export.kind.replace('_', ' ')})",
            path=request.path,
        )
        response = FileResponse(
            handle, as_attachment=True, filename=posixpath.basename(export.file.name)
        )
        response["Cache-Control"] = "no-store"
        return response
