"""Placements in the API: the list, one placement, and status changes.

Scoped like the pages: a placement outside the caller's scope is 404. A status
change goes through the same service as the pages: 409 when the move is not
allowed from the current status, 403 when the caller may not take it, 422
naming every failed check (or the missing `reason`).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.permissions import object_permission, permission, require_object_permission
from portal.transitions import TransitionNotAllowed

from ..models import Placement, PlacementDay, ServiceUserGroup, SettingKind
from ..oversight import Rag, attach_rag, kept_rag_for, placement_rag_for
from ..selectors.lifecycle import placements_visible_to
from ..services.lifecycle import placement_transition
from ..transitions import TRANSITIONS, transitions_from
from . import router

RAG_DESCRIPTION = (
    "Progress status: red (act now), amber (keep an eye on it) or green; no_data when "
    "nothing is amber or red but the supervision records the status needs are not "
    "available yet. null for draft and finished placements, which show their status "
    "instead. The rules are listed with their thresholds in placements/oversight.py."
)
RAG_REASONS_DESCRIPTION = (
    "Why the progress status is what it is, worst first, one short sentence each "
    "(for example “12 days behind schedule”). Empty when green or not rated."
)


class PlacementOut(Schema):
    id: int
    student: str = Field(..., description="The student's name.")
    setting: str = Field(..., description="The host organisation and team.")
    practice_educator: str | None = Field(None, description="The practice educator's name.")
    setting_kind: SettingKind | Literal[""] = Field(
        ..., description="The kind of setting; empty when not recorded."
    )
    service_user_group: ServiceUserGroup | Literal[""] = Field(
        ..., description="The people the setting mostly works with; empty when not recorded."
    )
    statutory_tasks: bool = Field(..., description="Whether statutory tasks are available.")
    contrast_override_reason: str = Field(
        ...,
        description="Why a co-ordinator let the placement go ahead although it does not "
        "contrast with the student's other placement or neither offers statutory tasks; "
        "empty when the rule was not overridden.",
    )
    level: Placement.Level
    status: Placement.Status
    starts_on: date
    ends_on: date
    required_days: int
    confirmed_days: int = Field(
        ..., description="Days the practice educator has confirmed that count towards the total."
    )
    rag: Literal["red", "amber", "green", "no_data"] | None = Field(
        None, description=RAG_DESCRIPTION
    )
    rag_reasons: list[str] = Field(default_factory=list, description=RAG_REASONS_DESCRIPTION)

    @staticmethod
    def resolve_student(obj: Placement) -> str:
        return obj.student.name or obj.student.email

    @staticmethod
    def resolve_setting(obj: Placement) -> str:
        return f"{obj.host.name}, {obj.team}"

    @staticmethod
    def resolve_practice_educator(obj: Placement) -> str | None:
        educator = obj.practice_educator
        return (educator.name or educator.email) if educator else None

    @staticmethod
    def resolve_rag(obj: Placement) -> str | None:
        rag = _rag_of(obj)
        return rag.status if rag else None

    @staticmethod
    def resolve_rag_reasons(obj: Placement) -> list[str]:
        rag = _rag_of(obj)
        return list(rag.reasons) if rag else []


def _rag_of(obj: Placement) -> Rag | None:
    """The RAG status set on the row in bulk (RatedPagination, for lists); worked
    out for this one placement when a caller did not (a single placement)."""
    if not hasattr(obj, "rag"):
        attach_rag([obj], placement_rag_for([obj]))
    return obj.rag


class RatedPagination(Pagination):
    """Page numbers, with the RAG status of the page's placements read together (kept
    today, placements.rag_cache, or worked out for those not kept yet)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        rows = list(page[self.items_attribute])
        page[self.items_attribute] = attach_rag(rows, kept_rag_for(rows))
        return page


class TransitionIn(Schema):
    transition: str = Field(
        ...,
        description="One of: " + ", ".join(TRANSITIONS) + ".",
        examples=["confirm"],
    )
    reason: str = Field("", max_length=2000, description="Required when ending early.")


class NotAllowedOut(Schema):
    detail: str
    status: Placement.Status
    allowed: list[str] = Field(..., description="The moves allowed from the current status.")


def _with_confirmed_days(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    # A count per row, not a join and GROUP BY over every placement's days: grouped,
    # PostgreSQL aggregated all 200,000 days of 2,000 students to sort out a page
    # of 25 (1.2 s; issue 20). The page's count query leaves it out altogether.
    confirmed = (
        PlacementDay.objects.filter(
            placement=OuterRef("pk"),
            confirmed_at__isnull=False,
            kind__in=list(PlacementDay.COUNTED_KINDS),
        )
        .order_by()
        .values("placement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return placements.annotate(
        confirmed_days=Coalesce(Subquery(confirmed, output_field=IntegerField()), 0)
    ).order_by("-starts_on", "pk")


def _visible(request) -> QuerySet[Placement]:
    return _with_confirmed_days(placements_visible_to(request.user))


@router.get("/", response=list[PlacementOut], summary="Placements you can see")
@paginate(RatedPagination, page_size=25)
@permission("placements.list_placements")
def list_placements(request):
    return _visible(request)


@router.get("/{int:placement_id}", response=PlacementOut, summary="One placement")
@object_permission
def get_placement(request, placement_id: int):
    placement = get_object_or_404(_visible(request), pk=placement_id)
    return require_object_permission(request.user, placement)


@router.post(
    "/{int:placement_id}/transitions",
    response={200: PlacementOut, 409: NotAllowedOut},
    summary="Change a placement's status",
)
@object_permission
def transition_placement(request, placement_id: int, payload: TransitionIn):
    placement = require_object_permission(
        request.user, get_object_or_404(Placement, pk=placement_id)
    )
    try:
        placement_transition(
            placement=placement, name=payload.transition, by=request.user, reason=payload.reason
        )
    except TransitionNotAllowed as refused:
        return Status(
            409,
            {
                "detail": refused.messages[0],
                "status": placement.status,
                # Moves that follow from a record (a review, a report, a panel
                # decision) are made by recording it, not through this route.
                "allowed": [
                    t.name for t in transitions_from(placement.status) if t.recorded_by is None
                ],
            },
        )
    return _visible(request).get(pk=placement.pk)
