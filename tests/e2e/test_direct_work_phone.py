"""Browser journey at phone width (390 px): the student logs a week's session of
direct work, raises a safeguarding concern from it, and the practice educator
sees the concern at the top of the child's page, reviews the session and records
the concern's outcome. axe-core and the CSP on every page on the way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.casework.models import (
    DirectWorkPlan,
    DirectWorkSession,
    SafeguardingConcern,
    SchoolProfile,
    Theme,
)
from portal.accounts.roles import Role
from tests.casework.factories import (
    AllocationFactory,
    AttendanceFactory,
    SessionFactory,
    plan_with_children,
)
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import describe_problems
from tests.e2e.conftest import sign_in_at as _sign_in
from tests.factories import user_with_role

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_a_student_logs_a_session_and_raises_a_concern_on_a_phone_and_the_pe_acts(
    page: Page, live_server, transactional_db, axe_violations, browser_problems
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    work = AllocationFactory()
    child, student, educator = work.child, work.student, work.practice_educator
    lead = user_with_role(Role.SCHOOL_CONTACT, child.school)
    SchoolProfile.objects.create(school=child.school, safeguarding_lead=lead)
    plan = plan_with_children(child, status=DirectWorkPlan.Status.ACTIVE)
    theme = Theme.objects.get(name="Emotional resilience")
    plan.themes.add(theme)
    yesterday = timezone.localdate() - timedelta(days=1)
    session = SessionFactory(plan=plan, number=1, planned_on=yesterday)
    AttendanceFactory(session=session, child=child)

    # The student, on a phone: dashboard → log the session.
    _sign_in(page, base, student.email)
    _accessible(page, axe_violations)
    page.goto(f"{base}/portal/casework/sessions/{session.pk}/log/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log session 1")
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Save session").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    _accessible(page, axe_violations)
    page.get_by_label("Held").check()
    page.get_by_label("Theme").select_option(label=theme.name)
    page.get_by_label("What you did").fill("Feelings thermometer and a helping-hand drawing.")
    page.get_by_label("What the child said").fill("Sad is like a grey cloud.")
    page.get_by_label("Next steps (optional)").fill("Trusted adults next week.")
    # Nothing on the form is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session 1")
    _accessible(page, axe_violations)
    logged = DirectWorkSession.objects.get(pk=session.pk)
    assert logged.status == DirectWorkSession.Status.HELD
    assert logged.review == DirectWorkSession.Review.AWAITING

    # From the session: raise a safeguarding concern, check it, submit it.
    page.get_by_role("link", name="Raise a safeguarding concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a safeguarding concern")
    _accessible(page, axe_violations)
    page.get_by_label("Date it happened or was said").fill(yesterday.isoformat())
    page.get_by_label("Time it happened or was said").fill("10:40")
    page.get_by_label("What happened or was said").fill(
        "She said her mum's partner shouts at night and pushed her mum."
    )
    page.get_by_label("What you have done so far").fill(
        "Told the designated safeguarding lead in person at 10:55."
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your concern before you submit"
    )
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Submit the concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safeguarding concern")
    _accessible(page, axe_violations)
    concern = SafeguardingConcern.objects.get(child=child)
    assert concern.is_open

    # The practice educator: the concern tops the child's page; review the session.
    _sign_in(page, base, educator.email)
    _accessible(page, axe_violations)
    page.goto(f"{base}/portal/casework/children/{child.pk}/")
    banner = page.locator(".govuk-notification-banner").first
    expect(banner).to_contain_text("safeguarding", ignore_case=True)
    _accessible(page, axe_violations)
    page.goto(f"{base}/portal/casework/sessions/{session.pk}/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review session 1")
    _accessible(page, axe_violations)
    page.get_by_label("Mark the notes as reviewed").check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Session 1")
    assert DirectWorkSession.objects.get(pk=session.pk).review == "reviewed"

    # ... and records the concern's outcome, after checking it.
    page.goto(f"{base}/portal/casework/safeguarding/{concern.pk}/")
    _accessible(page, axe_violations)
    page.get_by_role("link", name="Record the outcome").click()
    _accessible(page, axe_violations)
    page.get_by_label("Outcome").fill("Referred to the front door; strategy discussion held.")
    page.get_by_role("button", name="Continue").click()
    _accessible(page, axe_violations)
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_test_id("outcome")).to_contain_text("strategy discussion")
    concern.refresh_from_db()
    assert not concern.is_open
    page.goto(f"{base}/portal/casework/children/{child.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(child.full_name)
    assert not page.locator(".govuk-notification-banner", has_text="no outcome").count()

    found = browser_problems()
    assert not any(found.values()), describe_problems(found)
