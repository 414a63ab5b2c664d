"""A child protection enquiry in the browser (issue 16, requirement 3): the social
worker finds the demo enquiry among the conferences due soon on their dashboard
and reads its conference due date; a team manager starting an enquiry without a
strategy discussion is refused on the form and nothing is made. axe-core finds no
serious problem on either page."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from placements.casework.models import Assessment, Child
from tests.e2e.conftest import describe_violations, wait_for_govuk_frontend

pytestmark = pytest.mark.e2e


def test_the_social_worker_opens_the_enquiry_from_the_dashboard(
    page: Page, demo, sign_in, axe_violations
):
    enquiry = Assessment.objects.get(kind=Assessment.Kind.SECTION_47)
    sign_in("socialworker@example.org")
    table = page.locator("table", has_text="Initial child protection conferences due soon")
    expect(table).to_be_visible()
    table.get_by_role("link", name=str(enquiry.child)).click()
    expect(page.get_by_test_id("assessment-kind")).to_contain_text(
        "Child protection enquiry (section 47)"
    )
    due = f"{enquiry.conference_due_on.day} {enquiry.conference_due_on:%B %Y}"
    expect(page.get_by_test_id("conference")).to_contain_text(f"Due by {due}")
    wait_for_govuk_frontend(page)
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)


def test_an_enquiry_without_its_strategy_discussion_is_refused_on_the_form(
    page: Page, demo, sign_in, axe_violations
):
    child = Child.objects.filter(
        held_by__name="Midshire Children's Services", assessments__isnull=True
    ).first()
    before = Assessment.objects.count()
    sign_in("manager@example.org")
    page.goto(f"{demo}{reverse('casework:assessment_create')}?child={child.pk}")
    page.get_by_label("Child protection enquiry (section 47)").check()
    page.get_by_label("Date of the referral").fill("2026-11-02")
    page.get_by_label("Accountable qualified social worker").select_option(
        label="Sade Socialworker"
    )
    page.get_by_role("button", name="Start the assessment").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date of the strategy discussion.")
    wait_for_govuk_frontend(page)
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)
    assert Assessment.objects.count() == before
