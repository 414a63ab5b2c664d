"""A placement's supervision log PDF is made by the real Celery worker through
Redis: asked for in a transaction, queued on commit, rendered by the worker
and kept in private storage, ready to download."""

import time

import pytest
from django.db import transaction

from portal.audit.context import acting_as
from portal.exports import export_request
from portal.models import DocumentExport
from supervision.exports import SUPERVISION_LOG
from tests.placements.factories import PlacementFactory
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.integration

# A cold worker loads WeasyPrint and pango on its first render (several seconds).
WAIT_SECONDS = 60


def _wait_until_finished(export_id: int) -> DocumentExport | None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        export = DocumentExport.objects.get(pk=export_id)
        if export.status in (DocumentExport.Status.DONE, DocumentExport.Status.FAILED):
            return export
        time.sleep(0.3)
    return None


def test_the_worker_makes_the_supervision_log_pdf(celery_worker, transactional_db, worker_log):
    placement = PlacementFactory()
    SupervisionSessionFactory(placement=placement, notes="Reflected on the first home visit.")
    student = placement.student

    with acting_as(student), transaction.atomic():
        export = export_request(kind=SUPERVISION_LOG, subject=placement, by=student)
        # Queued on commit: nothing has been made yet.
        assert export.status == DocumentExport.Status.QUEUED

    finished = _wait_until_finished(export.pk)
    assert finished is not None, (
        f"The worker did not finish export {export.pk} within {WAIT_SECONDS} s.\n"
        f"Worker log:\n{worker_log()}"
    )
    try:
        assert finished.status == DocumentExport.Status.DONE, (
            f"The export failed: {finished.error}\nWorker log:\n{worker_log()}"
        )
        with finished.file.open("rb") as handle:
            assert handle.read(4) == b"%PDF"
        assert finished.file.name.endswith(".pdf")
        # The worker's history rows name the student who asked.
        running = finished.history.filter(status=DocumentExport.Status.RUNNING).get()
        assert running.history_user_id == student.pk
    finally:
        # The worker and this process share MEDIA_ROOT (var/media): leave nothing behind.
        if finished is not None and finished.file:
            finished.file.delete(save=False)
