"""Reads for a run's outcomes and the run report (issue 19, requirements 6 and 7).

- Who is rated: the families whose place is confirmed (they arrived); each child of
  theirs aged within the programme's range on the run's first day takes part.
- When a point may be recorded: before the run on or before its first day, after
  it from its last day, the follow-up from 3 months after the last day.
- The report, per run and per year (a run's year is its first day's): for the
  child's two faces-scale ratings and the parent's rating of the relationship, the
  mean before and after over those rated at both (`n`), the share who improved,
  and the follow-up with its own `n`; and the support-group paths of the children
  who took part. Every figure is a `Figure` of selectors.evaluation, suppressed
  under MIN_GROUP as the evaluation's are. Six queries whatever the number of runs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.dates import add_months, age_on

from ..models import (
    ChildRating,
    ParentRating,
    RatingPoint,
    ReferredChild,
    Run,
    RunPlace,
    SupportGroupStep,
)
from .evaluation import Figure, _mean, percent
from .support_groups import AFTER, BEFORE, NONE, PATHS, support_group_path

POINTS = (RatingPoint.BEFORE, RatingPoint.AFTER, RatingPoint.FOLLOW_UP)
FOLLOW_UP_MONTHS = 3
# (key, what is rated, whose rating)
MEASURES = (
    ("home", _("How things are at home (the child)")),
    ("talking", _("How I feel about talking about it (the child)")),
    ("relationship", _("The relationship with my child (the parent)")),
)
MEASURE_LABELS = dict(MEASURES)


# --- one run's page ----------------------------------------------------------------------


def run_for_outcomes(pk: int) -> Run | None:
    return Run.objects.select_related("programme").filter(pk=pk).first()


def place_for_rating(pk: int) -> RunPlace | None:
    return (
        RunPlace.objects.select_related("run__programme", "referral__programme")
        .filter(pk=pk)
        .first()
    )


def follow_up_due(run: Run) -> date:
    return add_months(run.ends_on, FOLLOW_UP_MONTHS)


def opens_on(run: Run, point: str) -> date | None:
    """The first day `point` may be recorded (None: any day up to the first day)."""
    if point == RatingPoint.AFTER:
        return run.ends_on
    if point == RatingPoint.FOLLOW_UP:
        return follow_up_due(run)
    return None


def takes_part(run: Run, child: ReferredChild) -> bool:
    """The child is within the programme's ages on the run's first day."""
    programme, age = run.programme, age_on(child.date_of_birth, run.starts_on)
    return not (
        (programme.min_age is not None and age < programme.min_age)
        or (programme.max_age is not None and age > programme.max_age)
    )


def taking_part(place: RunPlace) -> list[ReferredChild]:
    return [c for c in place.referral.children.all() if takes_part(place.run, c)]


@dataclass
class FamilyRow:
    """A family who arrived: the parent's ratings and each taking-part child's, as
    (point, its label, the rating or None) in the order of POINTS."""

    place: RunPlace
    children: list[tuple[ReferredChild, list[tuple[str, str, ChildRating | None]]]]
    parent: list[tuple[str, str, ParentRating | None]]


def _cells(by_point: dict) -> list[tuple]:
    return [(p.value, p.label, by_point.get(p.value)) for p in POINTS]


def run_outcome_rows(run: Run) -> list[FamilyRow]:
    """The families who arrived, with each taking-part child's ratings and the
    parent's, by point (four queries whatever the number of families)."""
    places = list(
        RunPlace.objects.filter(run=run, status=RunPlace.Status.CONFIRMED)
        .select_related("referral")
        .prefetch_related("referral__children", "child_ratings", "parent_ratings")
        .order_by("referral__reference", "pk")
    )
    rows = []
    for place in places:
        place.run = run
        ratings = defaultdict(dict)
        for rating in place.child_ratings.all():
            ratings[rating.child_id][rating.point] = rating
        rows.append(
            FamilyRow(
                place=place,
                children=[(c, _cells(ratings[c.pk])) for c in taking_part(place)],
                parent=_cells({r.point: r for r in place.parent_ratings.all()}),
            )
        )
    return rows


# --- the report ----------------------------------------------------------------------------


@dataclass
class Group:
    """One run's or one year's figures."""

    key: str
    label: str
    runs: int = 0
    children: int = 0
    families: int = 0
    measures: list[dict] = field(default_factory=list)
    paths: list[Figure] = field(default_factory=list)


@dataclass
class RunReport:
    runs: list[Group]
    years: list[Group]
    all_runs: list[Run]  # for the filter's choices


def _scores(ratings) -> dict[tuple, dict[str, int]]:
    """{(who, measure): {point: score}} from (who, point, {measure: score}) rows."""
    scores: dict[tuple, dict[str, int]] = defaultdict(dict)
    for who, point, values in ratings:
        for measure, score in values.items():
            scores[(who, measure)][point] = score
    return scores


