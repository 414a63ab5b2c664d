"""Browser journeys: a co-ordinator allocates a practice educator and records the
places a team offers; a student rates their ended placement; the quality report.
axe-core on every page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from placements.models import Placement, PlacementOffer, QualityFeedback
from portal.accounts.roles import Role
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import sign_in_at as _sign_in
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import EducatorProfileFactory, PlacementFactory

pytestmark = pytest.mark.e2e


def test_a_coordinator_allocates_and_records_places(
    page: Page, live_server, transactional_db, axe_violations
):
    council = OrganisationFactory(name="Westmoor Council")
    coordinator = user_with_role(Role.COORDINATOR, council)
    placement = PlacementFactory(host=council, practice_educator=None, status="proposed")
    educator = EducatorProfileFactory(organisation=council).user
    _sign_in(page, live_server.url, coordinator.email)

    page.get_by_role("link", name="Allocation", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Placements without a practice educator"
    )
    _accessible(page, axe_violations)
    page.get_by_role("button", name=f"Assign {educator.name}").click()
    expect(page.get_by_text(f"{educator} is now the practice educator")).to_be_visible()
    placement.refresh_from_db()
    assert placement.practice_educator == educator

    page.get_by_role("link", name="Practice educators and capacity").click()
    expect(page.get_by_text("Has room")).to_be_visible()
    _accessible(page, axe_violations)

    page.get_by_role("link", name="Settings and open places").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Record places offered").click()
    page.get_by_label("Host organisation").select_option(label="Westmoor Council")
    page.get_by_label("Team").fill("Early help team")
    page.get_by_label("Available from").fill("2026-09-01")
    page.get_by_label("Available until").fill("2026-08-01")
    page.get_by_label("Places offered").fill("3")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The end date must be after the start date."
    )
    _accessible(page, axe_violations)
    assert not PlacementOffer.objects.exists()
    page.get_by_label("Available until").fill("2027-07-31")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Early help team: 3 places recorded.")).to_be_visible()
    assert PlacementOffer.objects.get().places == 3


def test_a_student_rates_the_setting_and_a_coordinator_reads_the_report(
    page: Page, live_server, transactional_db, axe_violations
):
    council = OrganisationFactory(name="Westmoor Council")
    coordinator = user_with_role(Role.COORDINATOR, council)
    placement = PlacementFactory(host=council, team="Duty team", status=Placement.Status.PASSED)
    _sign_in(page, live_server.url, placement.student.email)

    page.get_by_role("link", name="Rate your placement at Westmoor Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate your placement setting")
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Send my ratings").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a score for")
    _accessible(page, axe_violations)
    for fieldset in page.locator("fieldset").all():
        fieldset.get_by_label("4 – Agree").check()
    page.get_by_label("What went well? (optional)").fill("Joint visits from the first week.")
    page.get_by_role("button", name="Send my ratings").click()
    expect(page.get_by_text("were sent without your name")).to_be_visible()
    assert QualityFeedback.objects.get().went_well == "Joint visits from the first week."

    page.context.clear_cookies()
    _sign_in(page, live_server.url, coordinator.email)
    page.get_by_role("link", name="Placement quality: what students said about settings").click()
    expect(page.get_by_text("Fewer than 3 responses")).to_be_visible()
    expect(page.get_by_text("Joint visits from the first week.")).to_have_count(0)
    _accessible(page, axe_violations)
