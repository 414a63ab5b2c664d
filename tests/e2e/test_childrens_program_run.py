"""Browser journey of a Children's Program run in Swedish (issue 19, requirement 11),
on the demo data, with axe-core on every page and no CSP violation or script error.

A family has registered interest (the public form by keyboard is the journey of
test_childrens_program_interest; here the registration is made through the service).
The Swedish-speaking programme worker, in a browser asking for Swedish:
- finds the family on the waiting list and invites them, from the keyboard, to the
  demo's coming run (two certified leaders, places left);
- on the run's first day confirms their arrival and sobriety date, and records the
  "before" ratings of the child taking part (faces scale) and of the parent;
- on the last day takes the register of each of the four days (the parent is on it
  on the parent days 3 and 4 only) and records the "after" ratings;
- opens the run report in Swedish (a figure about fewer than 5 is not shown), then
  switches the portal to English.
The clock moves "today" for the live server too; the session ends when it does, so
the worker signs in again after each move.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import Locator, Page, expect

from placements.programmes.models import (
    ChildRating,
    ParentRating,
    Programme,
    Referral,
    Run,
    RunAttendance,
    RunPlace,
)
from placements.programmes.services.interest import InterestChild, interest_register
from portal.management.commands.seed_demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, describe_problems, sign_in_at

pytestmark = [pytest.mark.e2e, pytest.mark.browser_context_args(locale="sv-SE")]

WORKER = "barnprogram@example.org"
PARENT = "Eva Sjöberg"
CHILD, SIBLING = "Moa", "Ture"  # 9 and 5 on the run's first day: only Moa takes part
PRESENT, ABSENT = "Närvarande", "Frånvarande"


def press(page: Page, control: Locator, key: str = "Enter") -> None:
    control.focus()
    page.keyboard.press(key)


def choose(page: Page, group: Locator, label: str) -> None:
    """Check a radio inside a fieldset from the keyboard."""
    press(page, group.get_by_label(label, exact=True), "Space")
    expect(group.get_by_label(label, exact=True)).to_be_checked()


def sv_date(day: date, form: str = "j F Y") -> str:
    with translation.override("sv"):
        return formats.date_format(day, form)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def checked(page: Page, axe_violations, heading: str | re.Pattern) -> None:
    """The page is in Swedish, has the heading and passes axe-core."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page, axe_violations)


def success(page: Page, text: str | re.Pattern) -> None:
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Klart")
    expect(banner).to_contain_text(text)


def register_family(programme: Programme, run: Run) -> Referral:
    today = timezone.localdate()
    return interest_register(
        programme=programme,
        details={
            "parent_name": PARENT,
            "parent_email": "eva.sjoberg@example.se",
            "parent_phone": "",
            "municipality": "Åby",
            "language": Referral.Language.SWEDISH,
            "treatment_stage": "aftercare",
            "sober_since": today - timedelta(days=100),
            "parent_consent": True,
        },
        children=[
            InterestChild(1, CHILD, years_before(run.starts_on, 9), "queued"),
            InterestChild(2, SIBLING, years_before(run.starts_on, 5), "none"),
        ],
    )


def open_run(page: Page, run: Run, axe_violations) -> None:
    """The programmes page, the Children's Program's runs, then the run."""
    page.locator('#navigation a[href="/portal/programmes/referrals/"]').click()
    links = page.get_by_test_id("programme-links")
    links.get_by_role("link", name="omgångar Children's Program").click()
    checked(page, axe_violations, "Omgångar")
    first, last = sv_date(run.starts_on), sv_date(run.ends_on)
    page.get_by_role("link", name=f"{first} – {last}").click()
    checked(page, axe_violations, f"Omgången {first} till {last}")


def rate_child(page: Page, axe_violations, column: int, home: str, talking: str) -> None:
    page.get_by_role("link", name=re.compile(rf"^Registrera {CHILD}, ")).nth(column).click()
    checked(page, axe_violations, re.compile(rf"^Skattningar för {CHILD}: "))
    choose(page, page.get_by_role("group", name="Hur är det hemma?"), home)
    choose(page, page.get_by_role("group", name="Hur känns det att prata om det?"), talking)
    press(page, page.get_by_role("button", name="Spara skattningen"))
    success(page, f"Skattningarna för {CHILD} är sparade.")
    assert_accessible(page, axe_violations)


