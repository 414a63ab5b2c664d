"""Browser journey on the demo data, with axe-core on every page: Sam's active
placement is reviewed at the midpoint, its practice educator writes and signs
the final report, Sam comments, the tutor countersigns and a co-ordinator
records the panel's ratification, which passes the placement.

With tests/e2e/test_placement_lifecycle.py (a draft placement allocated,
proposed, confirmed and started) this follows a placement from proposal to
panel outcome, each step taken by the person whose step it is.
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from placements.models import FinalReport, Placement
from tests.e2e.conftest import describe_violations, wait_for_govuk_frontend

pytestmark = pytest.mark.e2e


def check(page, axe_violations):
    wait_for_govuk_frontend(page)
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)


def test_reviews_journey(page: Page, demo, sign_in, axe_violations, browser_problems):
    sam = Placement.objects.get(student__email="student@example.org")
    george = Placement.objects.get(student__name="George Patel")
    farah = Placement.objects.get(student__name="Farah Ali")
    assert sam.status == Placement.Status.ACTIVE

    # The practice educator records the midpoint review; an empty form is refused.
    sign_in("educator@example.org")
    page.goto(f"{demo}/portal/placements/{sam.pk}/")
    page.get_by_role("button", name="Record midpoint review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the midpoint review")
    check(page, axe_violations)
    page.get_by_role("button", name="Record the midpoint review").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, axe_violations)
    sam.refresh_from_db()
    assert sam.status == Placement.Status.ACTIVE
    page.get_by_role("button", name="Add another action").click()
    expect(page.locator("[name=action_4_description]")).to_be_visible()
    page.get_by_label("Date of the review").fill(str(sam.starts_on))
    page.get_by_label("Who attended").fill("Sam, student\nEd, PE")
    page.get_by_label("Satisfactory").check()
    for number in range(1, 10):
        page.locator(f"#id_rating_{number}_1").check()
    page.get_by_role("button", name="Record the midpoint review").click()
    expect(page.get_by_text("You recorded the midpoint review.")).to_be_visible()
    check(page, axe_violations)

    # The final report: an incomplete draft is refused, a complete one saved and signed.
    page.goto(f"{demo}/portal/placements/{sam.pk}/final-report/")
    check(page, axe_violations)
    page.get_by_role("button", name="Write the report").click()
    check(page, axe_violations)
    page.get_by_role("button", name="Save the report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert not FinalReport.objects.filter(placement=sam).exists()
    page.get_by_label("Holistic summary").fill("Sam has grown into confident, reflective practice.")
    page.get_by_label("Pass", exact=True).check()
    for number in range(1, 10):
        page.locator(f"#id_rating_{number}_2").check()
        page.locator(f"[name=assessment_{number}]").fill("Met the level, with evidence.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("The final report was saved")).to_be_visible()
    page.get_by_role("button", name="Sign and submit the report").click()
    check(page, axe_violations)
    page.get_by_role("button", name="Sign and submit", exact=True).click()
    expect(page.get_by_text("You signed the final report.")).to_be_visible()
    sam.refresh_from_db()
    assert sam.status == Placement.Status.FINAL_REPORT_SUBMITTED

    # The student adds a comment.
    sign_in("student@example.org")
    page.goto(f"{demo}/portal/placements/{sam.pk}/final-report/")
    page.get_by_role("button", name="Add your comment").click()
    check(page, axe_violations)
    page.get_by_label("Your comment on the report").fill("I agree with the assessment.")
    page.get_by_role("button", name="Save your comment").click()
    expect(page.get_by_text("Your comment was saved with the final report.")).to_be_visible()

    # The tutor reads other placements' reviews and countersigns Sam's report.
    sign_in("tutor@example.org")
    page.goto(f"{demo}/portal/")
    check(page, axe_violations)
    page.goto(f"{demo}/portal/placements/{farah.pk}/midpoint-review/")
    check(page, axe_violations)
    page.goto(f"{demo}/portal/placements/{george.pk}/final-report/")
    check(page, axe_violations)
    page.goto(f"{demo}/portal/placements/{sam.pk}/final-report/")
    page.get_by_role("button", name="Countersign the report").click()
    check(page, axe_violations)
    page.get_by_role("button", name="Countersign", exact=True).click()
    expect(page.get_by_text("You countersigned the final report.")).to_be_visible()
    expect(page.get_by_text("Countersigned and locked on")).to_be_visible()

    # The practice educator finds a mistake before the panel sits: the locked report is
    # corrected by an amendment with a reason, signed and countersigned again.
    sign_in("educator@example.org")
    page.goto(f"{demo}/portal/placements/{sam.pk}/final-report/")
    expect(page.get_by_role("button", name="Change the report")).to_have_count(0)
    page.get_by_role("button", name="Amend the report").click()
    check(page, axe_violations)
    page.get_by_role("button", name="Start the amendment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason")
    check(page, axe_violations)
    assert FinalReport.objects.filter(placement=sam).count() == 1
    page.get_by_label("Reason for the amendment").fill("Domain 9 was rated in error.")
    page.get_by_role("button", name="Start the amendment").click()
    expect(page.get_by_text("The amendment is started.")).to_be_visible()
    page.get_by_label("Holistic summary").fill("Sam has grown into confident practice.")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("This version amends the report countersigned on")).to_be_visible()
    page.locator(".govuk-details__summary").first.click()  # the earlier version, as signed
    expect(page.get_by_text("Sam has grown into confident, reflective practice.")).to_be_visible()
    check(page, axe_violations)
    page.get_by_role("button", name="Sign and submit the report").click()
    page.get_by_role("button", name="Sign and submit", exact=True).click()
    expect(page.get_by_text("You signed the final report.")).to_be_visible()
    sign_in("tutor@example.org")
    page.goto(f"{demo}/portal/placements/{sam.pk}/final-report/")
    page.get_by_role("button", name="Countersign the report").click()
    page.get_by_role("button", name="Countersign", exact=True).click()
    expect(page.get_by_text("You countersigned the final report.")).to_be_visible()
    versions = FinalReport.objects.filter(placement=sam).order_by("pk")
    assert [v.is_locked for v in versions] == [True, True]
    assert versions[0].summary == "Sam has grown into confident, reflective practice."

    # A co-ordinator of the university records the panel's decision.
    sign_in("coordinator@example.org")
    page.goto(f"{demo}/portal/")
    check(page, axe_violations)
    page.goto(f"{demo}/portal/placements/{sam.pk}/")
    page.get_by_role("button", name="Record panel decision").click()
    check(page, axe_violations)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(page, axe_violations)
    page.get_by_label("Date of the panel").fill(str(datetime.date.today()))
    page.get_by_label("Ratified").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("You recorded the panel's decision: the student passed")
    ).to_be_visible()
    check(page, axe_violations)
    sam.refresh_from_db()
    assert sam.status == Placement.Status.PASSED
    assert browser_problems()["csp_events"] == []
