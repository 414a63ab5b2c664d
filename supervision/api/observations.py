"""API routes: direct observations (see supervision/api/__init__.py).

`GET /observations/?placement={id}` lists a placement's observations, oldest
first, paginated. Scoped like the pages: a placement outside the caller's scope
answers 404, as if it did not exist.
"""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from placements.models import Placement
from portal.api_types import Pagination
from portal.permissions import object_permission, require_object_permission

from ..models import Observation
from ..selectors.observations import observations_for_placement
from . import router


class ObservationOut(Schema):
    id: int
    placement: int = Field(..., description="The placement's id.")
    observer: str = Field(..., description="The observer's name.")
    observer_role: Observation.ObserverRole
    date: date
    setting: str
    status: Observation.Status
    locked: bool = Field(..., description="True once the student and the observer have signed.")

    @staticmethod
    def resolve_placement(obj: Observation) -> int:
        return obj.placement_id

    @staticmethod
    def resolve_observer(obj: Observation) -> str:
        return obj.observer.name or obj.observer.email

    @staticmethod
    def resolve_locked(obj: Observation) -> bool:
        return obj.is_locked


@router.get(
    "/observations/",
    response=list[ObservationOut],
    summary="A placement's direct observations, oldest first",
)
@paginate(Pagination, page_size=25)
@object_permission
def list_observations(
    request, placement: int = Query(..., description="The placement whose observations to list.")
):
    record = get_object_or_404(Placement, pk=placement)
    require_object_permission(request.user, record, scope="placements.view_placement")
    return observations_for_placement(record)
