"""TEMPORARY (reviews helper): the review journey in the browser with axe-core."""

import pytest
from playwright.sync_api import Page, expect

from placements.models import Placement
from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e


def check(page, axe_violations, browser_problems):
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)


def test_reviews_journey(page: Page, demo, sign_in, axe_violations, browser_problems):
    sam = Placement.objects.get(student__email="student@example.org")
    george = Placement.objects.get(student__name="George Patel")
    lucy = Placement.objects.get(student__name="Lucy Bennett")
    farah = Placement.objects.get(student__name="Farah Ali")
    sign_in("educator@example.org")
    page.goto(f"{demo}/portal/placements/{sam.pk}/")
    page.get_by_role("button", name="Record midpoint review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the midpoint review")
    check(page, axe_violations, browser_problems)
    page.get_by_role("button", name="Record the midpoint review").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, axe_violations, browser_problems)
    page.get_by_role("button", name="Add another action").click()
    expect(page.locator("[name=action_4_description]")).to_be_visible()
    page.get_by_label("Date of the review").fill(str(sam.starts_on))
    page.get_by_label("Who attended").fill("Sam, student\nEd, PE")
    page.get_by_label("Satisfactory").check()
    for number in range(1, 10):
        page.locator(f"#id_rating_{number}_1").check()
    page.get_by_role("button", name="Record the midpoint review").click()
    expect(page.get_by_text("The midpoint review was recorded")).to_be_visible()
    check(page, axe_violations, browser_problems)
    page.goto(f"{demo}/portal/placements/{sam.pk}/")
    check(page, axe_violations, browser_problems)
    page.goto(f"{demo}/portal/placements/{sam.pk}/final-report/")
    check(page, axe_violations, browser_problems)
    page.goto(f"{demo}/portal/placements/{sam.pk}/final-report/edit/")
    check(page, axe_violations, browser_problems)

    sign_in("tutor@example.org")
    page.goto(f"{demo}/portal/")
    check(page, axe_violations, browser_problems)
    page.goto(f"{demo}/portal/placements/{farah.pk}/midpoint-review/")
    check(page, axe_violations, browser_problems)
    page.goto(f"{demo}/portal/placements/{george.pk}/final-report/")
    check(page, axe_violations, browser_problems)
    page.get_by_role("button", name="Countersign the report").click()
    check(page, axe_violations, browser_problems)
    page.get_by_role("button", name="Countersign", exact=True).click()
    expect(page.get_by_text("You countersigned the final report.")).to_be_visible()

    sign_in("coordinator@example.org")
    page.goto(f"{demo}/portal/")
    check(page, axe_violations, browser_problems)
    page.goto(f"{demo}/portal/placements/{lucy.pk}/")
    page.get_by_role("button", name="Record panel decision").click()
    check(page, axe_violations, browser_problems)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, axe_violations, browser_problems)
    page.get_by_label("Date of the panel").fill(str(__import__("datetime").date.today()))
    page.get_by_label("Ratified").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The placement is now passed.")).to_be_visible()
    check(page, axe_violations, browser_problems)
    sign_in("student14@example.org")
    assert browser_problems()["csp_events"] == []
