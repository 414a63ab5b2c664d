"""Browser journey: a student makes a calendar address, a calendar app reads it,
the student revokes it and the address stops working. axe-core on each page;
no CSP violations."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from placements.models import Placement
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import describe_problems
from tests.factories import PASSWORD
from tests.placements.factories import PlacementFactory
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.e2e


def test_a_student_subscribes_and_then_revokes_the_address(
    page: Page, live_server, transactional_db, axe_violations, browser_problems
):
    base = live_server.url
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    SupervisionSessionFactory(placement=placement)
    student = placement.student

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/portal/")

    page.goto(f"{base}/portal/supervision/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision in your calendar")
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Make my calendar address").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Calendar address made")).to_be_visible()
    _accessible(page, axe_violations)
    address = page.get_by_label("Calendar address").input_value()
    assert address.endswith(".ics")
    feed = page.context.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert "SUMMARY:Supervision with " in feed.text()

    page.get_by_role("link", name="Back to supervision in your calendar").click()
    page.get_by_role("link", name="Revoke the address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revoke your calendar address?")
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Revoke the address").click()

    expect(page.get_by_text("Your calendar address was revoked.")).to_be_visible()
    _accessible(page, axe_violations)
    assert page.context.request.get(address).status == 404
    found = browser_problems()
    assert found["csp_events"] == [] and found["page_errors"] == [], describe_problems(found)
