"""axe-core finds no serious or critical problems on the pages everyone meets."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import describe_violations, wait_for_govuk_frontend

pytestmark = pytest.mark.e2e


def test_the_public_home_page_has_no_serious_accessibility_problems(
    page: Page, demo, axe_violations
):
    page.goto(f"{demo}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Children's social care practice education"
    )
    wait_for_govuk_frontend(page)

    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)


def test_the_sign_in_page_has_no_serious_accessibility_problems(page: Page, demo, axe_violations):
    page.goto(f"{demo}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    wait_for_govuk_frontend(page)

    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)


def test_the_sign_in_page_with_errors_has_no_serious_accessibility_problems(
    page: Page, sign_in, axe_violations
):
    sign_in("student@example.org", "not-the-demo-password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    wait_for_govuk_frontend(page)

    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)


def test_the_dashboard_has_no_serious_accessibility_problems(
    page: Page, demo, sign_in, axe_violations
):
    sign_in("student@example.org")
    expect(page).to_have_url(f"{demo}/portal/")
    expect(page.get_by_role("region", name="Student social worker")).to_be_visible()
    wait_for_govuk_frontend(page)

    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)
