"""Browser journey: a practice educator books and records a supervision session,
the student adds a reflection and signs, the practice educator signs and the
record shows as locked, with nothing left to change but an amendment. axe-core
on every page on the way.

The placement is made here with the factories (not the demo seed), so the
journey does not depend on which demo records exist.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import Placement
from supervision.models import SupervisionSession
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import describe_problems
from tests.e2e.conftest import sign_in_at as _sign_in
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.e2e


def test_a_supervision_record_is_written_signed_by_both_and_locked(
    page: Page, live_server, transactional_db, axe_violations, browser_problems
):
    base = live_server.url
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    educator, student = placement.practice_educator, placement.student
    held_on = timezone.localdate() - timedelta(days=1)

    # The practice educator books the session held yesterday from the supervision log.
    _sign_in(page, base, educator.email)
    _accessible(page, axe_violations)
    page.goto(f"{base}/portal/supervision/placements/{placement.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision log")
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Book an extra session").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Book the session").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _accessible(page, axe_violations)
    page.get_by_label("Date of the session").fill(held_on.isoformat())
    page.get_by_label("Start time").fill("14:00")
    page.get_by_label("Duration in minutes").fill("90")
    page.get_by_role("button", name="Book the session").click()
    expect(page.get_by_text("Supervision is booked for")).to_be_visible()
    _accessible(page, axe_violations)
    session = SupervisionSession.objects.get(placement=placement)

    # ...opens the record for writing and writes it.
    page.get_by_role("button", name="Write the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write the record?")
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Write the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write the supervision record")
    _accessible(page, axe_violations)
    page.get_by_label("Wellbeing", exact=True).fill("Settled in; the commute is tiring.")
    page.get_by_label("Workload and direct work").fill("Two families, co-worked with me.")
    page.get_by_label("Reflection", exact=True).fill("The first home visit.")
    page.get_by_label("Case discussion").fill("A nine-year-old's school attendance.")
    page.get_by_label("Critical Reflection and Analysis").check()
    page.get_by_role("button", name="Save the record").click()
    expect(page.get_by_text("The record was saved.")).to_be_visible()
    _accessible(page, axe_violations)

    # ...agrees an action for the student.
    page.get_by_role("button", name="Add or change actions").click()
    _accessible(page, axe_violations)
    page.get_by_label("What is to be done").fill("Read the early-help threshold document")
    page.get_by_label(f"{student} (student)").check()
    page.get_by_label("Due date").fill((held_on + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The action was added.")).to_be_visible()
    _accessible(page, axe_violations)
    page.get_by_role("link", name="Back to the record").first.click()

    # ...and sends it to the student.
    page.get_by_role("button", name="Send to the student").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Send to the student").click()
    expect(page.get_by_text("You sent the record to the student")).to_be_visible()
    session.refresh_from_db()
    assert session.status == SupervisionSession.Status.AWAITING_STUDENT

    # The student finds it on their dashboard, reflects and signs.
    _sign_in(page, base, student.email)
    expect(page.get_by_text("Waiting for your reflection and signature")).to_be_visible()
    _accessible(page, axe_violations)
    page.get_by_role("link", name=f"Supervision on {held_on.day} {held_on:%B %Y}").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Add your reflection").click()
    _accessible(page, axe_violations)
    page.get_by_label("Your reflection").fill("I learnt to slow down and listen first.")
    page.get_by_role("button", name="Save your reflection").click()
    expect(page.get_by_text("Your reflection was saved.")).to_be_visible()
    page.get_by_role("button", name="Sign the record").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Sign the record").click()
    expect(page.get_by_text("The practice educator is asked to sign it.")).to_be_visible()
    _accessible(page, axe_violations)

    # The practice educator signs; the record locks.
    _sign_in(page, base, educator.email)
    _accessible(page, axe_violations)
    page.get_by_role("link", name=f"Supervision of {student} on").click()
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_text("The record is locked as soon as you sign.")).to_be_visible()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Sign and lock").click()
    expect(page.get_by_text("It is signed by you both and locked.")).to_be_visible()
    expect(page.get_by_text("Signed by both and locked on")).to_be_visible()
    expect(page.get_by_role("button", name="Amend")).to_be_visible()
    expect(page.get_by_role("button", name="Change the record")).to_have_count(0)
    _accessible(page, axe_violations)
    session.refresh_from_db()
    assert session.is_locked and session.status == SupervisionSession.Status.LOCKED

    # The placement page lists it with its status, and links to the whole log.
    page.goto(f"{base}/portal/placements/{placement.pk}/")
    expect(page.get_by_role("link", name="The whole supervision log")).to_be_visible()
    expect(
        page.get_by_role("region", name="Latest supervision").get_by_text("Signed and locked")
    ).to_be_visible()
    _accessible(page, axe_violations)

    # Trying the edit page anyway: refused with the lock message, nothing changed.
    page.goto(f"{base}/portal/supervision/sessions/{session.pk}/edit/")
    expect(page.get_by_text("signed by everyone and is locked")).to_be_visible()
    _accessible(page, axe_violations)
    problems = browser_problems()
    assert problems["csp_events"] == [] and problems["page_errors"] == [], describe_problems(
        problems
    )
