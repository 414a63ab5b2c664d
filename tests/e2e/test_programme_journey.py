"""Browser journey through a programme (issue 18, requirement 12), on the demo data,
with axe-core on every page and no CSP violation or script error.

A social worker, signed out, refers a mother and her two-year-old to POCAR from the
keyboard (an error first, the answers kept); the provider's co-ordinator finds the
reference and allocates it from the keyboard; the care co-ordinator records the
contact, accepts the referral and enrols the parent, who joins the women's group;
at a group session the child gets a creche place and the register marks the mother
present; an update report's PDF is written and downloaded; and the completion
report of a family who finished the programme is written and downloaded.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from placements.programmes.models import Attendance, GroupSession, Referral
from tests.e2e.conftest import assert_accessible, describe_problems, sign_in_at

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "practice-demo-2026"
COORDINATOR = "recovery@example.org"
WORKER = "programmeworker@example.org"
PARENT = "Jordan Journeyparent"
CHILD = "Alex Journeychild"


def type_into(page: Page, field: Locator, text: str) -> None:
    field.focus()
    page.keyboard.type(text)


def press(page: Page, control: Locator, key: str = "Enter") -> None:
    control.focus()
    page.keyboard.press(key)


def last_session_to_join(today: date) -> GroupSession:
    """The latest group session on or before today, within the 4 weeks a start
    date may go back, that the women's group meets at (the demo makes them)."""
    session = (
        GroupSession.objects.filter(
            programme__slug="pocar",
            status=GroupSession.Status.SCHEDULED,
            on__lte=today,
            on__gte=today - timedelta(weeks=4),
        )
        .exclude(strand__name="Men's group")
        .order_by("-on")
        .first()
    )
    assert session is not None, "the demo has no POCAR session in the last 4 weeks"
    return session


def ready_when_shown(page: Page, link: Locator) -> None:
    """The PDF is made by a task after the save commits: reload until its
    download link shows (at once when Celery runs eagerly)."""
    for _ in range(10):
        if link.count():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(link).to_be_visible()


def download(page: Page, link: Locator):
    with page.expect_download() as info:
        link.click()
    return info.value


