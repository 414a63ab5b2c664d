"""Browser journey at phone width (390 px), issue 22 requirement 7: a new practice
educator follows their invitation, sets up their account, is led to complete their
profile (PEPS stage, registration, DBS) and then finds nothing about it waiting.
axe-core on each page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import EducatorProfile
from portal.accounts.roles import Role
from portal.models import Notification
from tests.e2e.conftest import assert_accessible as _accessible
from tests.factories import InvitationFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
PASSWORD = "a-long-new-password-2026"


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_new_educator_is_led_to_complete_their_profile(
    page: Page, live_server, transactional_db, axe_violations
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    council = OrganisationFactory(name="Westmoor Council")
    coordinator = user_with_role(Role.COORDINATOR, council)
    InvitationFactory(
        key="journey-key",
        email="pat.educator@example.org",
        organisation=council,
        role=Role.PRACTICE_EDUCATOR,
        invited_by=coordinator,
    )

    page.goto(f"{base}/portal/invitation/journey-key/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    page.get_by_label("Your full name").fill("Pat Educator")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(f"{base}/portal/placements/my-profile/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your practice educator profile")
    _fits(page)
    _accessible(page, axe_violations)

    # Bad input: every problem at once, nothing saved.
    page.get_by_label("Social Work England registration number").fill("123")
    page.get_by_role("button", name="Save your profile").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select your PEPS stage.")
    expect(summary).to_contain_text("Enter the date of your DBS check.")
    assert not EducatorProfile.objects.exists()
    _accessible(page, axe_violations)

    page.get_by_label("Social Work England registration number").fill("SW654321")
    page.get_by_label("Stage 2 (can assess a final placement)").check()
    page.get_by_label("Off-site (independent)").check()
    dbs = (timezone.localdate() - timedelta(days=20)).isoformat()
    page.get_by_label("Date of your DBS check").fill(dbs)
    page.get_by_role("button", name="Save your profile").click()

    expect(page).to_have_url(f"{base}/portal/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your profile is complete")
    expect(page.get_by_role("link", name="Complete your profile")).to_have_count(0)
    profile = EducatorProfile.objects.get(user__email="pat.educator@example.org")
    assert (profile.swe_registration, profile.peps_stage) == ("SW654321", 2)
    assert not Notification.objects.filter(user=profile.user, read_at__isnull=True).exists()
    _fits(page)
    _accessible(page, axe_violations)
