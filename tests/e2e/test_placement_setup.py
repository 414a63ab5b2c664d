"""Browser journey at phone width (390 px), issue 22 requirement 7: a co-ordinator
sets up a placement, finding the student by a search, choosing the team from the
open places, and seeing the practice educator's problems as they choose them
(htmx), before anything is saved. axe-core on each page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from placements.models import Placement
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from tests.e2e.conftest import assert_accessible as _accessible
from tests.e2e.conftest import sign_in_at as _sign_in
from tests.placements.factories import EducatorProfileFactory, PlacementOfferFactory
from tests.placements.support import make_cast

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_coordinator_sees_the_educators_problems_as_they_choose(
    page: Page, live_server, transactional_db, axe_violations
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    today = timezone.localdate()
    cast = make_cast()
    membership_grant(user=cast.student, organisation=cast.host, role=Role.STUDENT)
    PlacementOfferFactory(
        host=cast.host,
        team="Duty team",
        starts_on=today + timedelta(days=150),
        ends_on=today + timedelta(days=400),
    )
    unfit = EducatorProfileFactory(organisation=cast.host, peps_stage=1, dbs_checked_on=None)
    before = Placement.objects.count()

    _sign_in(page, base, cast.host_coordinator.email)
    page.goto(f"{base}/portal/placements/new/")
    _fits(page)
    _accessible(page, axe_violations)

    page.get_by_label("Find a student").fill(cast.student.student_profile.student_number)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("1 student matches")
    student = page.get_by_label("Student", exact=True)
    expect(student.locator("option")).to_have_count(2)  # "Choose a student" and one
    expect(student).to_contain_text("placed at Eastbrook Children's Services")
    student.select_option(label=student.locator("option").nth(1).inner_text())

    page.get_by_label("Duty team, Eastbrook Children's Services").check()
    page.get_by_label("First placement").check()
    form = page.locator("#placement-form")
    form.locator("[name=starts_on]").fill((today + timedelta(days=160)).isoformat())
    form.locator("[name=ends_on]").fill((today + timedelta(days=300)).isoformat())

    page.get_by_label("Practice educator (optional)").select_option(str(unfit.user.pk))
    check = page.locator("#educator-check")
    expect(check).to_contain_text("has no DBS check recorded")
    expect(check).not_to_contain_text("PEPS stage 2")
    # A final placement needs PEPS stage 2: changing the level checks again.
    page.get_by_label("Final placement").check()
    expect(check).to_contain_text("PEPS stage 2")
    expect(check).to_contain_text("has no DBS check recorded")
    _fits(page)
    _accessible(page, axe_violations)

    page.get_by_label("Practice educator (optional)").select_option(str(cast.educator.pk))
    expect(check).to_contain_text("PEPS stage 2, DBS checked")
    assert Placement.objects.count() == before
