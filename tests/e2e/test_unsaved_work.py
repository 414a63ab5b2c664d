"""Browser journey: unsaved work is not lost (issue 21, requirement 4).

The practice educator types into the supervision record; htmx keeps a draft a few
seconds later ("Draft saved at ..."); leaving the changed page asks first (the
beforeunload warning), and coming back restores the draft with a banner. Sending
the form leaves without a warning and ends the draft. No CSP violations on the
way (the warning and htmx run from static files), and axe-core passes on the
edit page, banner included.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

from placements.models import Placement
from portal.models import FormDraft
from supervision.models import SupervisionSession
from tests.e2e.conftest import assert_accessible, describe_problems, sign_in_at
from tests.placements.factories import PlacementFactory
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.e2e


def test_a_draft_survives_a_reload_and_leaving_a_changed_form_warns(
    page: Page, live_server, transactional_db, axe_violations, browser_problems
):
    base = live_server.url
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    session = SupervisionSessionFactory(
        placement=placement, status=SupervisionSession.Status.DRAFT, agenda_wellbeing=""
    )
    edit = f"{base}/portal/supervision/sessions/{session.pk}/edit/"

    # Every warning is recorded; `leave` says whether to leave (accept) or stay.
    warnings: list[str] = []
    leave = {"answer": True}

    def on_dialog(dialog: Dialog) -> None:
        warnings.append(dialog.type)
        if leave["answer"]:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", on_dialog)

    sign_in_at(page, base, placement.practice_educator.email)
    page.goto(edit)
    expect(page.get_by_role("heading", level=1)).to_have_text("Write the supervision record")
    assert_accessible(page, axe_violations)

    # Typing keeps a draft a few seconds later, said near the button.
    wellbeing = page.get_by_label("Wellbeing", exact=True)
    wellbeing.click()
    wellbeing.press_sequentially("Tired after the court visit")
    expect(page.get_by_text("Draft saved at")).to_be_visible(timeout=15_000)
    assert FormDraft.objects.filter(user=placement.practice_educator).exists()

    # Reloading the changed page warns first; coming back restores the draft.
    page.reload()
    assert warnings == ["beforeunload"]
    expect(page.get_by_text("We restored your unsaved draft from")).to_be_visible()
    expect(page.get_by_label("Wellbeing", exact=True)).to_have_value("Tired after the court visit")
    assert_accessible(page, axe_violations)

    # An unchanged page leaves without a word.
    page.get_by_role("link", name="Cancel").click()
    expect(page).not_to_have_url(edit)
    assert warnings == ["beforeunload"]
    page.goto(edit)

    # A changed one asks; staying keeps what was typed.
    leave["answer"] = False
    notes = page.get_by_label("Notes (optional)")
    notes.click()
    notes.press("Control+End")
    notes.press_sequentially(" Agreed a lighter week.")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_timeout(500)
    assert warnings == ["beforeunload", "beforeunload"]
    expect(page).to_have_url(edit)

    # Saving the record sends the form without a warning and ends the draft.
    page.get_by_role("button", name="Save the record").click()
    expect(page.get_by_text("The record was saved.")).to_be_visible()
    assert warnings == ["beforeunload", "beforeunload"]
    session.refresh_from_db()
    assert session.agenda_wellbeing == "Tired after the court visit"
    assert session.notes.endswith("Agreed a lighter week.")
    # No draft was sent after the save (it would come back as a stale one).
    page.wait_for_timeout(3_500)
    assert not FormDraft.objects.exists()
    page.goto(edit)
    expect(page.get_by_text("We restored your unsaved draft")).to_have_count(0)

    found = browser_problems()
    assert found["csp_events"] == [], describe_problems(found)
    assert found["page_errors"] == [], describe_problems(found)
    assert found["console"] == [], describe_problems(found)


def test_a_record_that_stops_taking_changes_says_the_draft_was_not_kept(
    page: Page, live_server, transactional_db, browser_problems
):
    base = live_server.url
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    session = SupervisionSessionFactory(placement=placement, status=SupervisionSession.Status.DRAFT)
    sign_in_at(page, base, placement.practice_educator.email)
    page.goto(f"{base}/portal/supervision/sessions/{session.pk}/edit/")

    # Meanwhile the record is sent to the student (in another tab, say).
    SupervisionSession.objects.filter(pk=session.pk).update(
        status=SupervisionSession.Status.AWAITING_STUDENT
    )
    page.get_by_label("Reflection", exact=True).fill("Typed after it was sent")
    expect(page.get_by_text("Draft not saved: the record is")).to_be_visible(timeout=15_000)
    assert not FormDraft.objects.exists()
    found = browser_problems()
    assert found["csp_events"] == [] and found["page_errors"] == [], describe_problems(found)
