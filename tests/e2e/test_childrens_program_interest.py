"""Browser journey in Swedish (issue 19, requirements 2 and 8), on the demo data,
with axe-core on every page and no CSP violation or script error.

A parent opens the Children's Program's Swedish page, follows "Anmäl intresse",
and registers interest from the keyboard: an error first (in Swedish, answers
kept), then a second child added, then sent. The page after gives the reference
and says, in Swedish, whether the next run fits: one child can take part, the
younger one is told the day she is old enough.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from placements.programmes.models import Referral, Run
from portal.accounts.models import Organisation
from tests.e2e.conftest import assert_accessible, describe_problems

pytestmark = pytest.mark.e2e


def type_into(page: Page, field: Locator, text: str) -> None:
    field.focus()
    page.keyboard.type(text)


def press(page: Page, control: Locator, key: str = "Enter") -> None:
    control.focus()
    page.keyboard.press(key)


def test_a_parent_registers_interest_in_swedish(page: Page, demo, axe_violations, browser_problems):
    today = timezone.localdate()
    run = Run.objects.filter(
        programme__slug="childrens-program", status="planned", starts_on__gt=today
    ).earliest("starts_on")
    older = run.starts_on.replace(year=run.starts_on.year - 9)  # 9 on the first day
    younger = (run.starts_on + timedelta(days=3)).replace(year=run.starts_on.year - 7)

    # The Swedish service page links to the registration.
    page.goto(f"{demo}/sv/childrens-program/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.get_by_role("button", name="Anmäl intresse på webben").click()
    expect(page).to_have_url(f"{demo}/sv/programmes/childrens-program/interest/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Anmäl intresse för Children's Program"
    )
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page, axe_violations)

    # An error first: only a name and a child's first name.
    type_into(page, page.get_by_label("Ditt namn"), "Anna Vik")
    type_into(page, page.get_by_label("Barn 1: förnamn"), "Ebba")
    press(page, page.get_by_role("button", name="Skicka anmälan"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Det finns ett problem")
    expect(summary).to_contain_text("Skriv din e-postadress")
    expect(page).to_have_title(re.compile(r"^\d+ fel: "))
    expect(page.get_by_label("Ditt namn")).to_have_value("Anna Vik")
    expect(page.get_by_label("Barn 1: förnamn")).to_have_value("Ebba")
    assert not Referral.objects.filter(parent_name="Anna Vik").exists()
    assert_accessible(page, axe_violations)

    type_into(page, page.get_by_label("Din e-postadress"), "anna@example.se")
    type_into(page, page.get_by_label("Kommunen där du bor"), "Norrby")
    press(page, page.get_by_label("I eftervård"), "Space")
    page.get_by_label("Nykter sedan").fill((today - timedelta(days=100)).isoformat())
    page.get_by_label("Barn 1: födelsedatum").fill(older.isoformat())
    page.get_by_label("Barn 1: stödgrupp").select_option("queued")
    press(page, page.get_by_label("Jag godkänner att öppenvården sparar"), "Space")

    # A second child, with every answer kept.
    press(page, page.get_by_role("button", name="Lägg till ett barn till"))
    expect(page.get_by_label("Barn 2: förnamn")).to_be_visible()
    expect(page.get_by_label("Din e-postadress")).to_have_value("anna@example.se")
    expect(page.get_by_label("I eftervård")).to_be_checked()
    type_into(page, page.get_by_label("Barn 2: förnamn"), "Tove")
    page.get_by_label("Barn 2: födelsedatum").fill(younger.isoformat())
    page.get_by_label("Barn 2: stödgrupp").select_option("none")
    assert_accessible(page, axe_violations)
    press(page, page.get_by_role("button", name="Skicka anmälan"))

    # The reference, and eligibility explained in Swedish.
    expect(page.get_by_role("heading", name="Anmälan skickad")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    registration = Referral.objects.get(reference=reference)
    assert registration.parent_name == "Anna Vik" and registration.language == "sv"
    assert registration.children.count() == 2
    explanation = page.get_by_test_id("eligibility")
    expect(explanation).to_contain_text("Ebba är 9 år")
    expect(explanation).to_contain_text("kan vara med")
    expect(explanation).to_contain_text("Tove är 6 år")
    assert_accessible(page, axe_violations)

    # The same answer in English, one link away.
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    expect(page.get_by_test_id("eligibility")).to_contain_text("Ebba is 9 on")
    assert_accessible(page, axe_violations)

    found = browser_problems()
    assert not any(found.values()), describe_problems(found)
    assert Organisation.objects.filter(name="Familjeprogrammet Norr").exists()
