"""A student records a day and a practice educator confirms the week, in the browser,
with axe-core on every page on the way."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import PlacementDay
from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e


def check_accessibility(page: Page, axe_violations) -> None:
    found = axe_violations()
    assert found == [], describe_violations(page.url, found)


def open_own_placement_days(page: Page, demo: str, student_name: str) -> None:
    page.goto(f"{demo}/portal/placements/")
    page.get_by_role("link", name=re.compile(rf"^{student_name}")).first.click()
    page.get_by_role("link", name="Placement days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Placement days")


def test_student_logs_a_day_and_educator_confirms_the_week(
    page: Page, demo, sign_in, axe_violations
):
    today = timezone.localdate()

    sign_in("student@example.org")
    open_own_placement_days(page, demo, "Sam Student")
    check_accessibility(page, axe_violations)

    page.get_by_role("button", name="Record a day").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a day")
    check_accessibility(page, axe_violations)
    # A date already recorded is refused with a clear message and nothing saved.
    recorded = PlacementDay.objects.filter(placement__student__email="student@example.org")
    page.get_by_label("Date").fill(recorded.earliest("date").date.isoformat())
    page.get_by_label("Placement day").check()
    page.get_by_label("Hours").fill("7.5")
    page.get_by_role("button", name="Record day").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already recorded")
    check_accessibility(page, axe_violations)

    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_role("button", name="Record day").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Placement days")
    expect(page.locator("main")).to_contain_text(f"{today.day} {today:%B %Y}")

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name=re.compile("Sign out", re.I)).click()

    sign_in("educator@example.org")
    open_own_placement_days(page, demo, "Sam Student")
    confirm_buttons = page.get_by_role("button", name=re.compile("^Confirm this week"))
    pending_weeks = confirm_buttons.count()
    assert pending_weeks >= 1
    confirm_buttons.first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirm the week beginning")
    check_accessibility(page, axe_violations)
    page.get_by_role("button", name=re.compile(r"^Confirm \d+ days?$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Placement days")
    expect(page.get_by_role("button", name=re.compile("^Confirm this week"))).to_have_count(
        pending_weeks - 1
    )
    check_accessibility(page, axe_violations)
