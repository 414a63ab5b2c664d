"""Browser journeys at phone width (390 px), issue 22 requirements 2 and 10: from
signing in, one tap on the first item of "Waiting for you" leads to the work; once
it is done, the item leaves the list. axe-core on each page on the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import Placement, PlacementDay
from supervision.models import SupervisionSession
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import sign_in_at as _sign_in
from tests.placements.support import make_cast
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_educator_confirms_the_days_waiting_in_one_tap_from_the_dashboard(
    page: Page, live_server, transactional_db, axe_violations
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    cast = make_cast(status=Placement.Status.ACTIVE)
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday() + 7)
    for n in range(3):
        PlacementDay.objects.create(
            placement=cast.placement,
            date=monday + timedelta(days=n),
            kind=PlacementDay.Kind.PLACEMENT,
            hours=7,
        )

    _sign_in(page, base, cast.educator.email)
    waiting = page.locator("section:has(#panel-practice_educator) .portal-waiting")
    expect(waiting.get_by_role("link", name="Days to confirm")).to_be_visible()
    expect(waiting.locator('[data-waiting="days_to_confirm"] .govuk-tag')).to_have_text("3")
    _fits(page)
    _accessible(page, axe_violations)

    waiting.get_by_role("link", name="Days to confirm").click()
    expect(page).to_have_url(f"{base}/portal/placements/{cast.placement.pk}/days/")
    _fits(page)
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Confirm this week beginning").first.click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Confirm these 3 days").click()
    assert not cast.placement.days.filter(confirmed_at__isnull=True).exists()

    page.goto(f"{base}/portal/")
    expect(waiting.locator('[data-waiting="days_to_confirm"]')).to_have_count(0)
    _accessible(page, axe_violations)


def test_the_student_reflects_on_the_record_waiting_in_one_tap_from_the_dashboard(
    page: Page, live_server, transactional_db, axe_violations
):
    from supervision.services.workflow import apply_transition

    base = live_server.url
    page.set_viewport_size(PHONE)
    cast = make_cast(status=Placement.Status.ACTIVE)
    session = SupervisionSessionFactory(placement=cast.placement)
    apply_transition(record=session, name="send_to_student", by=cast.educator)

    _sign_in(page, base, cast.student.email)
    waiting = page.locator("section:has(#panel-student) .portal-waiting")
    link = waiting.get_by_role("link", name="Supervision records to reflect on and sign")
    expect(link).to_be_visible()
    _fits(page)
    _accessible(page, axe_violations)

    link.click()
    expect(page).to_have_url(f"{base}/portal/supervision/sessions/{session.pk}/")
    _fits(page)
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Add your reflection").click()
    _accessible(page, axe_violations)
    page.get_by_label("Your reflection").fill("I learnt to listen before advising.")
    page.get_by_role("button", name="Save your reflection").click()
    page.locator(f'a[href="/portal/supervision/sessions/{session.pk}/sign/"]').click()
    _fits(page)
    _accessible(page, axe_violations)
    page.locator("#main-content form button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}/portal/supervision/sessions/{session.pk}/")
    assert (
        SupervisionSession.objects.get(pk=session.pk).status
        == SupervisionSession.Status.AWAITING_EDUCATOR
    )
    # Done: the item has left the list, and the notification that asked for it is done.
    page.goto(f"{base}/portal/")
    expect(waiting.locator('[data-waiting="records_to_reflect_on"]')).to_have_count(0)
    assert not cast.student.notifications.filter(read_at__isnull=True).exists()