def test_a_family_goes_through_pocar(page: Page, demo, axe_violations, browser_problems):
    today = timezone.localdate()
    child_born = today.replace(year=today.year - 2, day=min(today.day, 28))

    # 1. The social worker refers the family, signed out, from the keyboard.
    page.goto(f"{demo}/programmes/pocar/refer/")
    expect(page.get_by_role("heading", name="Refer a parent to POCAR")).to_be_visible()
    assert_accessible(page, axe_violations)
    type_into(page, page.get_by_label("Your full name"), "Rowan Referrer")
    type_into(page, page.get_by_label("Parent's full name"), PARENT)
    press(page, page.get_by_role("button", name="Send the referral"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^\d+ errors?: "))
    expect(page.get_by_label("Your full name")).to_have_value("Rowan Referrer")
    expect(page.get_by_label("Parent's full name")).to_have_value(PARENT)
    assert_accessible(page, axe_violations)

    type_into(page, page.get_by_label("Your local authority"), "Midshire Council")
    type_into(page, page.get_by_label("Your team"), "Family Support East")
    type_into(page, page.get_by_label("Your work email address"), "rowan@midshire.example.org")
    type_into(page, page.get_by_label("Your phone number"), "01234 567890")
    press(page, page.get_by_label("The children are open to children's services"), "Space")
    press(page, page.get_by_label("Yes", exact=True), "Space")
    page.get_by_label("Parent's date of birth").fill("1992-05-03")
    press(page, page.get_by_label("Female"), "Space")
    type_into(page, page.get_by_label("Parent's address"), "1 Example Road\nMidshire")
    type_into(page, page.get_by_label("Which drugs or alcohol does the parent use?"), "Alcohol")
    press(page, page.get_by_label("The parent agrees to this referral"), "Space")
    press(page, page.get_by_label("The parent would use the creche"), "Space")
    type_into(page, page.get_by_label("Child 1: full name"), CHILD)
    page.get_by_label("Child 1: date of birth").fill(child_born.isoformat())
    page.get_by_label("Child 1: children's social care status").select_option("cp")
    lives_with = page.get_by_label("Child 1 lives with the parent")
    if not lives_with.is_checked():
        press(page, lives_with, "Space")
    press(page, page.get_by_role("button", name="Send the referral"))
    expect(page.get_by_role("heading", name="Referral sent")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text().strip()
    assert re.fullmatch(r"[A-Z]+-[A-Z0-9]{4}-[A-Z0-9]{4}", reference), reference
    assert_accessible(page, axe_violations)
    referral = Referral.objects.get(reference=reference)
    assert referral.parent_name == PARENT

    # 2. The co-ordinator finds the reference and allocates it, from the keyboard.
    sign_in_at(page, demo, COORDINATOR, DEMO_PASSWORD)
    page.get_by_role("link", name="Programmes").first.click()
    expect(page.get_by_role("heading", name="Programme referrals")).to_be_visible()
    assert_accessible(page, axe_violations)
    type_into(page, page.get_by_label("Reference"), reference)
    press(page, page.get_by_role("button", name="Filter"))
    press(page, page.get_by_role("link", name=reference))
    expect(page.get_by_role("heading", name=PARENT)).to_be_visible()
    assert_accessible(page, axe_violations)
    press(page, page.get_by_role("link", name="Allocate a care co-ordinator"))
    expect(page.get_by_role("heading", name="Allocate a care co-ordinator")).to_be_visible()
    assert_accessible(page, axe_violations)
    chooser = page.get_by_label("Care co-ordinator")
    chooser.focus()
    page.keyboard.type("Pip")
    expect(chooser.locator("option:checked")).to_have_text(re.compile("Pip Programmeworker"))
    press(page, page.get_by_role("button", name="Allocate a care co-ordinator"))
    expect(page.get_by_text("Care co-ordinator: Pip Programmeworker.")).to_be_visible()
    assert_accessible(page, axe_violations)

    # 3. Pip records the contact, accepts the referral and enrols the parent.
    sign_in_at(page, demo, WORKER, DEMO_PASSWORD)
    page.goto(f"{demo}/portal/programmes/referrals/")
    page.get_by_label("Reference").fill(reference)
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Record a contact").click()
    expect(page.get_by_role("heading", name="Record a contact with the parent")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_label("Date of the contact").fill(today.isoformat())
    page.get_by_label("Phone call").check()
    page.get_by_label("Spoke to the parent").check()
    page.get_by_label("Assessment date given (optional)").fill(today.isoformat())
    page.get_by_role("button", name="Record the contact").click()
    contacts = page.get_by_test_id("contacts")
    expect(contacts).to_contain_text("Spoke to the parent")
    assert_accessible(page, axe_violations)

    page.get_by_role("link", name="Accept onto the programme").click()
    expect(page.get_by_role("heading", name="Accept onto the programme")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_role("button", name="Accept onto the programme").click()
    expect(page.get_by_role("link", name="Enrol the parent")).to_be_visible()
    assert_accessible(page, axe_violations)

    session = last_session_to_join(today)
    page.get_by_role("link", name="Enrol the parent").click()
    expect(page.get_by_role("heading", name=f"Enrol {PARENT}")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_label("Start date").fill(session.on.isoformat())
    page.get_by_role("button", name="Enrol the parent").click()
    expect(page.get_by_role("heading", name=PARENT)).to_be_visible()
    expect(page.get_by_test_id("strand")).to_have_text("Women's group")
    assert_accessible(page, axe_violations)

    # 4. At the session: a creche place for the child, and the register.
    page.goto(f"{demo}/portal/programmes/referrals/")
    page.get_by_role("link", name="group sessions of POCAR").click()
    expect(page.get_by_role("heading", name="Group sessions")).to_be_visible()
    assert_accessible(page, axe_violations)
    if session.on.month != today.month:
        page.get_by_role("link", name="Previous month").click()
    page.get_by_role("link", name=session.on.strftime("%A %-d %B %Y")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(session.on.strftime("%-d %B %Y"))
    assert_accessible(page, axe_violations)
    creche = page.get_by_test_id("creche-form")
    creche.get_by_label("Child").select_option(label=f"{CHILD} ({PARENT}'s child)")
    creche.get_by_role("button", name="Book a creche place").click()
    expect(page.get_by_test_id("creche-bookings")).to_contain_text(CHILD)
    assert_accessible(page, axe_violations)
    register = page.get_by_test_id("register")
    register.get_by_role("group", name=PARENT).get_by_label("Present").check()
    register.get_by_role("button", name="Save the register").click()
    expect(page.get_by_test_id("register-taken")).to_contain_text("Taken by Pip Programmeworker")
    expect(
        page.get_by_test_id("register").get_by_role("group", name=PARENT).get_by_label("Present")
    ).to_be_checked()
    assert_accessible(page, axe_violations)
    assert (
        Attendance.objects.get(group_session=session, enrolment__referral=referral).mark
        == Attendance.Mark.PRESENT
    )

    # 5. An update for the referrer: written, made into a PDF and downloaded.
    page.goto(f"{demo}/portal/programmes/referrals/{referral.pk}/")
    page.get_by_role("link", name=f"updates and reports for {reference}").click()
    expect(page.get_by_role("heading", name="Updates and reports")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_role("link", name="Write an update").click()
    expect(page.get_by_role("heading", name="Write an update")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_label("Summary for the referrer").fill(
        "Jordan has joined the women's group and came to her first session."
    )
    page.get_by_role("button", name="Make the PDF").click()
    expect(page.get_by_role("heading", name="Updates and reports")).to_be_visible()
    update_link = page.get_by_role("link", name=re.compile(r"^Download the update of "))
    ready_when_shown(page, update_link)
    assert_accessible(page, axe_violations)
    pdf = download(page, update_link)
    assert pdf.suggested_filename == f"{reference}-update.pdf"
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")

    # The completion report of a family who finished the programme (Billie).
    billie = Referral.objects.get(programme__slug="pocar", parent_name="Billie Notreal")
    page.goto(f"{demo}/portal/programmes/referrals/{billie.pk}/")
    expect(page.get_by_role("heading", name="Billie Notreal")).to_be_visible()
    page.get_by_role("link", name=f"updates and reports for {billie.reference}").click()
    page.get_by_role("link", name="Write the completion report").click()
    expect(page.get_by_role("heading", name="Write the completion report")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_label("Summary for the referrer (optional)").fill(
        "Billie completed POCAR and keeps going to her recovery meeting."
    )
    page.get_by_role("button", name="Make the PDF").click()
    completion_link = page.get_by_role(
        "link", name=re.compile(r"^Download the completion report of ")
    )
    ready_when_shown(page, completion_link)
    assert_accessible(page, axe_violations)
    pdf = download(page, completion_link)
    assert pdf.suggested_filename == f"{billie.reference}-completion.pdf"
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF")

    found = browser_problems()
    assert not any(found.values()), describe_problems(found)
