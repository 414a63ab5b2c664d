"""Issue 16, requirement 2: once the tutor has countersigned the final report it is
locked in the model, like a supervision record. No page, API route, admin screen,
service or shell call changes it, its assessments or its signatures; a correction
is an amendment with a reason, signed again."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from placements.models import FinalAssessment, FinalReport, Placement
from placements.services.final_report import (
    final_report_amend,
    final_report_comment,
    final_report_countersign,
    final_report_sign,
)
from portal.accounts.roles import Role
from portal.locking import RecordLocked
from portal.models import Signature
from tests.factories import user_with_role
from tests.placements.support import detail_url, save_report, submitted_cast

pytestmark = pytest.mark.django_db

ADMIN_REPORTS = "/django-admin/placements/finalreport/"


def snapshot(report: FinalReport):
    """Everything about the report that signing froze: the row, its parts, its
    signatures and how many history rows each has."""
    row = FinalReport._base_manager.filter(pk=report.pk).values().get()
    parts = list(FinalAssessment._base_manager.filter(report_id=report.pk).order_by("pk").values())
    kind = ContentType.objects.get_for_model(FinalReport)
    signed = list(
        Signature._base_manager.filter(content_type=kind, object_id=report.pk)
        .order_by("pk")
        .values()
    )
    return row, parts, signed, report.history.count()


@pytest.fixture
def countersigned():
    cast, report = submitted_cast()
    report.refresh_from_db()
    assert report.is_locked
    return cast, report


def test_countersigning_locks_the_report(countersigned):
    cast, report = countersigned
    assert report.locked_at is not None
    assert report.history.filter(history_change_reason="lock").exists()


def test_a_report_signed_only_by_the_practice_educator_is_not_locked():
    cast, report = submitted_cast(countersigned=False)
    report.refresh_from_db()
    assert not report.is_locked
    # The student can still comment until the countersignature.
    final_report_comment(report=report, by=cast.student, comment="I agree with the report.")


def test_the_model_refuses_save_delete_and_bulk_changes(countersigned):
    _, report = countersigned
    before = snapshot(report)

    report.summary = "Quietly rewritten in a shell."
    with pytest.raises(RecordLocked):
        report.save()
    with pytest.raises(RecordLocked):
        report.delete()
    with pytest.raises(RecordLocked):
        FinalReport.objects.filter(pk=report.pk).update(recommendation="fail")
    with pytest.raises(RecordLocked):
        FinalReport.objects.filter(pk=report.pk).delete()

    assert snapshot(report) == before


def test_its_assessments_refuse_every_change(countersigned):
    cast, report = countersigned
    before = snapshot(report)
    part = report.assessments.first()

    part.assessment = "Rewritten."
    with pytest.raises(RecordLocked):
        part.save()
    with pytest.raises(RecordLocked):
        part.delete()
    with pytest.raises(RecordLocked):
        FinalAssessment.objects.filter(report=report).update(rating="not_met")
    with pytest.raises(RecordLocked):
        FinalAssessment.objects.filter(report=report).delete()
    with pytest.raises(RecordLocked):
        FinalAssessment(report=report, capability=part.capability, rating="meets").save()

    assert snapshot(report) == before


def test_its_signatures_cannot_be_removed_or_added(countersigned):
    cast, report = countersigned
    before = snapshot(report)
    kind = ContentType.objects.get_for_model(FinalReport)
    signature = Signature.objects.filter(content_type=kind, object_id=report.pk).first()

    with pytest.raises(RecordLocked):
        signature.delete()
    with pytest.raises(RecordLocked):
        Signature.objects.filter(content_type=kind, object_id=report.pk).delete()
    with pytest.raises(RecordLocked):
        Signature.objects.filter(content_type=kind, object_id=report.pk).update(capacity="x")
    with pytest.raises(RecordLocked):
        Signature(
            content_type=kind, object_id=report.pk, signer=cast.student, capacity="student"
        ).save()

    assert snapshot(report) == before


def test_every_service_refuses_the_locked_report(countersigned):
    cast, report = countersigned
    before = snapshot(report)

    with pytest.raises(RecordLocked):
        save_report(cast, summary="Revised in place.")
    with pytest.raises(RecordLocked):
        final_report_comment(report=report, by=cast.student, comment="Changed my mind.")
    with pytest.raises(RecordLocked):
        final_report_sign(report=report, by=cast.educator)
    with pytest.raises(RecordLocked):
        final_report_countersign(report=report, by=cast.tutor)

    assert snapshot(report) == before


def test_the_pages_change_nothing(client, countersigned):
    cast, report = countersigned
    before = snapshot(report)
    base = f"{detail_url(cast.placement)}final-report/"

    client.force_login(cast.educator)
    edit = client.post(f"{base}edit/", {"summary": "Rewritten.", "recommendation": "fail"})
    sign = client.post(f"{base}sign/")
    client.force_login(cast.student)
    comment = client.post(f"{base}comment/", {"student_comment": "Rewritten."})
    client.force_login(cast.tutor)
    countersign = client.post(f"{base}countersign/")

    assert {edit.status_code, sign.status_code, comment.status_code, countersign.status_code} <= {
        200,
        302,
    }
    assert snapshot(report) == before


def test_the_api_changes_nothing(client, countersigned):
    cast, report = countersigned
    before = snapshot(report)
    client.force_login(cast.tutor)
    # No API route writes a final report; the placement's own moves leave it as signed,
    # and the pass or fail that follows from the panel is not a move the API takes.
    for move in ("pass", "fail", "end_early", "suspend"):
        client.post(
            f"/api/v1/placements/{cast.placement.pk}/transitions",
            {"transition": move, "reason": "Trying the API."},
            content_type="application/json",
        )
    schema = client.get("/api/v1/openapi.json").json()
    writes = [
        (path, method)
        for path, methods in schema["paths"].items()
        for method in methods
        if "final" in path and method in ("post", "put", "patch", "delete")
    ]

    assert writes == []
    assert Placement.objects.get(pk=cast.placement.pk).status == "final_report_submitted"
    assert snapshot(report) == before


def test_the_admin_shows_the_report_and_changes_nothing(client, countersigned):
    cast, report = countersigned
    before = snapshot(report)
    admin = user_with_role(Role.ADMIN)
    client.force_login(admin)

    page = client.get(f"{ADMIN_REPORTS}{report.pk}/change/")
    change = client.post(
        f"{ADMIN_REPORTS}{report.pk}/change/",
        {"summary": "Rewritten", "recommendation": "fail", "_save": "Save"},
    )
    delete = client.post(f"{ADMIN_REPORTS}{report.pk}/delete/", {"post": "yes"})

    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert change.status_code == delete.status_code == 403
    # Should the admin's permissions ever be loosened, the model still refuses.
    request = RequestFactory().post("/")
    request.user = admin
    model_admin = site._registry[FinalReport]
    report.summary = "Rewritten"
    with pytest.raises(RecordLocked):
        model_admin.save_model(request, report, form=None, change=True)
    with pytest.raises(RecordLocked):
        model_admin.delete_queryset(request, FinalReport.objects.filter(pk=report.pk))
    assert snapshot(report) == before


def test_a_correction_is_an_amendment_with_a_reason_signed_again(countersigned):
    cast, report = countersigned
    before = snapshot(report)

    with pytest.raises(Exception) as empty:
        final_report_amend(report=report, by=cast.educator, reason="   ")
    assert "Enter the reason for the amendment." in str(empty.value)
    assert FinalReport.objects.count() == 1

    correction = final_report_amend(
        report=report, by=cast.educator, reason="Domain 5 wrongly rated."
    )

    assert correction.amends_id == report.pk
    assert correction.amendment_reason == "Domain 5 wrongly rated."
    assert not correction.is_locked
    assert correction.assessments.count() == report.assessments.count()
    assert not Signature.objects.filter(object_id=correction.pk, content_type__model="finalreport")
    # A second amendment of the same version is refused: correct the newest one.
    with pytest.raises(Exception) as twice:
        final_report_amend(report=report, by=cast.educator, reason="Again.")
    assert "already has an amendment" in str(twice.value)
    # The countersigned version is exactly as signed.
    assert snapshot(report) == before

    save_report(cast, summary="Corrected summary.")
    final_report_sign(report=correction, by=cast.educator)
    final_report_countersign(report=correction, by=cast.tutor)
    correction.refresh_from_db()
    assert correction.is_locked and correction.summary == "Corrected summary."
    assert snapshot(report) == before
