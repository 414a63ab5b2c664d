"""Factories for wellbeing and closure tests: a child on an active plan with an
allocation, and measures written straight to the database."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from placements.casework.measures import scale_for
from placements.casework.models import DirectWorkPlan, WellbeingMeasure
from tests.casework.factories import (
    AllocationFactory,
    ChildFactory,
    PlanChildFactory,
    PlanFactory,
)


def allocated_member(*, status=DirectWorkPlan.Status.ACTIVE, child=None, plan=None, **child_fields):
    """A child on a plan (active by default) with a current allocation.

    Returns (member, allocation); pass `plan` to add the child to a group plan.
    """
    child = child or ChildFactory(**child_fields)
    allocation = AllocationFactory(child=child)
    if plan is None:
        plan = PlanFactory(
            school=child.school,
            status=status,
            first_session_on=timezone.localdate() - timedelta(days=7),
        )
    member = PlanChildFactory(plan=plan, child=child)
    return member, allocation


STIRLING_ALL_THREE = [3] * 12


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingMeasure

    plan = factory.SubFactory(PlanFactory)
    child = factory.SubFactory(ChildFactory)
    scale = WellbeingMeasure.Scale.STIRLING
    point = WellbeingMeasure.Point.FIRST
    answers = factory.LazyFunction(lambda: list(STIRLING_ALL_THREE))
    total = factory.LazyAttribute(lambda o: scale_for(o.scale).total(o.answers))
    completed_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.LazyAttribute(lambda o: o.child.created_by)
