"""The day ledger in the API: a placement's days, recording a day, the ledger figures.

Scoped like the pages: 404 outside the caller's scope, 403 for a refused action,
422 naming the field for a refused day (the same service refusals as the form).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import get_type_hints

from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.pagination import paginate
from pydantic import create_model

from portal.api_types import Pagination
from portal.permissions import object_permission, require_object_permission

from ..ledger import Ledger, ledger_for
from ..models import Placement, PlacementDay
from ..services.ledger import day_record
from . import router


class DayOut(Schema):
    id: int
    date: date
    kind: str
    hours: Decimal
    note: str
    makes_up_missed_day: bool
    confirmed: bool
    confirmed_at: datetime | None

    @staticmethod
    def resolve_confirmed(obj) -> bool:
        return obj.confirmed_at is not None


class DayIn(Schema):
    date: date
    kind: PlacementDay.Kind
    hours: Decimal = Field(..., max_digits=4, decimal_places=2)
    note: str = Field("", max_length=2000)
    makes_up_missed_day: bool = False


# The figures of placements.ledger.Ledger, as the API answers them: all but
# expected_to_date, which only the pages use.
LedgerOut = create_model(
    "LedgerOut",
    __base__=Schema,
    **{
        name: (kind, ...)
        for name, kind in get_type_hints(Ledger).items()
        if name != "expected_to_date"
    },
)


def _placement(request, placement_id: int, action: str | None = None) -> Placement:
    placement = get_object_or_404(Placement, pk=placement_id)
    return require_object_permission(request.user, placement, action)


@router.get("/{placement_id}/days", response=list[DayOut])
@paginate(Pagination, page_size=25)
@object_permission
def list_days(request, placement_id: int):
    placement = _placement(request, placement_id)
    return PlacementDay.objects.filter(placement=placement).order_by("date", "pk")


@router.post("/{placement_id}/days", response={201: DayOut})
@object_permission
def record_day(request, placement_id: int, payload: DayIn):
    placement = _placement(request, placement_id, "placements.record_day")
    day = day_record(
        placement=placement,
        by=request.user,
        date=payload.date,
        kind=payload.kind,
        hours=payload.hours,
        note=payload.note,
        makes_up_missed_day=payload.makes_up_missed_day,
    )
    return Status(201, day)


@router.get("/{placement_id}/ledger", response=LedgerOut)
@object_permission
def placement_ledger(request, placement_id: int):
    return ledger_for(_placement(request, placement_id))
