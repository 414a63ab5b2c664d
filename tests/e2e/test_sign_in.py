"""Signing in through allauth's pages, as a demo user would."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_a_student_signs_in_and_sees_their_dashboard(page: Page, demo, sign_in):
    sign_in("student@example.org")

    expect(page).to_have_url(f"{demo}/portal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    expect(page.get_by_text("Successfully signed in as Sam Student.")).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_have_text("Sam Student")
    panel = page.get_by_role("region", name="Student social worker")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Midshire University")).to_be_visible()
    # Only the student's own role is shown.
    expect(page.get_by_role("heading", name="Practice educator")).to_have_count(0)
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def test_a_wrong_password_shows_the_error_summary_and_stays_on_sign_in(page: Page, demo, sign_in):
    sign_in("student@example.org", "not-the-demo-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page).to_have_title(re.compile(r"^1 error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("alert")).to_contain_text("not correct")
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    # The email is kept, the password is not.
    expect(page.get_by_label("Email")).to_have_value("student@example.org")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
