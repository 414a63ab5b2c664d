"""Browser journey: a social worker refers a parent to POCAR through the public form
(issue 18, requirement 2), signed out. A first attempt with most answers missing
shows the error summary first, focused, with every answer kept; the keyboard
follows an error to its field; "Add another child" keeps the answers; the
referral is sent from the keyboard and the confirmation shows its reference.
axe-core on each page, and no CSP violation or script error."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from placements.programmes.models import Referral
from portal.models import EmailOutbox
from tests.e2e.conftest import assert_accessible, describe_problems

pytestmark = pytest.mark.e2e


def test_a_social_worker_refers_a_parent_from_the_keyboard(
    page: Page, demo, axe_violations, browser_problems
):
    page.goto(f"{demo}/programmes/pocar/refer/")
    expect(page.get_by_role("heading", name="Refer a parent to POCAR")).to_be_visible()
    assert_accessible(page, axe_violations)

    page.get_by_label("Your full name").fill("Rowan Referrer")
    page.get_by_label("Parent's address").fill("1 Example Road")
    page.get_by_role("button", name="Send the referral").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^\d+ errors?: "))
    expect(page.get_by_label("Your full name")).to_have_value("Rowan Referrer")
    expect(page.get_by_label("Parent's address")).to_have_value("1 Example Road")
    assert_accessible(page, axe_violations)
    # The keyboard reaches the first error and follows it to its field.
    page.keyboard.press("Tab")
    first_error = summary.get_by_role("link", name="Enter your local authority")
    expect(first_error).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your local authority")).to_be_focused()
    page.keyboard.type("Midshire Council")

    page.get_by_label("Your team").fill("Family Support East")
    page.get_by_label("Your work email address").fill("rowan@midshire.example.org")
    page.get_by_label("Your phone number").fill("01234 567890")
    page.get_by_label("The children are open to children's services").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Parent's full name").fill("Jordan Parentname")
    page.get_by_label("Parent's date of birth").fill("1990-05-03")
    page.get_by_label("Female").check()
    page.get_by_label("Which drugs or alcohol does the parent use?").fill("Alcohol")
    page.get_by_label("The parent agrees to this referral").check()
    page.get_by_label("Child 1: full name").fill("Alex Childname")
    page.get_by_label("Child 1: date of birth").fill(date(date.today().year - 3, 1, 15).isoformat())
    page.get_by_label("Child 1: children's social care status").select_option("cp")

    page.get_by_role("button", name="Add another child").click()
    expect(page.get_by_label("Child 2: full name")).to_be_visible()
    expect(page.get_by_label("Child 1: full name")).to_have_value("Alex Childname")
    expect(page.get_by_label("Your local authority")).to_have_value("Midshire Council")
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()

    send = page.get_by_role("button", name="Send the referral")
    send.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    referral = Referral.objects.get(referrer_email="rowan@midshire.example.org")
    expect(page.get_by_text(referral.reference)).to_be_visible()
    assert referral.children.count() == 1
    assert EmailOutbox.objects.filter(recipient="rowan@midshire.example.org").count() == 1
    assert_accessible(page, axe_violations)
    found = browser_problems()
    assert not any(found.values()), describe_problems(found)
