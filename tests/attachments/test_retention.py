"""Attachments are kept by their own retention schedule (seven years from the
upload) and deleted, file included, when it runs; a record deleted sooner takes
its files with it (tests/placements and tests/supervision)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placements.models import Placement
from placements.services.evidence_attachments import evidence_attachment_add
from portal.attachments.models import Attachment
from portal.attachments.services import MAX_PER_RECORD
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


def test_the_same_file_twice_is_refused_and_nothing_is_stored():
    item = EvidenceItemFactory(placement=PlacementFactory(status=Placement.Status.ACTIVE))
    student = item.placement.student
    evidence_attachment_add(item=item, by=student, upload=upload("sheet.pdf", pdf_bytes()))
    with pytest.raises(ValidationError) as refused:
        evidence_attachment_add(item=item, by=student, upload=upload("again.pdf", pdf_bytes()))
    assert "already attached as “sheet.pdf”" in str(refused.value)
    assert Attachment.objects.count() == 1


def test_a_record_holds_at_most_twenty_files():
    item = EvidenceItemFactory(placement=PlacementFactory(status=Placement.Status.ACTIVE))
    student = item.placement.student
    for number in range(MAX_PER_RECORD):
        evidence_attachment_add(
            item=item, by=student, upload=upload(f"sheet{number}.pdf", pdf_bytes(f"Sheet {number}"))
        )
    with pytest.raises(ValidationError) as refused:
        evidence_attachment_add(item=item, by=student, upload=upload("one-more.pdf", pdf_bytes()))
    assert "already has 20 files: remove one first" in str(refused.value)
    assert Attachment.objects.count() == MAX_PER_RECORD
