"""Browser journey on the demo data: a co-ordinator takes a draft placement
through allocation, proposal and confirmation, and its practice educator starts
it; axe-core on every page on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from placements.models import Placement
from tests.e2e.conftest import assert_accessible as accessible

pytestmark = pytest.mark.e2e


def status_tag(page: Page):
    """The placement's status in its details list (the header has a phase tag too)."""
    row = page.locator(".govuk-summary-list__row").filter(
        has=page.get_by_role("term").filter(has_text=re.compile("^Status$"))
    )
    return row.locator(".govuk-tag")


def move(page: Page, label: str) -> None:
    """Press the move's button on the placement page, then confirm it."""
    page.get_by_role("button", name=label).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(label.split()[0]))
    page.get_by_role("button", name=label).click()


def test_a_draft_placement_is_allocated_proposed_confirmed_and_started(
    page: Page, demo, sign_in, axe_violations
):
    draft = Placement.objects.get(student__email="student14@example.org")
    assert draft.status == Placement.Status.DRAFT
    assert draft.practice_educator is None

    sign_in("coordinator@example.org")
    page.goto(f"{demo}/portal/placements/allocation/")
    accessible(page, axe_violations)
    row = page.get_by_role("row").filter(has_text="Priya Shah")
    row.get_by_role("button", name=re.compile("^Assign")).first.click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    draft.refresh_from_db()
    educator = draft.practice_educator
    assert educator is not None

    page.goto(f"{demo}/portal/placements/{draft.pk}/")
    accessible(page, axe_violations)
    move(page, "Propose placement")
    expect(status_tag(page)).to_have_text("Proposed")
    move(page, "Confirm placement")
    expect(status_tag(page)).to_have_text("Confirmed")
    accessible(page, axe_violations)
    draft.refresh_from_db()
    assert draft.status == Placement.Status.CONFIRMED

    page.goto(f"{demo}/accounts/logout/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(educator.email)
    page.goto(f"{demo}/portal/placements/{draft.pk}/")
    move(page, "Start placement")
    expect(status_tag(page)).to_have_text("Active")
    accessible(page, axe_violations)
    draft.refresh_from_db()
    assert draft.status == Placement.Status.ACTIVE
