"""Browser journey on the demo data (issue 16, requirement 1): a co-ordinator proposes
a student's second placement in the same kind of setting as the first; the portal
refuses with the reason, the co-ordinator records why it goes ahead (an empty
reason refused), proposes it, and the student's tutor reads the reason on the
placement's page. axe-core on every page on the way."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from placements.models import Placement
from placements.seed import TEAM_SETTINGS
from placements.services.lifecycle import placement_create
from portal.accounts.models import User
from tests.e2e.conftest import assert_accessible as accessible

pytestmark = pytest.mark.e2e

REASON = "Agreed with the university: statutory visits one day a week in the duty team."


def a_second_placement_like_the_first() -> Placement:
    """A draft final placement in the same team (and so setting) as a student's only one."""
    first = next(
        placement
        for placement in Placement.objects.filter(
            status=Placement.Status.ACTIVE, team="Positive Outcomes Project", tutor__isnull=False
        ).select_related("student", "course", "host", "tutor")
        if placement.student.placements.count() == 1
    )
    starts_on = first.ends_on + timedelta(weeks=4)
    starts_on -= timedelta(days=starts_on.weekday())
    return placement_create(
        by=User.objects.get(email="coordinator@example.org"),
        student=first.student,
        course=first.course,
        host=first.host,
        team=first.team,
        **TEAM_SETTINGS[first.team],
        tutor=first.tutor,
        level=Placement.Level.FINAL,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=30),
    )


def test_a_second_placement_that_does_not_contrast_is_refused_then_overridden(
    page: Page, demo, sign_in, axe_violations
):
    second = a_second_placement_like_the_first()
    tutor_email = second.tutor.email

    sign_in("coordinator@example.org")
    page.goto(f"{demo}/portal/placements/{second.pk}/")
    accessible(page, axe_violations)
    page.get_by_role("button", name="Propose placement").first.click()
    page.get_by_role("button", name="Propose placement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(re.compile("contrast", re.I))
    accessible(page, axe_violations)
    second.refresh_from_db()
    assert second.status == Placement.Status.DRAFT

    page.goto(f"{demo}/portal/placements/{second.pk}/contrast-override/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("contrasting-settings rule")
    accessible(page, axe_violations)
    page.get_by_role("button", name="Record the reason").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    accessible(page, axe_violations)
    second.refresh_from_db()
    assert second.contrast_override_reason == ""
    page.locator("textarea").first.fill(REASON)
    page.get_by_role("button", name="Record the reason").click()
    expect(page.get_by_text("The reason is recorded")).to_be_visible()

    page.get_by_role("button", name="Propose placement").first.click()
    page.get_by_role("button", name="Propose placement").click()
    second.refresh_from_db()
    assert second.status == Placement.Status.PROPOSED

    sign_in(tutor_email)
    page.goto(f"{demo}/portal/placements/{second.pk}/")
    expect(page.get_by_text(REASON)).to_be_visible()
    accessible(page, axe_violations)
