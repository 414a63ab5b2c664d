"""Writes that lock their row work on PostgreSQL when an optional relation is empty.

Found by `make test-api-fuzz` (issue 13, requirement 8): `seed_demo` and the API's
writes failed on PostgreSQL with "FOR UPDATE cannot be applied to the nullable
side of an outer join" wherever a locked row was read together with a relation it
may lack (a placement without a practice educator yet, an assessment without a
student, a plan not made from a request, a session nobody has logged). SQLite
ignores FOR UPDATE, so only this suite sees it. Each lock now takes the row itself.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from placements.models import Placement
from placements.services.lifecycle import locked_placement, placement_transition
from portal.accounts.roles import Role
from supervision.services.workflow import locked_for_update
from tests.casework.factories import AssessmentFactory, PlanFactory, SessionFactory
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def test_a_draft_placement_without_a_practice_educator_is_proposed():
    placement = PlacementFactory(
        status=Placement.Status.DRAFT, practice_educator=None, onsite_supervisor=None
    )

    moved = placement_transition(placement=placement, name="propose", by=user_with_role(Role.ADMIN))

    assert moved.status == Placement.Status.PROPOSED
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSED


def test_the_review_lock_reads_a_placement_without_its_optional_people():
    placement = PlacementFactory(practice_educator=None, onsite_supervisor=None)
    with transaction.atomic():
        assert locked_placement(placement.pk) == placement


def test_a_supervision_record_of_a_placement_without_a_practice_educator_is_locked():
    session = SupervisionSessionFactory(placement=PlacementFactory(practice_educator=None))
    with transaction.atomic():
        assert locked_for_update(session) == session


def test_casework_records_without_their_optional_relations_are_locked():
    from placements.casework.services import assessments, plans, sessions

    assessment = AssessmentFactory(student=None)
    plan = PlanFactory(support_request=None)
    session = SessionFactory(plan=plan, logged_by=None)
    with transaction.atomic():
        assert assessments.locked_assessment(assessment) == assessment
        assert plans.locked_plan(plan) == plan
        assert sessions.locked_session(session) == session


def test_two_records_of_a_child_are_merged_and_unmerged_on_postgresql():
    from placements.casework.services.merges import child_merge, child_merge_undo
    from tests.casework.factories import CarerFactory, ChildFactory

    keep = ChildFactory()
    duplicate = ChildFactory(
        first_name=keep.first_name,
        last_name=keep.last_name,
        date_of_birth=keep.date_of_birth,
        held_by=keep.held_by,
        school=keep.school,
    )
    CarerFactory(child=duplicate, name="Grace Okafor")
    coordinator = user_with_role(Role.COORDINATOR, keep.held_by)

    merge = child_merge(keep=keep, duplicate=duplicate, by=coordinator)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    assert keep.carers.filter(name="Grace Okafor").exists()
    child_merge_undo(merge=merge, by=user_with_role(Role.ADMIN))
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert duplicate.carers.filter(name="Grace Okafor").exists()
