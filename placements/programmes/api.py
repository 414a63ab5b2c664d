"""Programmes in the portal API, mounted at /api/v1/ (paths are whole).

- `GET /programmes/`: the programmes the caller works on (selectors.scope), paginated,
  each with its kind and what describes it as data (length, the parent's days,
  ages, sobriety and treatment stages for a programme run in runs);
- `GET /programmes/{id}/runs/?from=`: a programme run in runs (issue 19,
  requirement 9): its planned runs, not started yet unless `from` asks for
  earlier ones, with their days, venue, places and places left
  (selectors.runs.runs_with_places, as the waiting list counts them). Anyone
  signed in may read them; the leaders' names only the programme's staff
  (programmes.view_programme), everyone else the number of leaders. An unknown
  programme, or one families join without runs, is a 404;
- `GET /programmes/{id}/outcomes?from=&to=`: the evaluation's figures for the
  enrolments completed with an end date in the range (selectors.evaluation,
  the same as the page). A suppressed figure (a group under 5) is null and named
  in `suppressed`. A programme the caller does not work on is a 404.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.permissions import object_permission, require_object_permission, signed_in

from .models import Programme, Run, TreatmentStage
from .selectors.evaluation import programme_evaluation
from .selectors.runs import runs_with_places
from .selectors.scope import programmes_of

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    id: int
    slug: str
    name: str
    kind: Programme.Kind
    entry: Programme.Entry = Field(
        ..., description='"runs": families join a run with set dates (see .../runs/).'
    )
    length_weeks: int | None
    length_days: int | None = Field(..., description="A run's consecutive days.")
    parent_days: list[int] = Field(
        ..., description="The days of a run the parent attends, by number (1 is the first)."
    )
    group_size: int | None = Field(..., description="Children per run.")
    min_age: int | None = Field(..., description="The youngest age on a run's first day.")
    max_age: int | None = Field(..., description="The oldest age on a run's first day.")
    min_sober_days: int | None = Field(
        ..., description="Days of the parent's continuous sobriety on a run's first day."
    )
    treatment_stages: list[TreatmentStage] = Field(
        ..., description="Where a parent may be in their treatment (empty: not asked)."
    )
    leaders_per_run: int = Field(..., description="Certified leaders each run needs.")

    @staticmethod
    def resolve_parent_days(obj) -> list[int]:
        return list(obj.parent_day_numbers)


class OutcomesIn(Schema):
    date_from: dt.date | None = Field(
        None, alias="from", description="Enrolments that ended on or after this date."
    )
    date_to: dt.date | None = Field(
        None, alias="to", description="Enrolments that ended on or before this date."
    )


class OutcomesOut(Schema):
    programme: int
    date_from: dt.date | None = Field(..., description="The range's start, as asked.")
    date_to: dt.date | None = Field(..., description="The range's end, as asked.")
    enrolments: int = Field(..., description="Enrolments completed in the range.")
    n_children: int = Field(..., description="Children on those enrolments' referrals.")
    cp_plans_baseline: int | None
    cp_plans_3m: int | None
    cp_plans_12m: int | None
    cp_reduction_3m: int | None = Field(..., description="Whole-number percentage.")
    cp_reduction_12m: int | None = Field(..., description="Whole-number percentage.")
    looked_after_12m: int | None = Field(
        ..., description="Percentage who became looked after by 12 months after completing."
    )
    n: dict[str, int] = Field(..., description="The group size behind each figure.")
    suppressed: list[str] = Field(
        ..., description="Figures about fewer than 5 (null above), by name."
    )
    checks_still_due: int = Field(..., description="Follow-up checks not recorded yet.")


FIGURES = (
    "cp_plans_baseline",
    "cp_plans_3m",
    "cp_plans_12m",
    "cp_reduction_3m",
    "cp_reduction_12m",
    "looked_after_12m",
)


@router.get("/programmes/", response=list[ProgrammeOut], summary="The programmes you work on")
@paginate(Pagination, page_size=25)
@signed_in
def list_programmes(request):
    return programmes_of(request.user).order_by("name", "pk")


class RunsIn(Schema):
    date_from: dt.date | None = Field(
        None,
        alias="from",
        description="Runs whose first day is on or after this date (an earlier date "
        "includes recent runs). Left out: the runs that have not started yet.",
    )


class RunOut(Schema):
    id: int
    first_day: dt.date
    last_day: dt.date
    parent_days: list[dt.date] = Field(..., description="The days the parent joins.")
    venue: str
    places: int = Field(..., description="Places for children.")
    places_left: int = Field(..., description="Places not held by an invited or arrived family.")
    leader_count: int
    leaders: list[str] | None = Field(
        ..., description="The leaders' names: for the programme's staff only, null for others."
    )


def run_rows(programme: Programme, runs: list[Run], *, with_names: bool) -> list[dict]:
    """The runs as the API gives them (the leaders of all of them in one query)."""
    prefetch_related_objects(runs, "leaders")
    numbers = programme.parent_day_numbers
    rows = []
    for run in runs:
        days, leaders = run.days, list(run.leaders.all())
        rows.append(
            {
                "id": run.pk,
                "first_day": run.starts_on,
                "last_day": run.ends_on,
                "parent_days": [days[n - 1] for n in numbers if n <= len(days)],
                "venue": run.venue,
                "places": run.places,
                "places_left": run.places_left,
                "leader_count": len(leaders),
                "leaders": [leader.name for leader in leaders] if with_names else None,
            }
        )
    return rows


@router.get(
    "/programmes/{int:programme_id}/runs/",
    response=list[RunOut],
    summary="A programme's planned runs, with places left",
)
@paginate(Pagination, page_size=25)
@signed_in
def list_runs(request, programme_id: int, filters: Query[RunsIn]):
    programme = Programme.objects.filter(pk=programme_id, entry=Programme.Entry.RUNS).first()
    if programme is None:
        raise Http404("Not found")
    after = timezone.localdate()
    if filters.date_from is not None:
        # The day before `from` (runs_with_places counts runs starting after it).
        after = max(filters.date_from, dt.date.min + dt.timedelta(days=1)) - dt.timedelta(days=1)
    with_names = request.user.has_perm("programmes.view_programme", programme)
    runs = runs_with_places(programme, after=after)
    return run_rows(programme, runs, with_names=with_names)


@router.get(
    "/programmes/{int:programme_id}/outcomes",
    response=OutcomesOut,
    summary="A programme's outcome figures for enrolments completed in a range",
)
@object_permission
def programme_outcomes(request, programme_id: int, filters: Query[OutcomesIn]):
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        raise Http404("Not found")
    require_object_permission(
        request.user, programme, "programmes.view_evaluation", scope="programmes.view_programme"
    )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError({"from": "The start of the range must be on or before its end."})
    evaluation = programme_evaluation(
        programme, date_from=filters.date_from, date_to=filters.date_to
    )
    figures = {key: evaluation.value(key) for key in FIGURES}
    return {
        "programme": programme.pk,
        "date_from": filters.date_from,
        "date_to": filters.date_to,
        "enrolments": evaluation.enrolments,
        "n_children": evaluation.n_children,
        **figures,
        "n": {key: evaluation.figures[key].n for key in FIGURES},
        "suppressed": [key for key in FIGURES if evaluation.figures[key].suppressed],
        "checks_still_due": evaluation.checks_still_due,
    }
