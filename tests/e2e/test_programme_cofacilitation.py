"""Browser journey: a student co-facilitates a POCAR group (issue 18, requirement 8),
on the demo data, with axe-core on every page and no CSP violation or script error.

The provider's co-ordinator takes Olu (on placement with the provider) off a held
session of the women's group and adds him again from the keyboard; Olu finds the
session from his dashboard, starts a piece of evidence from it (prefilled, naming
nobody), is refused when he names a parent of the group, and saves it once the
name is taken out.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import EvidenceItem
from placements.programmes.models import GroupSession
from placements.programmes.selectors.cofacilitation import names_on_groups
from portal.accounts.models import User
from portal.dates import long_date
from tests.e2e.conftest import assert_accessible, describe_problems, sign_in_at

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "practice-demo-2026"
COORDINATOR = "recovery@example.org"
STUDENT_EMAIL = "pocarstudent@example.org"
STUDENT = "Olu Adeyemi"


def test_a_student_co_facilitates_a_group_and_writes_it_up(
    page: Page, demo, axe_violations, browser_problems
):
    today = timezone.localdate()
    olu = User.objects.get(email=STUDENT_EMAIL)
    session = (
        GroupSession.objects.filter(
            students=olu, status=GroupSession.Status.SCHEDULED, on__lte=today
        )
        .order_by("-on")
        .first()
    )
    assert session is not None, "the demo has Olu on no held session"
    session_page = f"{demo}/portal/programmes/groups/{session.pk}/"

    # 1. The co-ordinator takes Olu off the session and adds him back, by keyboard.
    sign_in_at(page, demo, COORDINATOR, DEMO_PASSWORD)
    page.goto(session_page)
    students = page.get_by_test_id("co-facilitators")
    expect(students).to_contain_text(STUDENT)
    assert_accessible(page, axe_violations)
    take_off = page.get_by_role("button", name=f"Take off {STUDENT}")
    take_off.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"{STUDENT} is taken off this session.")).to_be_visible()
    expect(page.get_by_text("No student is co-facilitating this session.")).to_be_visible()
    assert not session.students.filter(pk=olu.pk).exists()
    assert_accessible(page, axe_violations)

    form = page.get_by_test_id("cofacilitator-form")
    form.get_by_role("button", name="Add the student").click()  # nobody chosen: refused
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert not session.students.filter(pk=olu.pk).exists()
    assert_accessible(page, axe_violations)
    chooser = page.get_by_label("Student", exact=True)
    chooser.focus()
    chooser.select_option(label=STUDENT)
    page.get_by_role("button", name="Add the student").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"{STUDENT} is added to this session.")).to_be_visible()
    expect(page.get_by_test_id("co-facilitators")).to_contain_text(STUDENT)
    assert session.students.filter(pk=olu.pk).exists()

    # 2. Olu finds the session from his dashboard and starts evidence from it.
    sign_in_at(page, demo, STUDENT_EMAIL, DEMO_PASSWORD)
    expect(page.get_by_test_id("co-facilitating")).to_contain_text("held")
    assert_accessible(page, axe_violations)
    page.get_by_role("link", name="Your group sessions and evidence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Groups you co-facilitate")
    listed = page.get_by_test_id("my-groups").inner_text()
    parents = names_on_groups(student=olu)
    assert parents, "the demo's women's group has parents on it"
    assert not [name for name in parents if name in listed]
    assert_accessible(page, axe_violations)
    page.get_by_role(
        "link", name=f"Write evidence about the session on {long_date(session.on)}"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add evidence")
    title = page.get_by_label("Title", exact=True)
    expect(title).to_have_value(f"Co-facilitating a POCAR group session ({session.strand.name})")
    reflection = page.get_by_label("Reflection", exact=True)
    started = reflection.input_value()
    assert long_date(session.on) in started
    assert not [name for name in parents if name in started]
    assert_accessible(page, axe_violations)

    # 3. Naming a parent of the group is refused, and nothing is saved.
    parent = sorted(parents)[0]
    reflection.fill(f"{started}\n\n{parent} spoke about her week for the first time.")
    page.get_by_label("PCF 7: Skills and Interventions").check()
    page.get_by_role("button", name="Add evidence").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("name")
    assert not EvidenceItem.objects.filter(placement__student=olu).exists()
    assert_accessible(page, axe_violations)

    page.get_by_label("Reflection", exact=True).fill(
        f"{started}\n\nOne mother spoke about her week for the first time; I kept the "
        "round to time so that everyone had a turn."
    )
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Co-facilitating a POCAR group session ({session.strand.name})"
    )
    item = EvidenceItem.objects.get(placement__student=olu)
    assert not [name for name in parents if name in item.reflection]
    assert_accessible(page, axe_violations)
    found = browser_problems()
    assert not any(found.values()), describe_problems(found)
