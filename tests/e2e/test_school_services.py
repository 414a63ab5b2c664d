"""A service's co-ordinator says which schools work with it, in the browser: from the
dashboard to the list, a refused empty form, a school added, a link removed after
asking; axe-core finds nothing serious on any of those pages."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import describe_violations, wait_for_govuk_frontend

pytestmark = pytest.mark.e2e

COORDINATOR = "coordinator@example.org"  # the demo council's co-ordinator


def no_serious_problems(page: Page, axe_violations) -> None:
    wait_for_govuk_frontend(page)
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)


def test_the_coordinator_removes_and_adds_a_school(page: Page, demo, sign_in, axe_violations):
    sign_in(COORDINATOR)
    page.get_by_role("link", name="Schools we work with").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schools we work with")
    table = page.get_by_test_id("school-services")
    expect(table).to_be_visible()
    no_serious_problems(page, axe_violations)
    before = table.locator("tbody tr").count()
    first = table.locator("tbody tr").first
    school = first.locator("td").nth(0).inner_text()
    kind = first.locator("td").nth(1).inner_text()

    # Removing asks first; the link stays until the button is pressed.
    first.get_by_role("link", name="Remove").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Stop {school} asking for")
    no_serious_problems(page, axe_violations)
    page.get_by_role("button", name="Remove the link").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{school} no longer works with"
    )
    expect(page.get_by_test_id("school-services").locator("tbody tr")).to_have_count(before - 1)

    # An empty form is refused with a summary that names each field, and saves nothing.
    page.get_by_role("button", name="Add a school").click()
    page.get_by_role("button", name="Add the school").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Choose the school.")
    expect(summary).to_contain_text("Choose the kind of support the school may ask for.")
    no_serious_problems(page, axe_violations)

    # The school is added back for the same kind of support.
    page.get_by_label("School", exact=True).select_option(label=school)
    page.get_by_label(kind, exact=True).check()
    page.get_by_role("button", name="Add the school").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"{school} now works with")
    expect(page.get_by_test_id("school-services").locator("tbody tr")).to_have_count(before)