def rate_parent(page: Page, axe_violations, column: int, answer: str) -> None:
    page.get_by_role("link", name=re.compile(rf"^Registrera {PARENT}, ")).nth(column).click()
    checked(page, axe_violations, re.compile(rf"^Skattning för {PARENT}: "))
    choose(page, page.get_by_role("group", name="Hur är din relation med ditt barn?"), answer)
    press(page, page.get_by_role("button", name="Spara skattningen"))
    success(page, "Förälderns skattning är sparad.")
    assert_accessible(page, axe_violations)


def take_register(page: Page, axe_violations, run: Run, number: int, reference: str) -> None:
    """The register of day `number`, from the run's page: Moa present (absent on day
    2), her parent present on the parent days, where their row is."""
    day = run.starts_on + timedelta(days=number - 1)
    page.get_by_test_id("register-links").get_by_role(
        "link", name=f"Registrera närvaro {sv_date(day)}"
    ).click()
    checked(page, axe_violations, f"Närvarolista dag {number}, {sv_date(day, 'l j F Y')}")
    form = page.locator("main form")
    child = form.get_by_role("group", name=f"{CHILD} ({reference})")
    parent = form.get_by_role("group", name=f"{PARENT}, förälder ({reference})")
    expect(form.get_by_role("group", name=re.compile(rf"^{SIBLING} "))).to_have_count(0)
    if number in (3, 4):
        expect(page.get_by_test_id("parent-day")).to_have_text(
            "En föräldradag: föräldrarna finns också med i närvarolistan."
        )
        choose(page, parent, PRESENT)
    else:
        expect(page.get_by_test_id("parent-day")).to_have_text(
            "Bara barnen: föräldrarna är med på föräldradagarna."
        )
        expect(parent).to_have_count(0)
    choose(page, child, ABSENT if number == 2 else PRESENT)
    press(page, page.get_by_role("button", name="Spara närvarolistan"))
    success(page, f"Närvarolistan för dag {number}, {sv_date(day)}, är sparad.")
    assert_accessible(page, axe_violations)


