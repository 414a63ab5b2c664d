"""A student records a week of days and a practice educator confirms the week, in
the browser, with axe-core on every page on the way."""

import re
from datetime import timedelta

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


def test_student_logs_a_week_and_educator_confirms_it(page: Page, demo, sign_in, axe_violations):
    today = timezone.localdate()
    last_monday = today - timedelta(days=today.weekday() + 7)
    last_week = [last_monday + timedelta(days=n) for n in range(5)]
    # The demo has last week recorded and confirmed already: start it afresh, so the
    # student records it here.
    sams_days = PlacementDay.objects.filter(placement__student__email="student@example.org")
    sams_days.filter(date__in=last_week).delete()

    sign_in("student@example.org")
    open_own_placement_days(page, demo, "Sam Student")
    check_accessibility(page, axe_violations)

    page.get_by_role("button", name="Record a day").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a day")
    check_accessibility(page, axe_violations)
    # A date already recorded is refused with a clear message and nothing saved.
    page.get_by_label("Date").fill(sams_days.earliest("date").date.isoformat())
    page.get_by_label("Placement day").check()
    page.get_by_label("Hours").fill("7.5")
    page.get_by_role("button", name="Record day").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already recorded")
    check_accessibility(page, axe_violations)
    # So is a day in the future.
    page.get_by_label("Date").fill((today + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Record day").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("today or in the past")
    assert not sams_days.filter(date__gt=today).exists()

    for number, day in enumerate(last_week):
        if number:
            page.get_by_role("button", name="Record a day").click()
        page.get_by_label("Date").fill(day.isoformat())
        page.get_by_label("Placement day").check()
        page.get_by_label("Hours").fill("7.5")
        page.get_by_role("button", name="Record day").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Placement days")
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"You recorded {day.day} {day:%B %Y}"
        )
    assert sams_days.filter(date__in=last_week, confirmed_at__isnull=True).count() == 5

    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name=re.compile("Sign out", re.I)).click()

    sign_in("educator@example.org")
    open_own_placement_days(page, demo, "Sam Student")
    week = f"{last_monday.day} {last_monday:%B %Y}"
    page.get_by_role("button", name=f"Confirm this week beginning {week}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"Confirm the week beginning {week}"
    )
    check_accessibility(page, axe_violations)
    page.get_by_role("button", name="Confirm these 5 days").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Placement days")
    expect(page.get_by_role("button", name=f"Confirm this week beginning {week}")).to_have_count(0)
    check_accessibility(page, axe_violations)
    assert sams_days.filter(date__in=last_week, confirmed_at__isnull=False).count() == 5
