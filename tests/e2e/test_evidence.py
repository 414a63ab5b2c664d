"""A student adds capability evidence (refused once for naming a child), the
practice educator comments and rates the domains, in the browser, with axe-core
on every page on the way."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.casework import selectors as casework_selectors
from placements.models import DomainRating, EvidenceItem
from tests.e2e.conftest import describe_violations
from tests.factories import PASSWORD
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.e2e


def check_accessibility(page: Page, axe_violations) -> None:
    found = axe_violations()
    assert found == [], describe_violations(page.url, found)


def sign_in_as(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def test_student_adds_evidence_and_educator_comments_and_rates(
    page: Page, live_server, transactional_db, axe_violations, monkeypatch
):
    monkeypatch.setattr(casework_selectors, "names_on_work", lambda **people: {"Kayden"})
    placement = PlacementFactory()
    base = live_server.url
    evidence_url = f"{base}/portal/placements/{placement.pk}/evidence/"

    sign_in_as(page, base, placement.student.email)
    page.goto(f"{base}/portal/placements/{placement.pk}/")
    page.get_by_role("link", name="Capability evidence", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Capability evidence")
    check_accessibility(page, axe_violations)

    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add evidence")
    check_accessibility(page, axe_violations)
    page.get_by_label("Date of the work").fill(timezone.localdate().isoformat())
    page.get_by_role("radio", name="Direct work").check()
    page.get_by_label("Title", exact=True).fill("Play session at school")
    page.get_by_label("Reflection", exact=True).fill(
        "Kayden chose the sand tray and I followed his lead."
    )
    page.get_by_label("PCF 7: Skills and Interventions").check()
    page.get_by_label("KSS 1: Relationships and effective direct work").check()
    page.get_by_role("button", name="Add evidence").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Remove the name from the reflection")
    check_accessibility(page, axe_violations)
    assert not EvidenceItem.objects.exists()

    page.get_by_label("Reflection", exact=True).fill(
        "The pupil chose the sand tray and I followed his lead."
    )
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Play session at school")
    check_accessibility(page, axe_violations)

    page.goto(f"{evidence_url}coverage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence coverage")
    check_accessibility(page, axe_violations)

    sign_in_as(page, base, placement.practice_educator.email)
    page.goto(evidence_url)
    page.get_by_role("link", name="Play session at school").click()
    page.get_by_label("Your comment").fill("Good pacing; link it to attachment theory next.")
    page.get_by_role("button", name="Save comment").click()
    expect(page.locator("main")).to_contain_text("Your comment was saved.")
    check_accessibility(page, axe_violations)

    page.goto(f"{evidence_url}coverage/")
    page.get_by_role("group", name="7. Skills and Interventions").get_by_label(
        "Progressing"
    ).check()
    page.get_by_role("group", name="1. Professionalism").get_by_label("Meets the level").check()
    page.get_by_role("button", name="Save ratings").click()
    expect(page.locator("main")).to_contain_text("Your ratings were saved (2 domains).")
    check_accessibility(page, axe_violations)
    assert DomainRating.objects.filter(placement=placement).count() == 2
