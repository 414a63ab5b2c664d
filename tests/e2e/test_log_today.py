"""Browser journey at phone width (390 px), issue 22 requirement 3: the student taps
"Log today" on their dashboard and sees today logged; their practice educator
confirms the week in one step. axe-core on each page, nothing wider than the phone."""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import Placement, PlacementDay
from placements.services.ledger import day_record
from portal.workingdays import WorkingDays
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import describe_problems
from tests.e2e.conftest import sign_in_at as _sign_in
from tests.placements.support import make_cast

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _a_working_day(request) -> None:
    """Today, or the last working day before it (the journey logs a working day):
    the clock moves only when today is not one."""
    calendar = WorkingDays()
    day = timezone.localdate()
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    if day != timezone.localdate():
        request.getfixturevalue("clock").today_is(day, at=time(10, 0))


def test_the_student_logs_today_in_one_tap_and_the_educator_confirms_the_week(
    page: Page, live_server, transactional_db, axe_violations, browser_problems, request
):
    _a_working_day(request)
    base = live_server.url
    page.set_viewport_size(PHONE)
    today = timezone.localdate()
    cast = make_cast(status=Placement.Status.ACTIVE, starts_on=today - timedelta(days=28))
    placement, calendar = cast.placement, WorkingDays()
    # The days of this week before today are logged already.
    earlier = [
        today - timedelta(days=n)
        for n in range(1, today.weekday() + 1)
        if calendar.is_working_day(today - timedelta(days=n))
    ]
    for day in earlier:
        day_record(placement=placement, by=cast.student, date=day, kind="placement", hours=7)

    _sign_in(page, base, cast.student.email)
    today_part = page.get_by_test_id(f"today-{placement.pk}")
    expect(today_part).to_contain_text("a placement day of 7.5 hours")
    _fits(page)
    _accessible(page, axe_violations)

    today_part.get_by_role("button", name="Log today").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You logged today")
    today_part = page.get_by_test_id(f"today-{placement.pk}")
    expect(today_part).to_contain_text("Today is logged (7.5 hours).")
    expect(today_part.get_by_role("button", name="Log today")).to_have_count(0)
    expect(today_part.get_by_role("link", name="Change today")).to_be_visible()
    logged = PlacementDay.objects.get(placement=placement, date=today)
    assert (logged.kind, logged.hours) == ("placement", Decimal("7.5"))
    _fits(page)
    _accessible(page, axe_violations)

    # The practice educator: from "Waiting for you" to the week, confirmed in one step.
    _sign_in(page, base, cast.educator.email)
    waiting = page.locator("section:has(#panel-practice_educator) .portal-waiting")
    waiting.get_by_role("link", name="Days to confirm").click()
    expect(page).to_have_url(f"{base}/portal/placements/{placement.pk}/days/")
    _fits(page)
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Confirm this week beginning").first.click()
    count = len(earlier) + 1
    name = "Confirm this day" if count == 1 else f"Confirm these {count} days"
    confirm = page.get_by_role("button", name=name)
    expect(confirm).to_be_visible()
    _fits(page)
    _accessible(page, axe_violations)
    confirm.click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"You confirmed {count}")
    assert not placement.days.filter(confirmed_at__isnull=True).exists()
    _fits(page)
    _accessible(page, axe_violations)

    found = browser_problems()
    assert found == {"csp_events": [], "console": [], "page_errors": []}, describe_problems(found)
