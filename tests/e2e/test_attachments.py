"""Browser journey at phone width (390 px), issue 22 requirement 4 ("a PE attaches
a feedback sheet to an observation"): the demo practice educator opens an
observation whose feedback they are writing, attaches the service user's
feedback sheet as a PDF, and sees it listed with a download link. axe-core on
each page, nothing wider than the phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from placements.models import Placement
from portal.accounts.models import User
from portal.attachments.models import Attachment
from portal.audit.context import acting_as
from supervision.models import Observation
from tests.attachments.files import pdf_bytes, use_private_storage
from tests.e2e.conftest import assert_accessible
from tests.supervision.support import written

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _observation_being_written(educator: User) -> Observation:
    """Yesterday's observation of the demo student by their practice educator, with
    the feedback (the service user's faces form included) being written."""
    placement = Placement.objects.get(
        student__email="student@example.org",
        practice_educator=educator,
        status__in=Placement.LIVE_STATUSES,
    )
    with acting_as(educator):
        return written(placement)


def test_the_practice_educator_attaches_a_feedback_sheet_to_an_observation(
    page: Page, demo, sign_in, axe_violations, settings, tmp_path
):
    use_private_storage(settings, tmp_path)
    educator = User.objects.get(email="educator@example.org")
    observation = _observation_being_written(educator)
    sheet = tmp_path / "feedback-sheet.pdf"
    sheet.write_bytes(pdf_bytes("How did today go? Happy. The worker listened to me."))

    page.set_viewport_size(PHONE)
    sign_in("educator@example.org")
    expect(page).to_have_url(f"{demo}/portal/")
    page.goto(f"{demo}/portal/supervision/observations/{observation.pk}/")
    _fits(page)
    assert_accessible(page, axe_violations)

    page.get_by_role("link", name="Attach the feedback sheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Attach the service user's feedback sheet"
    )
    _fits(page)
    assert_accessible(page, axe_violations)

    # Sent without a file: the error is on the form.
    page.get_by_role("button", name="Attach the file").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a file to attach")
    _fits(page)
    assert_accessible(page, axe_violations)

    page.get_by_label("Upload a file").set_input_files(str(sheet))
    page.get_by_role("button", name="Attach the file").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "“feedback-sheet.pdf” is attached."
    )
    listed = page.get_by_role("region", name="The feedback sheet")
    expect(listed).to_contain_text("feedback-sheet.pdf")
    expect(listed).to_contain_text("PDF")
    expect(listed).to_contain_text(str(educator))
    _fits(page)
    assert_accessible(page, axe_violations)

    attachment = Attachment.objects.get()
    assert attachment.record == observation.service_user_feedback
    with page.expect_download() as download:
        listed.get_by_role("link", name=re.compile(r"^feedback-sheet\.pdf")).click()
    assert download.value.suggested_filename == "feedback-sheet.pdf"
