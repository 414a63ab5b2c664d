"""Browser journey: a practice educator books a direct observation, writes feedback
on a PCF domain, a child fills in the faces form, the student reflects and signs,
the practice educator signs and the observation shows as locked. axe-core and
the CSP on every page on the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import Placement
from supervision.models import Observation
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import describe_problems
from tests.e2e.conftest import sign_in_at as _sign_in
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.e2e


def test_an_observation_is_booked_fed_back_on_signed_by_both_and_locked(
    page: Page, live_server, transactional_db, axe_violations, browser_problems
):
    base = live_server.url
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    educator, student = placement.practice_educator, placement.student
    held_on = timezone.localdate() - timedelta(days=1)

    _sign_in(page, base, educator.email)
    page.goto(f"{base}/portal/supervision/placements/{placement.pk}/observations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Direct observations")
    _accessible(page, axe_violations)
    page.get_by_role("link", name="Book a direct observation").click()
    page.get_by_role("button", name="Book the observation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _accessible(page, axe_violations)
    page.get_by_label(f"{educator} (practice educator)").check()
    page.get_by_label("Date of the observation").fill(held_on.isoformat())
    page.get_by_label("Setting").fill("Family home visit")
    page.get_by_role("button", name="Book the observation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Direct observation of")
    _accessible(page, axe_violations)

    page.get_by_role("link", name="Write feedback").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Write feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback on the observation")
    _accessible(page, axe_violations)
    page.get_by_label("Overall feedback").fill("A calm, well-paced visit.")
    page.get_by_label("1. Professionalism").fill("Explained the purpose of the visit.")
    page.get_by_role("button", name="Save the feedback").click()

    page.get_by_role("link", name="Open the child-friendly faces form").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How did today go?")
    _accessible(page, axe_violations)
    # By keyboard: the faces are ordinary radios.
    page.get_by_label("Very happy").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Very happy")).to_be_checked()
    page.get_by_label("Who is filling this in?").fill("Child aged 9")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Very happy")).to_be_visible()

    page.get_by_role("link", name="Send to the student").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Send to the student").click()

    _sign_in(page, base, student.email)
    observation = Observation.objects.get(placement=placement)
    page.goto(f"{base}/portal/supervision/observations/{observation.pk}/")
    _accessible(page, axe_violations)
    page.get_by_role("link", name="Write your reflection").click()
    _accessible(page, axe_violations)
    page.get_by_label("Your reflection").fill("I learned to slow down and check in.")
    page.get_by_role("button", name="Save your reflection").click()
    page.get_by_role("link", name="Sign the observation").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Sign the observation").click()

    _sign_in(page, base, educator.email)
    page.goto(f"{base}/portal/supervision/observations/{observation.pk}/")
    page.get_by_role("link", name="Sign and lock").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.locator(".govuk-tag", has_text="Signed and locked")).to_be_visible()
    _accessible(page, axe_violations)
    expect(page.get_by_role("link", name="Write the feedback")).to_have_count(0)
    observation.refresh_from_db()
    assert observation.is_locked

    found = browser_problems()
    assert found["csp_events"] == [] and found["page_errors"] == [], describe_problems(found)
