"""The demo's finished run of the Children's Program (issue 19, requirement 10):
families who arrived, four days of attendance (the parent on the parent days),
support groups before and after the run, and enough ratings for the report to
show figures; seeding twice changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from placements.programmes.models import (
    ChildRating,
    ParentRating,
    Referral,
    RunAttendance,
    RunPlace,
    SupportGroupStep,
)
from placements.programmes.seed_childrens import seed_childrens_program
from placements.programmes.seed_childrens_runs import finished_run
from placements.programmes.selectors.support_groups import AFTER, BEFORE, support_group_path
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

MODELS = (Referral, RunPlace, RunAttendance, SupportGroupStep, ChildRating, ParentRating)


def seed():
    provider, _ = Organisation.objects.get_or_create(
        name="Familjeprogrammet Norr", defaults={"kind": Organisation.Kind.SERVICE_PROVIDER}
    )
    if not User.objects.filter(email="barnprogram@example.org").exists():
        user_with_role(Role.PROGRAMME_WORKER, provider, email="barnprogram@example.org")
    admin = user_with_role(Role.ADMIN)
    return seed_childrens_program(organisations={"sweden": provider}, admin=admin)


@pytest.fixture
def run():
    programme = seed()
    return finished_run(programme, timezone.localdate())


def test_the_finished_run_has_families_who_arrived_with_certified_leaders(run):
    today = timezone.localdate()
    assert run.ends_on <= today - timedelta(days=91)  # its 3-month follow-up is due
    places = list(run.family_places.all())
    assert len(places) >= 4
    assert all(p.status == RunPlace.Status.CONFIRMED for p in places)
    assert all(p.arrived_on == run.starts_on and p.sober_since_on_arrival for p in places)
    assert sum(p.children_count for p in places) <= run.places
    leaders = list(run.leaders.all())
    assert len(leaders) >= 2
    assert all(leader.valid_on(day) for leader in leaders for day in run.days)


def test_children_every_day_one_missing_a_day_and_parents_only_on_parent_days(run):
    parent_days = [run.days[n - 1] for n in run.programme.parent_day_numbers]
    assert len(run.days) == 4 and len(parent_days) == 2
    children = RunAttendance.objects.filter(place__run=run, child__isnull=False)
    child_count = sum(p.children_count for p in run.family_places.all())
    for day in run.days:
        assert children.filter(day=day).count() == child_count
    absent = list(children.filter(present=False).values_list("child__name", "day"))
    assert absent == [("Alice", run.days[1])]
    parents = RunAttendance.objects.filter(place__run=run, child__isnull=True)
    assert sorted(set(parents.values_list("day", flat=True))) == parent_days
    assert parents.count() == 2 * run.family_places.count()


def test_at_least_five_children_rated_before_and_after_and_not_all_improving(run):
    ratings = ChildRating.objects.filter(place__run=run)
    before = set(ratings.filter(point="before").values_list("child_id", flat=True))
    after = set(ratings.filter(point="after").values_list("child_id", flat=True))
    assert len(before & after) >= 5
    assert ratings.filter(point="follow_up").count() == len(before)
    talking = {(r.child_id, r.point): r.talking for r in ratings}
    assert any(talking[c, "after"] < talking[c, "before"] for c in before)  # not all improve
    parents = ParentRating.objects.filter(place__run=run)
    assert parents.filter(point="before").count() == run.family_places.count()
    assert parents.filter(point="after").count() == run.family_places.count()


def test_support_groups_come_before_and_after_the_run(run):
    paths = {}
    for place in run.family_places.all():
        for child in place.referral.children.all():
            paths[child.name] = support_group_path(child, run.starts_on)
    assert paths["Wilma"] == AFTER and paths["Yusuf"] == AFTER
    assert paths["Hugo"] == BEFORE and paths["Alice"] == BEFORE
    assert SupportGroupStep.objects.filter(child__referral__run_places__run=run).count() >= 6
    assert not SupportGroupStep.objects.filter(on__gt=timezone.localdate()).exists()


def test_seeding_twice_duplicates_nothing(run):
    counts = [model.objects.count() for model in MODELS]
    seed()
    assert [model.objects.count() for model in MODELS] == counts
    # The three waiting registrations are still there, besides the finished run's four.
    assert Referral.objects.filter(route="interest").count() == 7
