"""Browser journeys at phone width (390 px) for the tutor, the co-ordinator and the
school contact on the demo data, issue 22 requirements 2 and 10 (the PE's and the
student's are in test_waiting_journeys): from signing in, one tap on an item of
"Waiting for you" leads to the work; once it is done, the item's count goes down
or it leaves the list. axe-core on each page on the way, and none scrolls sideways."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from placements.casework.models import DirectWorkPlan
from placements.models import Placement
from placements.selectors.waiting import reports_to_countersign
from portal.accounts.models import User
from tests.e2e.conftest import assert_accessible as _accessible

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _checked(page: Page, axe_violations) -> None:
    """The page fits the phone (no sideways scroll) and axe-core finds nothing serious."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate(
        "window.innerWidth"
    ), f"{page.url} scrolls sideways at {PHONE['width']} px"
    _accessible(page, axe_violations)


def _count(waiting: Locator, key: str) -> Locator:
    return waiting.locator(f'[data-waiting="{key}"] .govuk-tag')


def test_the_tutor_countersigns_the_final_report_waiting_in_one_tap_from_the_dashboard(
    page: Page, demo, sign_in, axe_violations
):
    page.set_viewport_size(PHONE)
    tutor = User.objects.get(email="tutor@example.org")
    [placement] = reports_to_countersign(tutor)
    assert not placement.final_reports.filter(tutor_comment__gt="").exists()

    sign_in(tutor.email)
    waiting = page.locator("section:has(#panel-tutor) .portal-waiting")
    expect(_count(waiting, "reports_to_countersign")).to_have_text("1")
    _checked(page, axe_violations)

    waiting.get_by_role("link", name="Final reports to countersign").click()
    expect(page).to_have_url(f"{demo}/portal/placements/{placement.pk}/final-report/")
    _checked(page, axe_violations)
    page.get_by_role("button", name="Countersign the report").click()
    _checked(page, axe_violations)
    page.get_by_label("Your comment (optional)").fill("A fair report, well evidenced.")
    page.locator("#main-content form button[type=submit]").first.click()
    expect(page.locator("#main-content")).to_contain_text("You countersigned the final report.")
    _checked(page, axe_violations)
    report = placement.final_reports.get(tutor_comment="A fair report, well evidenced.")
    assert report.is_locked

    page.goto(f"{demo}/portal/")
    expect(waiting.locator('[data-waiting="reports_to_countersign"]')).to_have_count(0)
    expect(waiting.get_by_role("link", name="Open causes for concern")).to_be_visible()
    _checked(page, axe_violations)


def test_the_coordinator_allocates_an_educator_to_a_placement_waiting_for_one(
    page: Page, demo, sign_in, axe_violations
):
    page.set_viewport_size(PHONE)
    coordinator = User.objects.get(email="coordinator@example.org")

    sign_in(coordinator.email)
    waiting = page.locator("section:has(#panel-coordinator) .portal-waiting")
    expect(_count(waiting, "without_educator")).to_have_text("3")
    _checked(page, axe_violations)

    # Three placements: the tap lands on the placements list narrowed to them.
    waiting.get_by_role("link", name="Placements without a practice educator").click()
    expect(page).to_have_url(f"{demo}/portal/placements/?waiting=without_educator")
    rows = page.locator("#main-content tbody tr")
    expect(rows).to_have_count(3)
    _checked(page, axe_violations)

    rows.first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/portal/placements/\d+/$"))
    pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    assert Placement.objects.get(pk=pk).practice_educator is None
    _checked(page, axe_violations)
    page.get_by_role("link", name="Change details of this placement").click()
    _checked(page, axe_violations)
    choice = page.get_by_label("Practice educator (optional)")
    educator_pk = choice.locator("option:not([value=''])").first.get_attribute("value")
    choice.select_option(educator_pk)
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(f"{demo}/portal/placements/{pk}/")
    _checked(page, axe_violations)
    assert Placement.objects.get(pk=pk).practice_educator_id == int(educator_pk)

    page.goto(f"{demo}/portal/")
    expect(_count(waiting, "without_educator")).to_have_text("2")
    _checked(page, axe_violations)


def test_the_school_contact_agrees_to_the_plan_waiting_for_the_schools_agreement(
    page: Page, demo, sign_in, axe_violations
):
    """The school reaches the plan in one tap and agrees to it for the school; the
    item leaves the list. Its answered request is one tap away too."""
    page.set_viewport_size(PHONE)
    contact = User.objects.get(email="school2@example.org")
    [plan] = DirectWorkPlan.objects.filter(
        school__in=contact.organisations_where("school_contact"),
        status=DirectWorkPlan.Status.DRAFT,
        school_agreed_on__isnull=True,
    )

    sign_in(contact.email)
    waiting = page.locator("section:has(#panel-school_contact) .portal-waiting")
    expect(_count(waiting, "plans_to_agree")).to_have_text("1")
    _checked(page, axe_violations)

    waiting.get_by_role("link", name="Plans to agree").click()
    expect(page).to_have_url(f"{demo}/portal/casework/plans/{plan.pk}/")
    _checked(page, axe_violations)
    page.get_by_role("button", name="Agree to this plan for the school").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You agreed to the plan for the school."
    )
    expect(page.get_by_test_id("school-agreement")).to_contain_text(contact.name)
    _checked(page, axe_violations)
    plan.refresh_from_db()
    assert plan.school_agreed_by == contact.name

    page.goto(f"{demo}/portal/")
    expect(waiting.locator('[data-waiting="plans_to_agree"]')).to_have_count(0)
    waiting.get_by_role("link", name="Requests answered in the last 14 days").click()
    expect(page).to_have_url(re.compile(r"/portal/casework/requests/\d+/$"))
    _checked(page, axe_violations)
