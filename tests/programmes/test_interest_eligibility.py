"""Who the Children's Program suits, and when (issue 19, requirement 2): ages 7 to
12 and 30 days of sobriety on the next run's first day, with the day before and
the day of eligibility; explained, never just refused, in Swedish or English."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from placements.programmes.eligibility import assess, birthday, explain
from placements.programmes.models import Run, TreatmentStage

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)
FIRST_DAY = date(2027, 4, 12)  # the next run
AFTERCARE = TreatmentStage.AFTERCARE


@pytest.fixture
def run(programme):
    return Run.objects.create(programme=programme, starts_on=FIRST_DAY, venue="Sjövik", places=10)


def check(programme, *, born, sober_since=FIRST_DAY - timedelta(days=60), stage=AFTERCARE):
    return assess(
        programme,
        children=[(1, "Elsa", born)],
        treatment_stage=stage,
        sober_since=sober_since,
        today=TODAY,
    )


def test_a_run_lasts_the_programmes_four_days(run):
    assert run.ends_on == FIRST_DAY + timedelta(days=3)
    assert len(run.days) == 4


def test_a_child_who_turns_seven_on_the_first_day_can_take_part(programme, run):
    result = check(programme, born=FIRST_DAY.replace(year=2020))
    assert result.day == FIRST_DAY and result.run == run
    assert result.children[0].age == 7 and result.eligible


def test_a_child_who_turns_seven_the_day_after_is_told_when(programme, run):
    born = (FIRST_DAY + timedelta(days=1)).replace(year=2020)
    result = check(programme, born=born)
    child = result.children[0]
    assert child.age == 6 and not result.eligible
    assert child.eligible_from == FIRST_DAY + timedelta(days=1)
    later = Run.objects.create(
        programme=programme, starts_on=date(2027, 6, 7), venue="Sjövik", places=10
    )
    assert check(programme, born=born).next_run_when_eligible == later
    lines = explain(programme, check(programme, born=born))
    assert any("13 April 2027" in line and "from the age of 7" in line for line in lines)
    assert any("7 June 2027" in line for line in lines)
    assert any("support groups" in line for line in lines)


def test_twelve_on_the_first_day_fits_and_thirteen_does_not(programme, run):
    # Turns 13 the day after the first day: still 12 on it.
    assert check(programme, born=(FIRST_DAY + timedelta(days=1)).replace(year=2014)).eligible
    # Thirteen on the first day: too old, and told of other support, with no date.
    result = check(programme, born=FIRST_DAY.replace(year=2014))
    assert result.children[0].too_old and not result.eligible
    assert result.eligible_from is None
    assert any("up to 12" in line for line in explain(programme, result))


def test_thirty_days_sober_on_the_first_day_is_enough_and_twenty_nine_is_not(programme, run):
    born = date(2018, 1, 1)
    assert check(programme, born=born, sober_since=FIRST_DAY - timedelta(days=30)).eligible
    short = check(programme, born=born, sober_since=FIRST_DAY - timedelta(days=29))
    assert not short.eligible and short.sober_days == 29
    assert short.sober_enough_from == FIRST_DAY + timedelta(days=1)
    assert any("13 April 2027" in line for line in explain(programme, short))


def test_a_parent_still_early_in_treatment_is_offered_other_support(programme, run):
    result = check(programme, born=date(2018, 1, 1), stage=TreatmentStage.IN_TREATMENT)
    assert not result.eligible and result.eligible_from is None
    assert any("motivational talks" in line for line in explain(programme, result))


def test_with_no_run_planned_the_family_is_checked_against_today(programme):
    result = check(programme, born=date(2018, 1, 1), sober_since=TODAY - timedelta(days=40))
    assert result.run is None and result.day == TODAY and result.eligible
    assert any("No run has dates yet" in line for line in explain(programme, result))


def test_a_cancelled_run_is_not_the_next_run(programme, run):
    run.status = Run.Status.CANCELLED
    run.save()
    assert check(programme, born=date(2018, 1, 1)).run is None


def test_a_child_born_on_29_february_turns_seven_on_1_march():
    assert birthday(date(2016, 2, 29), 7) == date(2023, 3, 1)
    assert birthday(date(2016, 2, 29), 8) == date(2024, 2, 29)


def test_the_explanation_is_in_swedish_on_a_swedish_page(programme, run):
    born = (FIRST_DAY + timedelta(days=1)).replace(year=2020)
    with translation.override("sv"):
        lines = explain(programme, check(programme, born=born))
    assert any("13 april 2027" in line and "7 års ålder" in line for line in lines)
    assert any("stödgrupper" in line for line in lines)
