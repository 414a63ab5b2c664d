"""Programmes in the portal API, mounted at /api/v1/ (paths are whole).

- `GET /programmes/`: the programmes the caller works on (selectors.scope), paginated;
- `GET /programmes/{id}/outcomes?from=&to=`: the evaluation's figures for the
  enrolments completed with an end date in the range (selectors.evaluation,
  the same as the page). A suppressed figure (a group under 5) is null and named
  in `suppressed`. A programme the caller does not work on is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.permissions import object_permission, require_object_permission, signed_in

from .models import Programme
from .selectors.evaluation import programme_evaluation
from .selectors.scope import programmes_of

router = Router(tags=["programmes"])


class ProgrammeOut(Schema):
    id: int
    slug: str
    name: str
    kind: Programme.Kind


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
