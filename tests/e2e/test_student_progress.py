"""Browser journey (issue 16, requirements 4 and 5): the student reads their own progress
on their dashboard on a phone (390 px): the day ledger with the behind-schedule
warning, the evidence per PCF domain and what is next, then opens the header's Menu
and goes to a section, which the header marks as current. The practice educator sees
the same panel on the placement page. axe-core and the CSP on every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import Capability, PlacementDay
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import describe_problems
from tests.e2e.conftest import sign_in_at as _sign_in
from tests.placements.factories import EvidenceItemFactory
from tests.placements.support import SECTIONS, confirm_days, make_cast

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _placement_under_way():
    from placements.models import Placement
    from placements.services.agreement import agreement_save

    cast = make_cast(
        status=Placement.Status.ACTIVE, starts_on=timezone.localdate() - timedelta(days=63)
    )
    placement = cast.placement
    confirm_days(placement, 10)  # well behind the pace of 70 days in 120
    PlacementDay.objects.create(
        placement=placement,
        date=timezone.localdate() - timedelta(days=1),
        kind=PlacementDay.Kind.PLACEMENT,
        hours=7,
    )
    pcf = Capability.objects.filter(version__framework__code="pcf", version__is_current=True)
    EvidenceItemFactory(placement=placement, capabilities=[pcf.get(number=1)])
    agreement_save(placement=placement, by=cast.educator, **SECTIONS)
    return cast


def test_the_student_reads_their_progress_on_a_phone_and_moves_by_the_header(
    page: Page, live_server, transactional_db, axe_violations, browser_problems
):
    base = live_server.url
    cast = _placement_under_way()
    page.set_viewport_size(PHONE)

    _sign_in(page, base, cast.student.email)
    progress = page.get_by_test_id(f"progress-{cast.placement.pk}")
    expect(progress.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(progress.locator(".govuk-warning-text")).to_contain_text("behind the expected pace")
    days = progress.locator(".govuk-summary-list")
    expect(days).to_contain_text("Confirmed days")
    expect(days).to_contain_text("10")
    expect(days).to_contain_text("Waiting for confirmation")
    expect(progress.get_by_role("table")).to_contain_text("Professionalism")
    tasks = progress.locator(".govuk-task-list")
    expect(tasks.get_by_role("link", name="Sign the practice learning agreement")).to_be_visible()
    expect(tasks).to_contain_text("Midpoint review")
    expect(tasks).to_contain_text("Direct observations")
    assert "will also be listed here" not in page.content()
    # Nothing on the dashboard is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _accessible(page, axe_violations)

    # The header at phone width: the sections sit behind the Menu button.
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    navigation = page.locator("#navigation")
    expect(navigation).to_be_hidden()
    menu.click()
    expect(navigation).to_be_visible()
    for section in ("Placements", "Children", "Plans", "Safeguarding"):
        expect(navigation.get_by_role("link", name=section, exact=True)).to_be_visible()
    _accessible(page, axe_violations)
    navigation.get_by_role("link", name="Plans", exact=True).click()
    expect(page).to_have_url(f"{base}/portal/casework/plans/")
    page.get_by_role("button", name="Menu").click()
    current = page.locator('#navigation [aria-current="page"]')
    expect(current).to_have_text("Plans")
    _accessible(page, axe_violations)

    # The task list's link leads to the agreement, where the student signs.
    page.goto(f"{base}/portal/")
    page.get_by_role("link", name="Sign the practice learning agreement").click()
    expect(page).to_have_url(f"{base}/portal/placements/{cast.placement.pk}/agreement/")

    found = browser_problems()
    assert found == {"csp_events": [], "console": [], "page_errors": []}, describe_problems(found)


def test_the_practice_educator_sees_the_same_panel_on_the_placement_page(
    page: Page, live_server, transactional_db, axe_violations, browser_problems
):
    base = live_server.url
    cast = _placement_under_way()

    _sign_in(page, base, cast.educator.email)
    page.goto(f"{base}/portal/placements/{cast.placement.pk}/")
    progress = page.get_by_test_id(f"progress-{cast.placement.pk}")
    expect(progress.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    expect(progress.locator(".govuk-warning-text")).to_contain_text(f"{cast.student.name} is")
    expect(progress.get_by_role("table")).to_contain_text("Professionalism")
    expect(progress.locator(".govuk-task-list")).to_contain_text("Sign the practice learning")
    current = page.locator('#navigation [aria-current="page"]')
    expect(current).to_have_text("Placements")
    _accessible(page, axe_violations)

    found = browser_problems()
    assert found == {"csp_events": [], "console": [], "page_errors": []}, describe_problems(found)