def _measure(key: str, by_person: list[dict[str, int]]) -> dict:
    both = [s for s in by_person if RatingPoint.BEFORE in s and RatingPoint.AFTER in s]
    later = [s for s in by_person if RatingPoint.BEFORE in s and RatingPoint.FOLLOW_UP in s]

    def improved(rows, point):
        return percent(sum(s[point] > s[RatingPoint.BEFORE] for s in rows), len(rows))

    def mean(rows, point):
        return _mean([s[point] for s in rows])

    label = MEASURE_LABELS[key]
    n, n_later = len(both), len(later)
    return {
        "key": key,
        "label": label,
        "n": n,
        "n_follow_up": n_later,
        "before": Figure(f"{key}_before", label, mean(both, RatingPoint.BEFORE), n, "mean"),
        "after": Figure(f"{key}_after", label, mean(both, RatingPoint.AFTER), n, "mean"),
        "improved": Figure(f"{key}_improved", label, improved(both, RatingPoint.AFTER), n, "%"),
        "follow_up": Figure(
            f"{key}_follow_up", label, mean(later, RatingPoint.FOLLOW_UP), n_later, "mean"
        ),
        "improved_follow_up": Figure(
            f"{key}_improved_follow_up",
            label,
            improved(later, RatingPoint.FOLLOW_UP),
            n_later,
            "%",
        ),
    }


def _group(key, label, runs, places, children, child_scores, parent_scores, paths) -> Group:
    run_ids = {r.pk for r in runs}
    place_ids = {p.pk for p in places if p.run_id in run_ids}
    child_keys = [(place_id, c) for place_id, c in children if place_id in place_ids]
    measures = []
    for measure, _label in MEASURES:
        if measure == "relationship":
            people = [parent_scores.get((pk, measure), {}) for pk in place_ids]
        else:
            people = [child_scores.get((k, measure), {}) for k in child_keys]
        measures.append(_measure(measure, people))
    counted = [paths[k] for k in child_keys]
    return Group(
        key=key,
        label=label,
        runs=len(runs),
        children=len(child_keys),
        families=len(place_ids),
        measures=measures,
        paths=[
            Figure(f"path_{p}", PATHS[p], counted.count(p), counted.count(p))
            for p in (BEFORE, AFTER, NONE)
        ],
    )


def started_runs(programme, *, today: date | None = None) -> list[Run]:
    """The programme's runs that have started and were not cancelled, oldest first."""
    today = today or timezone.localdate()
    return list(
        Run.objects.filter(
            programme=programme, status=Run.Status.PLANNED, starts_on__lte=today
        ).order_by("starts_on", "pk")
    )


def run_report(
    programme,
    *,
    year: int | None = None,
    run: Run | None = None,
    runs: list[Run] | None = None,
    today: date | None = None,
) -> RunReport:
    """The report's groups: each run that has started (not cancelled) and each year;
    `runs` (from `started_runs`) saves the query when the caller has them."""
    all_runs = started_runs(programme, today=today) if runs is None else runs
    runs = [
        r
        for r in all_runs
        if (year is None or r.starts_on.year == year) and (run is None or r.pk == run.pk)
    ]
    places = list(
        RunPlace.objects.filter(run__in=[r.pk for r in runs], status=RunPlace.Status.CONFIRMED)
    )
    run_of = {r.pk: r for r in runs}
    by_referral = {p.referral_id: p for p in places}
    steps = defaultdict(list)
    for step in SupportGroupStep.objects.filter(child__referral_id__in=by_referral):
        steps[step.child_id].append(step)
    children, paths = [], {}
    for child in ReferredChild.objects.filter(referral_id__in=by_referral):
        place = by_referral[child.referral_id]
        first_run = run_of[place.run_id]
        first_run.programme = programme
        if takes_part(first_run, child):
            key = (place.pk, child.pk)
            children.append(key)
            paths[key] = support_group_path(child, first_run.starts_on, steps[child.pk])
    child_scores = _scores(
        ((place_id, child_id), point, {"home": home, "talking": talking})
        for place_id, child_id, point, home, talking in ChildRating.objects.filter(
            place__in=places
        ).values_list("place_id", "child_id", "point", "home", "talking")
    )
    parent_scores = _scores(
        (place_id, point, {"relationship": score})
        for place_id, point, score in ParentRating.objects.filter(place__in=places).values_list(
            "place_id", "point", "relationship"
        )
    )
    common = (places, children, child_scores, parent_scores, paths)
    per_run = [_group(f"run-{r.pk}", r.starts_on, [r], *common) for r in runs]
    years = sorted({r.starts_on.year for r in runs})
    per_year = [
        _group(f"year-{y}", y, [r for r in runs if r.starts_on.year == y], *common) for y in years
    ]
    return RunReport(runs=per_run, years=per_year, all_runs=all_runs)