def test_a_worker_runs_the_childrens_program_in_swedish(
    page: Page, demo, clock, axe_violations, browser_problems
):
    page.set_default_timeout(30_000)
    today = timezone.localdate()
    programme = Programme.objects.get(slug="childrens-program")
    run = Run.objects.filter(
        programme=programme, status=Run.Status.PLANNED, starts_on__gt=today
    ).earliest("starts_on")
    assert run.leaders.count() == 2
    referral = register_family(programme, run)
    reference = referral.reference

    # 1. The waiting list, the family's registration, and an invitation to the run.
    sign_in_at(page, demo, WORKER, DEMO_PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.locator('#navigation a[href="/portal/programmes/referrals/"]').click()
    assert_accessible(page, axe_violations)
    page.get_by_test_id("programme-links").get_by_role(
        "link", name="väntelista och efterfrågan Children's Program"
    ).click()
    checked(page, axe_violations, "Väntelista och efterfrågan")
    row = page.get_by_test_id("waiting-list").get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Åby")
    expect(row).to_contain_text("Passar")
    press(page, row.get_by_role("link", name=reference))
    expect(page.get_by_test_id("registration")).to_contain_text("eva.sjoberg@example.se")
    assert_accessible(page, axe_violations)
    press(page, page.get_by_role("link", name="Bjud in till en omgång"))
    checked(page, axe_violations, "Bjud in familjen till en omgång")
    runs = page.get_by_label("Omgång", exact=True)
    press(page, runs, "ArrowDown")  # the first run with places: the coming one
    expect(runs).to_have_value(str(run.pk))
    press(page, page.get_by_role("button", name="Bjud in till omgången"))
    success(page, f"{reference} har en plats på omgången som börjar {sv_date(run.starts_on)}.")
    assert_accessible(page, axe_violations)
    place = RunPlace.objects.get(run=run, referral=referral)
    assert place.status == RunPlace.Status.INVITED and place.children_count == 1

    # 2. The first day: arrival and the "before" ratings.
    clock.today_is(run.starts_on)
    sign_in_at(page, demo, WORKER, DEMO_PASSWORD)
    open_run(page, run, axe_violations)
    families = page.get_by_test_id("families")
    press(page, families.get_by_role("link", name=f"Bekräfta ankomst {reference}"))
    checked(page, axe_violations, f"Bekräfta ankomsten för {reference}")
    sober = page.get_by_label("Nykter sedan (enligt föräldern vid ankomsten)")
    expect(sober).to_have_value(referral.sober_since.isoformat())
    press(page, page.get_by_role("button", name="Bekräfta ankomsten"))
    success(page, f"{reference} har kommit. Datumet för nykterheten är bekräftat.")
    expect(families.get_by_role("row").filter(has_text=reference)).to_contain_text("Har kommit")
    assert_accessible(page, axe_violations)

    page.get_by_role("link", name="Omgångens resultat").click()
    checked(page, axe_violations, "Omgångens resultat")
    expect(page.get_by_test_id("families")).not_to_contain_text(SIBLING)
    rate_child(page, axe_violations, 0, "2 – ett ledset ansikte", "1 – ett mycket ledset ansikte")
    rate_parent(page, axe_violations, 0, "2 – dålig")

    # 3. The last day: the register of each of the four days, then "after".
    clock.today_is(run.ends_on)
    sign_in_at(page, demo, WORKER, DEMO_PASSWORD)
    open_run(page, run, axe_violations)
    expect(page.get_by_test_id("register-links").get_by_role("link")).to_have_count(4)
    for number in (1, 2, 3, 4):
        take_register(page, axe_violations, run, number, reference)
    grid = page.get_by_test_id("attendance")
    child_row = grid.get_by_role("row").filter(has_text=CHILD)
    expect(child_row.get_by_role("cell")).to_have_text([PRESENT, ABSENT, PRESENT, PRESENT])
    parent_row = grid.get_by_role("row").filter(has_text=f"{PARENT} (förälder)")
    expect(parent_row.get_by_role("cell")).to_have_text(
        ["Ingen föräldradag–", "Ingen föräldradag–", PRESENT, PRESENT]
    )
    attendance = RunAttendance.objects.filter(place=place)
    assert attendance.filter(child__isnull=True).count() == 2
    assert sorted(attendance.filter(child__isnull=True).values_list("day", flat=True)) == [
        run.starts_on + timedelta(days=2),
        run.ends_on,
    ]
    assert attendance.filter(child__isnull=False).count() == 4

    page.get_by_role("link", name="Omgångens resultat").click()
    checked(page, axe_violations, "Omgångens resultat")
    rate_child(
        page,
        axe_violations,
        1,
        "4 – ett glatt ansikte",
        "3 – ett ansikte som varken är ledset eller glatt",
    )
    rate_parent(page, axe_violations, 1, "4 – bra")
    ratings = ChildRating.objects.filter(place=place).order_by("point")
    assert [(r.point, r.home, r.talking) for r in ratings] == [("after", 4, 3), ("before", 2, 1)]
    assert sorted(
        ParentRating.objects.filter(place=place).values_list("point", "relationship")
    ) == [("after", 4), ("before", 2)]

    # 4. The run report in Swedish: one family, so its figures are not shown.
    page.get_by_role("link", name="Rapporten om omgångarna").click()
    checked(page, axe_violations, "Rapport om omgångarna")
    section = page.locator(f'section[data-group="run-{run.pk}"]')
    expect(section.get_by_role("heading", level=3)).to_have_text(
        f"Omgången från {sv_date(run.starts_on)}"
    )
    expect(section.get_by_test_id("measures")).to_contain_text("färre än 5")
    expect(page.get_by_role("heading", name="Per omgång", level=2)).to_be_visible()

    # The same report in English, one button away.
    press(page, page.get_by_test_id("portal-language").get_by_role("button", name="English"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Run report")
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^en"))
    section = page.locator(f'section[data-group="run-{run.pk}"]')
    expect(section.get_by_role("heading", level=3)).to_have_text(
        re.compile(r"^Run from \d{1,2} [A-Z][a-z]+ \d{4}$")
    )
    expect(section.get_by_test_id("measures")).to_contain_text("fewer than 5")
    assert_accessible(page, axe_violations)

    found = browser_problems()
    assert not any(found.values()), describe_problems(found)
