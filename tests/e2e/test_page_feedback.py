"""The "Was this page useful?" form in a real browser: keyboard only, thank-you shown,
errors explained, no serious accessibility problems, nothing blocked by CSP."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import describe_problems, describe_violations, wait_for_govuk_frontend

pytestmark = pytest.mark.e2e


def demo_page_url(demo: str) -> str:
    """A seeded public standard page (every public page carries the same form)."""
    from wagtail.models import Locale

    from cms.models import StandardPage

    standard = (
        StandardPage.objects.live().public().filter(locale=Locale.get_default()).order_by("path")
    ).first()
    assert standard is not None, "the demo site has no published standard page"
    return f"{demo}{standard.url}"


def focused_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tab_to(page: Page, element_id: str, limit: int = 150) -> None:
    """Press Tab until `element_id` has focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_id(page) == element_id:
            return
    pytest.fail(f"#{element_id} cannot be reached with the Tab key")


def test_a_visitor_says_no_with_a_comment_using_only_the_keyboard(
    page: Page, demo, axe_violations, browser_problems
):
    from cms.models import PageFeedback

    page.goto(demo_page_url(demo))
    wait_for_govuk_frontend(page)
    feedback = page.get_by_role("region", name="Was this page useful?")
    expect(feedback).to_be_visible()
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)

    tab_to(page, "id_feedback-useful_0")
    page.keyboard.press("ArrowRight")  # moves to, and selects, "No"
    expect(page.get_by_role("radio", name="No")).to_be_checked()
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_feedback-comment"
    page.keyboard.type("The page does not say how long the sessions last.")
    page.keyboard.press("Tab")
    # The honeypot is out of the tab order: the next stop is the button.
    expect(page.get_by_role("button", name="Send feedback")).to_be_focused()
    page.keyboard.press("Enter")

    thanks = page.get_by_test_id("feedback-thanks")
    expect(thanks).to_be_visible()
    expect(thanks).to_contain_text("Thank you for your feedback.")
    assert "feedback=sent" in page.url
    wait_for_govuk_frontend(page)
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)

    answer = PageFeedback.objects.get()
    assert answer.useful is False
    assert answer.comment == "The page does not say how long the sessions last."
    found = browser_problems()
    assert found["csp_events"] == [] and found["page_errors"] == [], describe_problems(found)


def test_sending_without_an_answer_explains_what_to_do(page: Page, demo, axe_violations):
    from cms.models import PageFeedback

    page.goto(demo_page_url(demo))
    wait_for_govuk_frontend(page)
    tab_to(page, "id_feedback-comment")
    page.keyboard.type("No answer chosen")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Select yes if this page was useful")
    expect(
        page.get_by_role("textbox", name="How could we improve this page? (optional)")
    ).to_have_value("No answer chosen")
    wait_for_govuk_frontend(page)
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)

    # The error summary's link takes keyboard users to the question.
    summary.get_by_role("link", name="Select yes if this page was useful").press("Enter")
    page.get_by_role("radio", name="Yes").press("Space")
    page.get_by_role("button", name="Send feedback").press("Enter")
    expect(page.get_by_test_id("feedback-thanks")).to_be_visible()
    assert PageFeedback.objects.get().comment == "No answer chosen"
