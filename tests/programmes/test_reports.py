"""Updates and the completion report (issue 18, requirement 5): the PDF from the
records, the email with the reference and a link only, who may write and send,
and every staff download logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from placements.programmes.models import (
    Enrolment,
    KeyworkGoal,
    KeyworkPlan,
    ProgrammeReport,
    ReportLink,
    UpdateRequest,
)
from placements.programmes.services.reports import (
    report_create,
    report_send,
    update_request_record,
)
from placements.programmes.views.reports import STAFF_DOWNLOAD_PURPOSE
from portal.audit.models import AccessEvent
from portal.models import EmailOutbox

from .delivery_support import enrolment, other_programme, worker_on
from .reports_support import GOAL, TODAY, family, made_report, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(clock):
    clock.today_is(TODAY)
    return family()


@pytest.fixture
def running(clock):
    clock.today_is(TODAY)
    return family(ended=False)


# --- the PDF ----------------------------------------------------------------------------


def test_the_completion_report_holds_the_reference_attendance_goals_and_outcome(world):
    # Another family on the same programme, with a goal of their own.
    other = enrolment(world.programme, starts_on=TODAY - timedelta(weeks=3), by=world.coordinator)
    plan = KeyworkPlan.objects.create(enrolment=other, agreed_on=TODAY - timedelta(weeks=2))
    KeyworkGoal.objects.create(plan=plan, goal="Another family's private goal", score_start=2)

    report = made_report(world, summary="She met her goal and plans to keep going.")

    assert report.status == ProgrammeReport.Status.DONE
    text = pdf_text(report)
    assert world.referral.reference in text
    assert world.programme.name in text
    assert "Completion report" in text
    # Offered 4, attended 3: 75%, against the programme's 75%.
    assert "Sessions offered" in text and "Sessions attended" in text
    assert "4 3 75% 75%" in " ".join(text.split())
    assert GOAL in text
    assert "3/10" in text and "5/10" in text and "8/10" in text
    assert "The parent completed the programme." in text
    assert "She met her goal and plans to keep going." in text
    assert "Women's group" in text
    # Nothing of another family.
    assert "Another family's private goal" not in text
    assert other.referral.reference not in text
    assert other.referral.parent_name not in text


def test_an_update_reports_attendance_so_far_and_keywork_only_reasons(running):
    running.enrolment.keywork_only_reason = "The men's group is not running now."
    running.enrolment.save()
    report = made_report(running, kind=ProgrammeReport.Kind.UPDATE, summary="Going well.")
    text = pdf_text(report)
    assert "Update for the referrer" in text
    assert "Keywork only: The men's group is not running now." in text
    assert "Going well." in text
    assert running.referral.reference in text


def test_the_completion_report_is_refused_while_the_enrolment_is_active(running, client):
    with pytest.raises(ValidationError, match="once the parent's enrolment has ended"):
        report_create(
            referral=running.referral,
            kind=ProgrammeReport.Kind.COMPLETION,
            summary="",
            by=running.care_coordinator,
        )
    assert not ProgrammeReport.objects.exists()
    client.force_login(running.care_coordinator)
    url = reverse("programmes:report_completion_write", args=[running.referral.pk])
    assert client.get(url).status_code == 302
    client.post(url, {"summary": "Too soon"})
    assert not ProgrammeReport.objects.exists()
    page = client.get(reverse("programmes:referral_reports", args=[running.referral.pk]))
    assert "Write the completion report" not in page.content.decode()
    assert "Write an update" in page.content.decode()


def test_an_update_needs_a_summary(running):
    with pytest.raises(ValidationError):
        report_create(
            referral=running.referral,
            kind=ProgrammeReport.Kind.UPDATE,
            summary="  ",
            by=running.care_coordinator,
        )
    assert not ProgrammeReport.objects.exists()


def test_an_update_answers_the_open_update_requests(running):
    asked = update_request_record(
        referral=running.referral,
        requested_on=TODAY - timedelta(days=2),
        how=UpdateRequest.How.PHONE,
        by=running.care_coordinator,
    )
    report = made_report(running, kind=ProgrammeReport.Kind.UPDATE)
    asked.refresh_from_db()
    assert asked.answered_by_report == report
    assert asked.history.count() == 2


def test_an_update_request_in_the_future_is_refused(running):
    with pytest.raises(ValidationError):
        update_request_record(
            referral=running.referral,
            requested_on=TODAY + timedelta(days=1),
            how=UpdateRequest.How.EMAIL,
            by=running.care_coordinator,
        )
    assert not UpdateRequest.objects.exists()


# --- sending ------------------------------------------------------------------------------


def test_the_email_has_the_reference_and_a_link_only(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    report = made_report(world, summary="A summary the email must not carry.")
    with django_capture_on_commit_callbacks(execute=True):
        link, raw = report_send(report=report, by=world.care_coordinator)

    row = EmailOutbox.objects.order_by("pk").last()
    referral = world.referral
    assert row.recipient == referral.referrer_email == link.sent_to
    [sent] = [m for m in mailoutbox if referral.reference in m.subject]
    assert sent.attachments == []
    assert sent.to == [referral.referrer_email]
    assert referral.reference in sent.body
    assert f"http://testserver/programmes/reports/{raw}/" in sent.body
    for secret in (
        referral.parent_name,
        referral.referrer_name,
        world.care_coordinator.name,
        "A summary the email must not carry.",
        GOAL,
    ):
        assert secret not in sent.body and secret not in sent.subject
    # Only the hash of the token is kept; the link expires in 14 days.
    assert link.token_hash != raw and raw not in link.token_hash
    assert link.expires_at - link.created_at == timedelta(days=14)


def test_sending_again_withdraws_the_earlier_link(world):
    report = made_report(world)
    first, _ = report_send(report=report, by=world.care_coordinator)
    second, _ = report_send(report=report, by=world.coordinator)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None


def test_the_send_page_shows_the_address_and_sends(world, client):
    report = made_report(world)
    client.force_login(world.care_coordinator)
    url = reverse("programmes:report_send", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert world.referral.referrer_email in page.content.decode()
    assert not ReportLink.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert (
        ReportLink.objects.filter(report=report, sent_to=world.referral.referrer_email).count() == 1
    )


def test_a_team_member_who_is_not_the_care_coordinator_reads_but_may_not_send(world, client):
    report = made_report(world)
    client.force_login(world.colleague)
    page = client.get(reverse("programmes:referral_reports", args=[world.referral.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Completion report" in body and "Send to the referrer" not in body
    assert client.get(reverse("programmes:report_send", args=[report.pk])).status_code == 403
    assert client.post(reverse("programmes:report_send", args=[report.pk])).status_code == 403
    url = reverse("programmes:report_update_write", args=[world.referral.pk])
    assert client.post(url, {"summary": "Not mine to write"}).status_code == 403
    with pytest.raises(PermissionDenied):
        report_send(report=report, by=world.colleague)
    assert not ReportLink.objects.exists()
    assert ProgrammeReport.objects.count() == 1


def test_another_programmes_worker_gets_404(world, client):
    report = made_report(world)
    link, _ = report_send(report=report, by=world.care_coordinator)
    outsider = worker_on(other_programme())
    client.force_login(outsider)
    referral = world.referral
    for url in (
        reverse("programmes:referral_reports", args=[referral.pk]),
        reverse("programmes:report_update_request", args=[referral.pk]),
        reverse("programmes:report_update_write", args=[referral.pk]),
        reverse("programmes:report_send", args=[report.pk]),
        reverse("programmes:report_download", args=[report.pk]),
        reverse("programmes:report_link_revoke", args=[report.pk, link.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("programmes:report_send", args=[report.pk])).status_code == 404
    with pytest.raises(Http404):
        report_send(report=report, by=outsider)
    assert ReportLink.objects.count() == 1


def test_every_staff_download_is_logged(world, client):
    report = made_report(world)
    client.force_login(world.colleague)
    url = reverse("programmes:report_download", args=[report.pk])
    for expected in (1, 2):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert (
            AccessEvent.objects.filter(
                user=world.colleague,
                object_id=str(world.referral.pk),
                purpose=STAFF_DOWNLOAD_PURPOSE,
            ).count()
            == expected
        )


def test_the_journey_on_the_pages(running, client, django_capture_on_commit_callbacks):
    """Record a request, write an update (made into a PDF by the task), send it,
    revoke the link."""
    client.force_login(running.care_coordinator)
    referral = running.referral
    section = reverse("programmes:referral_reports", args=[referral.pk])
    detail = client.get(reverse("programmes:referral_detail", args=[referral.pk]))
    assert section in detail.content.decode()

    response = client.post(
        reverse("programmes:report_update_request", args=[referral.pk]),
        {"requested_on": (TODAY - timedelta(days=1)).isoformat(), "how": "phone"},
    )
    assert response.status_code == 302 and UpdateRequest.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:report_update_write", args=[referral.pk]),
            {"summary": "She has come to most groups."},
        )
    assert response.status_code == 302
    report = ProgrammeReport.objects.get()
    assert report.status == ProgrammeReport.Status.DONE and report.kind == "update"
    assert UpdateRequest.objects.get().answered_by_report == report

    client.post(reverse("programmes:report_send", args=[report.pk]))
    link = ReportLink.objects.get()
    page = client.get(section).content.decode()
    assert "Not downloaded yet." in page and "Revoke link" in page

    revoke = reverse("programmes:report_link_revoke", args=[report.pk, link.pk])
    assert client.get(revoke).status_code == 200
    client.post(revoke)
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert "Withdrawn" in client.get(section).content.decode()


def test_an_enrolment_not_ended_has_no_completion_button_and_ended_one_has(world, client):
    client.force_login(world.care_coordinator)
    page = client.get(reverse("programmes:referral_reports", args=[world.referral.pk]))
    assert "Write the completion report" in page.content.decode()
    assert world.enrolment.status == Enrolment.Status.COMPLETED
