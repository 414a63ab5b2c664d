"""The public site in a real browser: every demo page opens without serious
accessibility problems, the language switcher works with a mouse and with the
keyboard, and GOV.UK Frontend's accordion works under the strict CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import describe_problems, describe_violations, wait_for_govuk_frontend
from tests.migration_data import restore_migration_data

pytestmark = pytest.mark.e2e


# Every page the demo publishes, with its heading and language.
DEMO_PAGES = [
    ("/", "Children's social care practice education", "en-gb"),
    ("/positive-outcomes-project/", "Positive Outcomes Project", "en-gb"),
    (
        "/positive-outcomes-project/children-young-people-and-families/",
        "Children, young people and families",
        "en-gb",
    ),
    ("/positive-outcomes-project/professionals/", "Professionals", "en-gb"),
    ("/positive-outcomes-project/student-social-workers/", "Student social workers", "en-gb"),
    (
        "/positive-outcomes-project/social-work-degree-courses/",
        "Social work degree courses",
        "en-gb",
    ),
    ("/pocar/", "POCAR: Parenting Our Children and Accessing Recovery", "en-gb"),
    ("/childrens-program/", "Children's Program", "en-gb"),
    ("/about/", "About this site", "en-gb"),
    ("/about/about-us/", "About us", "en-gb"),
    ("/about/accessibility-statement/", "Accessibility statement", "en-gb"),
    ("/about/privacy-notice/", "Privacy notice", "en-gb"),
    ("/sv/", "Socialt arbete med barn och familjer", "sv"),
    ("/sv/pocar/", "POCAR: föräldraskap och väg till återhämtning", "sv"),
    ("/sv/childrens-program/", "Children's Program", "sv"),
]


@pytest.fixture
def public_site(live_server, transactional_db, settings, tmp_path):
    """The demo public site alone (the portal's demo data is not needed here)."""
    from cms.seed import seed_public_site

    settings.MEDIA_ROOT = tmp_path / "media"
    restore_migration_data()
    seed_public_site()
    return live_server.url


def focused_text(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.textContent : ''")


def tab_to_link(page: Page, text: str, limit: int = 80) -> None:
    """Press Tab until the link with this text has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_text(page).strip() == text:
            return
    pytest.fail(f"the {text!r} link cannot be reached with the Tab key")


def test_every_demo_page_opens_without_serious_accessibility_problems(
    page: Page, public_site, axe_violations, browser_problems
):
    problems = {}
    for path, heading, language in DEMO_PAGES:
        response = page.goto(f"{public_site}{path}")
        assert response.status == 200, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("navigation", name="Språk" if language == "sv" else "Language"))
        wait_for_govuk_frontend(page)
        violations = axe_violations()
        if violations:
            problems[path] = describe_violations(page.url, violations)
    assert problems == {}, "\n\n".join(problems.values())
    found = browser_problems()
    assert found["csp_events"] == [], describe_problems(found)
    assert found["page_errors"] == [], describe_problems(found)


def test_a_visitor_switches_between_swedish_and_english(page: Page, public_site):
    page.goto(f"{public_site}/sv/childrens-program/")
    expect(page.get_by_role("button", name="Anmäl intresse på webben")).to_be_visible()

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{public_site}/childrens-program/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_role("button", name="Register your interest online")).to_be_visible()

    page.get_by_role("link", name="Svenska").click()
    expect(page).to_have_url(f"{public_site}/sv/childrens-program/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    # A page that exists only in English leads to the Swedish home page.
    page.goto(f"{public_site}/positive-outcomes-project/")
    expect(page.get_by_text("This page is not available in Svenska")).to_be_visible()
    page.get_by_role("link", name="Svenska").click()
    expect(page).to_have_url(f"{public_site}/sv/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Socialt arbete med barn och familjer"
    )


def test_the_language_switcher_and_accordion_work_from_the_keyboard(page: Page, public_site):
    page.goto(f"{public_site}/sv/pocar/")
    wait_for_govuk_frontend(page)
    tab_to_link(page, "English")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{public_site}/pocar/")
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")

    page.goto(f"{public_site}/positive-outcomes-project/")
    wait_for_govuk_frontend(page)
    section = page.get_by_role("button", name="Social work assessments")
    expect(section).to_have_attribute("aria-expanded", "false")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement && document.activeElement.closest"
            "('.govuk-accordion__section-button') !== null"
            " && document.activeElement.textContent.includes('Social work assessments')"
        ):
            break
    else:
        pytest.fail("the accordion section cannot be reached with the Tab key")
    page.keyboard.press("Enter")
    expect(section).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_text("A qualified social worker co-works every assessment")).to_be_visible()
