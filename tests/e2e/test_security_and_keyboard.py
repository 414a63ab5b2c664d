"""The strict Content Security Policy holds in a real browser, and the sign-in
page works from the keyboard."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import describe_problems, wait_for_govuk_frontend

pytestmark = pytest.mark.e2e

CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to (load|execute|apply|connect)", re.I)


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _assert_strict(header: str, url: str) -> None:
    directives = _directives(header)
    assert directives.get("script-src") == ["'self'"], f"{url}: {header!r}"
    assert directives.get("style-src") == ["'self'"], f"{url}: {header!r}"
    assert directives.get("object-src") == ["'none'"], f"{url}: {header!r}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{url}: {header!r}"


def test_pages_carry_the_strict_policy_and_the_browser_reports_no_violation(
    page: Page, demo, sign_in, browser_problems
):
    for path, heading in (
        ("/", "Children's social care practice education"),
        ("/accounts/login/", "Sign in"),
    ):
        response = page.goto(f"{demo}{path}")
        _assert_strict(response.headers.get("content-security-policy", ""), page.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        # GOV.UK Frontend, an ES module served from 'self', has started.
        wait_for_govuk_frontend(page)

    with page.expect_response(f"{demo}/portal/") as dashboard:
        sign_in("student@example.org")
    _assert_strict(dashboard.value.headers.get("content-security-policy", ""), page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    wait_for_govuk_frontend(page)

    found = browser_problems()
    assert found["csp_events"] == [], describe_problems(found)
    assert [m for m in found["console"] if CSP_MESSAGE.search(m)] == [], describe_problems(found)
    assert found["page_errors"] == [], describe_problems(found)


def test_the_browser_refuses_an_inline_script(page: Page, demo, browser_problems):
    page.goto(f"{demo}/")
    wait_for_govuk_frontend(page)
    assert browser_problems()["csp_events"] == []

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__inlineScriptRan = true";
            document.body.appendChild(script);
        }"""
    )

    for _ in range(50):  # the event is reported asynchronously
        if browser_problems()["csp_events"]:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("window.__inlineScriptRan") is None
    events = browser_problems()["csp_events"]
    assert any(event.startswith("script-src") for event in events), events
    found = browser_problems()
    assert any(CSP_MESSAGE.search(m) for m in found["console"]), describe_problems(found)


def test_the_first_tab_reaches_the_skip_link_and_enter_moves_to_the_main_content(page: Page, demo):
    page.goto(f"{demo}/accounts/login/")
    wait_for_govuk_frontend(page)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # visually hidden until it has focus

    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
    expect(page).to_have_url(re.compile(r"/accounts/login/#main-content$"))

    # The next Tab carries on inside the main content, towards the sign-in form.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
