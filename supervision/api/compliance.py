"""Weekly supervision against the course minimum, in the API (issue 5, req. 8).

GET /placements/{id}/supervision-compliance (whole path: the router is mounted
at /api/v1/). Whoever sees the placement reads it; 404 otherwise.
"""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Field, Schema

from placements.models import Placement
from portal.permissions import object_permission, require_object_permission

from ..compliance import compliance_for
from . import router


class ComplianceWeekOut(Schema):
    week_starting: date = Field(..., description="The Monday of the week.")
    minutes: int = Field(..., description="Supervision minutes held in the week.")
    minimum: int
    placement_days: int
    counted: bool = Field(
        ..., description="False for weeks without placement days, or still to come."
    )
    met: bool | None = Field(..., description="null when the week is not counted.")


class ComplianceOut(Schema):
    minimum: int = Field(..., description="The course's weekly supervision minimum, in minutes.")
    percentage: int | None = Field(
        ..., description="Counted weeks that met the minimum, as a percentage; null if none yet."
    )
    weeks: list[ComplianceWeekOut]


@router.get(
    "/placements/{int:placement_id}/supervision-compliance",
    response=ComplianceOut,
    summary="A placement's weekly supervision against the course minimum",
)
@object_permission
def placement_compliance(request, placement_id: int):
    placement = get_object_or_404(Placement.objects.select_related("course"), pk=placement_id)
    require_object_permission(request.user, placement)
    compliance = compliance_for(placement)
    return {
        "minimum": compliance.minimum,
        "percentage": compliance.percentage,
        "weeks": [
            {
                "week_starting": week.monday,
                "minutes": week.minutes,
                "minimum": week.minimum,
                "placement_days": week.placement_days,
                "counted": week.counted,
                "met": week.met,
            }
            for week in compliance.weeks
        ],
    }
