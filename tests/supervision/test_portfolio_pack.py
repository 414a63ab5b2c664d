"""The portfolio pack for the practice assessment panel (issue 22, requirement 6):
one PDF of a placement's agreement, midpoint review, final report, observations,
supervision log and evidence, made in the background, for the people it is for."""

from __future__ import annotations

import io
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from placements.models import Placement
from placements.services.evidence import evidence_comment
from placements.services.final_report import final_report_countersign, final_report_sign
from portal.audit.models import AccessEvent
from portal.models import DocumentExport
from portal.pdf import render_pdf
from supervision.portfolio import GATHER, PORTFOLIO_PACK, portfolio_context
from tests.placements.factories import EvidenceItemFactory
from tests.placements.support import (
    confirm_days,
    make_cast,
    record_review,
    save_report,
    sign_agreement,
)
from tests.supervision.support import locked_observation, locked_session

pytestmark = pytest.mark.django_db

STEPS = len(GATHER) + 1
# What the pack says for each part a placement does not have.
MISSING = (
    "No practice learning agreement has been recorded.",
    "No midpoint review has been recorded.",
    "No final report has been written.",
    "No direct observation has been recorded.",
    "No supervision has been recorded on this placement yet.",
    "No capability evidence has been recorded.",
)


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def pack_text(placement: Placement) -> str:
    body = render_pdf("supervision/exports/portfolio.html", portfolio_context(placement))
    assert body.startswith(b"%PDF")
    return pdf_text(body)


def page_url(placement: Placement) -> str:
    return reverse("supervision:placement_portfolio_pack", args=[placement.pk])


def add_records(cast) -> None:
    """A signed agreement, confirmed days, a locked observation, a locked supervision
    record and a piece of evidence the practice educator commented on."""
    sign_agreement(cast.placement)
    confirm_days(cast.placement, 3)
    locked_observation(cast.placement)
    locked_session(cast)
    item = EvidenceItemFactory(
        placement=cast.placement,
        title="Chairing a network meeting",
        reflection="I kept the meeting to its agenda.",
    )
    evidence_comment(item=item, by=cast.educator, comment="Clear, confident chairing.")


def complete_cast():
    """A placement with every part: the records above, the midpoint review, and the
    final report signed by the practice educator and countersigned by the tutor."""
    cast = make_cast(status=Placement.Status.ACTIVE)
    add_records(cast)
    record_review(cast)
    report = save_report(cast)
    final_report_sign(report=report, by=cast.educator)
    final_report_countersign(report=report, by=cast.tutor, comment="Ready for the panel.")
    return cast


def test_the_pack_holds_every_part_of_a_complete_placement():
    cast = complete_cast()
    text = pack_text(cast.placement)

    # The cover page and the contents.
    for shown in (
        "Portfolio pack",
        "Sam Student",
        "BA (Hons) Social Work",
        "Northgate University",
        "Eastbrook Children's Services",
        str(cast.educator),
        "Teresa Tutor",
        "Owen Supervisor",
        f"{cast.placement.starts_on:%-d %B %Y}",
        "Required days",
        "Confirmed days 3",
        "Contents",
    ):
        assert shown in text, shown
    assert text.index("1. Practice learning agreement") < text.index("6. Capability evidence")
    # The agreement, with who signed it.
    assert "Assessment skills" in text and "Duty desk" in text
    assert "Status: Signed." in text
    # The midpoint review.
    assert "Good progress overall." in text
    assert "Satisfactory" in text
    # The final report, its assessments and the countersignature.
    assert "Sam has shown sound, reflective practice." in text
    assert "Assessed Professionalism." in text
    assert "University tutor (countersignature)" in text
    assert "Countersigned and locked on" in text
    assert "Ready for the panel." in text
    # The direct observation.
    assert "A calm, well-paced visit." in text
    assert "Explained the purpose of the visit clearly." in text
    assert "Child aged 9" in text and "Very happy" in text
    assert "I learned to slow down." in text
    # The supervision log, as the log renders it.
    assert "Sessions held 1" in text
    assert "I learnt to slow down." in text
    # The evidence, with the practice educator's comment.
    assert "Chairing a network meeting" in text
    assert "I kept the meeting to its agenda." in text
    assert "Clear, confident chairing." in text
    assert "PCF 1" in text
    # Nothing says a part is missing.
    assert not [line for line in MISSING if line in text]


