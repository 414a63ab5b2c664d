"""Browser journey at phone width (390 px), issue 22 requirement 5: a practice
educator goes from their notifications to the choice of how they hear from the
portal, keeps placement days in the portal only and takes evidence in the daily
summary. axe-core on each page, nothing wider than the phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from portal.accounts.roles import Role
from portal.services import notification_preferences_of, notify
from tests.e2e.conftest import assert_accessible, describe_problems, sign_in_at
from tests.factories import user_with_role

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_educator_chooses_how_they_hear_from_the_portal(
    page: Page, live_server, transactional_db, axe_violations, browser_problems
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    educator = user_with_role(Role.PRACTICE_EDUCATOR)
    notify(user=educator, title="A day was logged", kind="days", email=False)

    sign_in_at(page, base, educator.email)
    page.goto(f"{base}/portal/notifications/")
    _fits(page)
    assert_accessible(page, axe_violations)
    page.get_by_role("link", name="Choose how you hear from the portal").click()
    expect(page).to_have_url(f"{base}/portal/account/notifications/")
    expect(page.get_by_test_id("fixed-kind")).to_contain_text("Safeguarding alerts")
    _fits(page)
    assert_accessible(page, axe_violations)

    page.get_by_role("group", name="Placement days").get_by_label("In the portal only").check()
    evidence = page.get_by_role("group", name="Capability evidence")
    evidence.get_by_label("In a daily summary email").check()
    page.get_by_role("button", name="Save your choices").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your choices of how you hear from the portal are saved."
    )
    expect(
        page.get_by_role("group", name="Placement days").get_by_label("In the portal only")
    ).to_be_checked()
    _fits(page)
    assert_accessible(page, axe_violations)
    chosen = notification_preferences_of(educator)
    assert (chosen["days"], chosen["evidence"], chosen["supervision"]) == (
        "portal",
        "digest",
        "email",
    )

    found = browser_problems()
    assert found == {"csp_events": [], "console": [], "page_errors": []}, describe_problems(found)
