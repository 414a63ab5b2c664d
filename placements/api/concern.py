"""Causes for concern in the API: a placement's concerns, and raising one.

Scoped like the pages (placements/views/concern.py): 404 when the placement is
outside the caller's scope, 403 when they may see it but not raise a concern,
422 naming the field for a refused concern (the service's own refusals).
"""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.permissions import object_permission, require_object_permission

from ..models import Concern, Placement
from ..services.concern import concern_raise
from . import router


class ConcernOut(Schema):
    id: int
    stage: int = Field(..., description="1: practice educator and student; 2: the tutor joins.")
    stage_label: str
    status: Concern.Status
    summary: str
    action_plan: str
    outcome: str
    raised_by: str = Field(..., description="The name of the person who raised it.")
    raised_at: datetime
    resolved_at: datetime | None

    @staticmethod
    def resolve_stage_label(obj: Concern) -> str:
        return obj.get_stage_display()

    @staticmethod
    def resolve_raised_by(obj: Concern) -> str:
        return obj.raised_by.name or obj.raised_by.email


class ConcernIn(Schema):
    summary: str = Field(..., max_length=5000, description="What the concern is.")
    action_plan: str = Field(
        ..., max_length=5000, description="What the student and practice educator will do."
    )


def _placement(request, placement_id: int, action: str | None = None) -> Placement:
    placement = get_object_or_404(
        Placement.objects.select_related("course", "course__university"), pk=placement_id
    )
    return require_object_permission(request.user, placement, action)


@router.get(
    "/{int:placement_id}/concerns",
    response=list[ConcernOut],
    summary="A placement's causes for concern, newest first",
)
@paginate(Pagination, page_size=25)
@object_permission
def list_concerns(request, placement_id: int):
    placement = _placement(request, placement_id)
    return (
        Concern.objects.filter(placement=placement)
        .select_related("raised_by")
        .order_by("-raised_at", "-pk")
    )


@router.post(
    "/{int:placement_id}/concerns",
    response={201: ConcernOut},
    summary="Raise a cause for concern (stage 1)",
)
@object_permission
def raise_concern(request, placement_id: int, payload: ConcernIn):
    placement = _placement(request, placement_id, "placements.raise_concern")
    concern = concern_raise(
        placement=placement,
        by=request.user,
        summary=payload.summary,
        action_plan=payload.action_plan,
    )
    return Status(201, concern)