def test_a_placement_without_records_says_what_is_not_recorded():
    cast = make_cast(status=Placement.Status.ACTIVE)
    text = pack_text(cast.placement)

    assert [line for line in MISSING if line in text] == list(MISSING)


def test_the_pack_reads_a_fixed_number_of_queries():
    cast = make_cast(status=Placement.Status.ACTIVE)
    add_records(cast)
    placement = cast.placement
    portfolio_context(placement)  # warm the content type cache
    with CaptureQueriesContext(connection) as one_of_each:
        portfolio_context(placement)
    for _ in range(4):
        locked_observation(placement)
        EvidenceItemFactory(placement=placement)
        locked_session(cast)
    with CaptureQueriesContext(connection) as five_of_each:
        context = portfolio_context(placement)
    assert (len(context["observations"]), len(context["evidence"])) == (5, 5)
    assert len(five_of_each) == len(one_of_each)


def test_the_tutor_asks_the_pack_is_made_in_the_background_and_the_download_is_logged(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    cast = complete_cast()
    client.force_login(cast.tutor)
    url = page_url(cast.placement)

    first = client.get(url)
    assert first.status_code == 200
    assert first["Cache-Control"] == "no-store"
    assert "Create the portfolio pack" in first.content.decode()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert client.post(url).status_code == 302
    export = DocumentExport.objects.get(kind=PORTFOLIO_PACK, requested_by=cast.tutor)
    assert export.status == DocumentExport.Status.QUEUED  # nothing made in the request
    waiting = client.get(url).content.decode()
    assert "Waiting to start" in waiting and 'hx-trigger="every 3s"' in waiting

    for callback in callbacks:  # the worker (Celery runs eagerly in tests)
        callback()
    export.refresh_from_db()
    assert export.status == DocumentExport.Status.DONE
    assert (export.progress_done, export.progress_total) == (STEPS, STEPS)

    ready = client.get(url).content.decode()
    assert f"{STEPS} of {STEPS} steps" in ready
    assert "hx-trigger" not in ready
    download_url = reverse("portal:export_download", args=[export.pk])
    assert f'href="{download_url}"' in ready and "Download the portfolio pack" in ready

    download = client.get(download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="portfolio-pack-sam-student-' in download["Content-Disposition"]
    text = pdf_text(b"".join(download.streaming_content))
    assert "Sam has shown sound, reflective practice." in text
    event = AccessEvent.objects.get(user=cast.tutor, purpose__contains="portfolio pack")
    assert event.object_id == str(cast.placement.pk)


def test_the_polled_panel_comes_alone(client):
    cast = make_cast(status=Placement.Status.ACTIVE)
    client.force_login(cast.student)
    panel = client.get(page_url(cast.placement), headers={"HX-Request": "true"})
    assert panel.status_code == 200
    body = panel.content.decode()
    assert body.lstrip().startswith('<div id="export-status"')
    assert "<html" not in body
    assert "HX-Request" in panel["Vary"]


# Who may ask for the pack: the people it is for get 200; others who see the
# placement 403; everyone else 404 (a guessed id reveals nothing).
ALLOWED = {"student", "educator", "tutor", "host_coordinator", "university_coordinator", "admin"}
REFUSED = {"supervisor", "colleague_tutor"}
OUTSIDERS = {"other_tutor", "other_coordinator", "school_contact"}


def test_who_may_ask_for_the_pack(client, django_capture_on_commit_callbacks):
    cast = make_cast(status=Placement.Status.ACTIVE)
    url = page_url(cast.placement)
    extras = cast.extras()
    outcomes = {}
    for who in sorted(ALLOWED | REFUSED | OUTSIDERS):
        client.force_login(extras.get(who) or getattr(cast, who))
        with django_capture_on_commit_callbacks(execute=False):
            outcomes[who] = (client.get(url).status_code, client.post(url).status_code)
        client.logout()

    assert outcomes == {
        **{who: (200, 302) for who in ALLOWED},
        **{who: (403, 403) for who in REFUSED},
        **{who: (404, 404) for who in OUTSIDERS},
    }
    askers = set(
        DocumentExport.objects.filter(kind=PORTFOLIO_PACK).values_list("requested_by", flat=True)
    )
    assert askers == {getattr(cast, who).pk for who in ALLOWED}
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_download_is_for_the_person_who_asked_and_only_while_they_may(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast(status=Placement.Status.ACTIVE)
    client.force_login(cast.tutor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page_url(cast.placement))
    export = DocumentExport.objects.get(kind=PORTFOLIO_PACK)
    assert export.status == DocumentExport.Status.DONE
    download_url = reverse("portal:export_download", args=[export.pk])

    client.force_login(cast.student)  # sees the placement, did not ask: 403
    assert client.get(download_url).status_code == 403
    client.force_login(cast.extras()["other_tutor"])  # does not see it: 404
    assert client.get(download_url).status_code == 404
    assert not AccessEvent.objects.filter(purpose__contains="portfolio pack").exists()

    # The tutor hands the placement over: their pack is no longer theirs to take.
    Placement.objects.filter(pk=cast.placement.pk).update(tutor=None)
    client.force_login(cast.tutor)
    assert client.get(download_url).status_code == 403


def test_the_worker_checks_again_who_asked(client, django_capture_on_commit_callbacks):
    cast = make_cast(status=Placement.Status.ACTIVE)
    client.force_login(cast.tutor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(page_url(cast.placement))
    # Before the worker starts, the placement gets another tutor.
    Placement.objects.filter(pk=cast.placement.pk).update(tutor=None)
    for callback in callbacks:
        callback()

    export = DocumentExport.objects.get(kind=PORTFOLIO_PACK)
    assert export.status == DocumentExport.Status.FAILED
    assert not export.file
    page = client.get(page_url(cast.placement))
    assert page.status_code == 403


def test_the_placement_page_offers_the_pack_to_the_tutor_only_among_its_readers(client):
    cast = make_cast(status=Placement.Status.ACTIVE, starts_on=timezone.localdate())
    detail = reverse("placements:placement_detail", args=[cast.placement.pk])
    link = f'href="{page_url(cast.placement)}"'

    client.force_login(cast.tutor)
    page = client.get(detail).content.decode()
    assert link in page and "Portfolio pack for the assessment panel" in page

    client.force_login(cast.supervisor)
    page = client.get(detail)
    assert page.status_code == 200
    assert link not in page.content.decode()


@pytest.mark.skipif(
    not apps.is_installed("portal.attachments"), reason="the attachments app is not installed"
)
def test_files_attached_to_evidence_and_observations_are_listed_by_name():
    from portal.attachments.models import Attachment

    cast = make_cast(status=Placement.Status.ACTIVE)
    add_records(cast)
    item = cast.placement.evidence.get()
    observation = cast.placement.observations.get()
    for record, name in ((item, "meeting-notes.pdf"), (observation, "feedback-sheet.png")):
        Attachment.objects.create(
            record=record,
            file=f"attachments/{name}",
            original_name=name,
            kind=name.rsplit(".", 1)[1],
            size=2048,
            sha256="0" * 64,
            uploaded_by=cast.student,
        )

    text = pack_text(cast.placement)
    assert "meeting-notes.pdf" in text
    assert "feedback-sheet.png" in text
