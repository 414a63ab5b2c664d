"""Reads for a run's own pages (issue 19, requirement 4): the programme's runs, one
run with its days, leaders, families and attendance grid, and the families who
have arrived (the daily register).

Which children take part is decided on the run's first day: the family's children
who are within the programme's ages then (the invitation counted the same ones).
The parent is on the register only on the programme's parent days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from portal.dates import age_on

from ..models import Leader, Programme, ReferredChild, Run, RunAttendance, RunPlace


def run_for_page(pk: int) -> Run | None:
    return Run.objects.select_related("programme__provider").filter(pk=pk).first()


def place_for_arrival(pk: int) -> RunPlace | None:
    return (
        RunPlace.objects.select_related("run__programme", "referral__programme")
        .prefetch_related("referral__children")
        .filter(pk=pk)
        .first()
    )


def _held_children():
    held = (
        RunPlace.objects.filter(run=OuterRef("pk"), status__in=RunPlace.HOLDING)
        .values("run")
        .annotate(n=Sum("children_count"))
        .values("n")
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), Value(0))


def runs_of(programme: Programme, *, today: date) -> list[Run]:
    """The programme's runs: those not over yet (soonest first), then past ones (latest
    first). Each has `held`, `places_left`, `leader_count`, `leaders_complete` and
    `is_past` (one query)."""
    runs = list(
        Run.objects.filter(programme=programme)
        .annotate(
            held=_held_children(),
            leader_count=Count("leaders", distinct=True),
            # Certified on every day: issued by the first day, valid to the last.
            covered=Count(
                "leaders",
                filter=Q(
                    leaders__issued_on__lte=F("starts_on"),
                    leaders__expires_on__gte=F("ends_on"),
                ),
                distinct=True,
            ),
        )
        .order_by("starts_on", "pk")
    )
    needed = programme.leaders_per_run or 1
    for run in runs:
        run.places_left = run.places - run.held
        run.leaders_complete = run.leader_count >= needed and run.covered == run.leader_count
        run.is_past = run.ends_on < today
    upcoming = [run for run in runs if not run.is_past]
    past = [run for run in runs if run.is_past]
    return upcoming + list(reversed(past))


def day_number(run: Run, day: date) -> int | None:
    """1 for the run's first day ... None for a day that is not one of the run's."""
    number = (day - run.starts_on).days + 1
    return number if 1 <= number <= len(run.days) else None


def is_parent_day(run: Run, day: date) -> bool:
    return day_number(run, day) in run.programme.parent_day_numbers


def taking_part(run: Run, children) -> list[ReferredChild]:
    """The children within the programme's ages on the run's first day, each with
    `age` on that day."""
    programme, first = run.programme, run.starts_on
    found = []
    for child in children:
        age = age_on(child.date_of_birth, first)
        if programme.min_age is not None and age < programme.min_age:
            continue
        if programme.max_age is not None and age > programme.max_age:
            continue
        child.age = age
        found.append(child)
    return found


def sober_days_on_first_day(place: RunPlace) -> int | None:
    """The parent's sobriety on the run's first day, from the date confirmed on
    arrival if there is one, else the one told at the invitation."""
    since = place.sober_since_on_arrival or place.sober_since
    return (place.run.starts_on - since).days if since else None


def _places(run: Run, statuses) -> list[RunPlace]:
    places = list(
        RunPlace.objects.filter(run=run, status__in=statuses)
        .select_related("referral")
        .prefetch_related("referral__children")
        .order_by("referral__parent_name", "pk")
    )
    for place in places:
        place.run = run  # the run already read, with its programme
        place.children_taking_part = taking_part(run, place.referral.children.all())
        place.sober_days = sober_days_on_first_day(place)
    return places


def arrived_places(run: Run) -> list[RunPlace]:
    """The families who have arrived, with `children_taking_part` (two queries)."""
    return _places(run, [RunPlace.Status.CONFIRMED])


def recorded_on(run: Run, day: date) -> dict[tuple[int, int | None], bool]:
    """{(place id, child id or None for the parent): present} on `day` (one query)."""
    rows = RunAttendance.objects.filter(place__run=run, day=day).values_list(
        "place_id", "child_id", "present"
    )
    return {(place, child): present for place, child, present in rows}


@dataclass
class GridRow:
    place: RunPlace
    name: str
    is_parent: bool
    cells: list[bool | None | str] = field(default_factory=list)  # "" where not expected


@dataclass
class RunPage:
    run: Run
    days: list[tuple[int, date, bool]]  # number, date, a parent day
    leaders: list[Leader]
    places: list[RunPlace]
    places_left: int
    grid: list[GridRow]


def run_page(run: Run) -> RunPage:
    """Everything the run's page shows (five queries, whatever the number of families)."""
    parent_days = run.programme.parent_day_numbers
    days = [(n, day, n in parent_days) for n, day in enumerate(run.days, start=1)]
    places = _places(run, RunPlace.HOLDING)
    marks = {
        (place, child, day): present
        for place, child, day, present in RunAttendance.objects.filter(place__run=run).values_list(
            "place_id", "child_id", "day", "present"
        )
    }
    grid = []
    for place in places:
        if place.status != RunPlace.Status.CONFIRMED:
            continue
        for child in place.children_taking_part:
            row = GridRow(place, child.name, False)
            row.cells = [marks.get((place.pk, child.pk, day)) for _n, day, _p in days]
            grid.append(row)
        row = GridRow(place, place.referral.parent_name, True)
        row.cells = [marks.get((place.pk, None, day)) if p else "" for _n, day, p in days]
        grid.append(row)
    held = sum(place.children_count for place in places)
    return RunPage(
        run=run,
        days=days,
        leaders=list(run.leaders.order_by("name", "pk")),
        places=places,
        places_left=run.places - held,
        grid=grid,
    )


def leaders_to_choose(programme: Programme) -> list[Leader]:
    return list(Leader.objects.filter(programme=programme).order_by("name", "pk"))


def held_children(run: Run) -> int:
    return (
        RunPlace.objects.filter(run=run, status__in=RunPlace.HOLDING).aggregate(
            n=Sum("children_count")
        )["n"]
        or 0
    )
