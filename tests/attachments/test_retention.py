"""Attachments are kept by their own retention schedule (seven years from the
upload) and deleted, file included, when it runs; a record deleted sooner takes
its files with it (tests/placements and tests/supervision)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from placements.models import Placement
from placements.services.evidence_attachments import evidence_attachment_add
from portal.attachments.models import Attachment
from portal.privacy.models import RetentionSchedule
from portal.privacy.retention import retention_run
from tests.attachments.files import pdf_bytes, upload, use_private_storage
from tests.placements.factories import EvidenceItemFactory, PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    return use_private_storage(settings, tmp_path)


def test_the_default_schedule_deletes_a_file_seven_years_after_its_upload(
    private_storage, django_capture_on_commit_callbacks
):
    schedule = RetentionSchedule.objects.get(record_type="attachments.Attachment")
    assert (schedule.period_months, schedule.action) == (84, "delete")
    item = EvidenceItemFactory(placement=PlacementFactory(status=Placement.Status.ACTIVE))
    attachment = evidence_attachment_add(
        item=item, by=item.placement.student, upload=upload("sheet.pdf", pdf_bytes())
    )
    stored = private_storage / attachment.file.name
    uploaded = timezone.localdate()

    retention_run(as_of=uploaded + timedelta(days=365 * 7 - 10))
    assert Attachment.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        retention_run(as_of=uploaded + timedelta(days=365 * 7 + 10))
    assert not Attachment.objects.exists()
    assert not stored.exists()
