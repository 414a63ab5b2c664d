"""Assessments in the API: GET /assessments/ lists the assessments you can see,
each with its referral date, due date (45 working days after the referral) and
working days left (negative once overdue), counted with the one calendar of
bank holidays. A child protection enquiry (kind "section_47") also has its
strategy discussion, its initial child protection conference's due date (15
working days after the strategy discussion), working days to it and the day it
was held. Children appear by reference only; school contacts and university
roles are refused (403)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.permissions import permission
from portal.workingdays import WorkingDays

from ..models import Assessment
from ..selectors.assessments import assessment_list_for, with_days_left
from . import router
from .plans import ChildRefOut


class AssessmentOut(Schema):
    id: int
    child: ChildRefOut
    kind: Assessment.Kind
    status: Assessment.Status
    referral_date: dt.date
    start_date: dt.date
    due_date: dt.date
    working_days_left: int = Field(
        ..., description="Working days until the due date; negative once it has passed."
    )
    strategy_discussion_on: dt.date | None = Field(
        ..., description="A child protection enquiry's strategy discussion."
    )
    conference_due_on: dt.date | None = Field(
        ...,
        description="The initial child protection conference is due by this day: 15 working "
        "days after the strategy discussion.",
    )
    conference_held_on: dt.date | None
    conference_working_days_left: int | None = Field(
        ...,
        description="Working days until the initial conference is due; negative once it has "
        "passed; null for a child and family assessment.",
    )
    conference_overdue: bool = Field(
        ..., description="An open enquiry whose initial conference is past due and not held."
    )
    recommendation: str
    social_worker: str = Field(..., description="The accountable qualified social worker.")
    student: str | None = Field(..., description="The student co-worker, if any.")
    completed_on: dt.date | None
    on_time: bool | None = Field(..., description="Authorised within 45 working days.")

    @staticmethod
    def resolve_working_days_left(obj) -> int:
        return obj.days_left

    @staticmethod
    def resolve_conference_working_days_left(obj) -> int | None:
        return obj.conference_days_left

    @staticmethod
    def resolve_social_worker(obj) -> str:
        return str(obj.social_worker)

    @staticmethod
    def resolve_student(obj) -> str | None:
        return str(obj.student) if obj.student_id else None


class CountedPagination(Pagination):
    """Page numbers, with each row's working days left counted on one calendar."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page[self.items_attribute] = with_days_left(
            page[self.items_attribute], calendar=WorkingDays()
        )
        return page


@router.get("/assessments/", response=list[AssessmentOut], summary="Assessments you can see")
@paginate(CountedPagination, page_size=25)
@permission("casework.list_assessments")
def list_assessments(request, status: str = "", timing: str = "", kind: str = ""):
    """`timing`: "due_soon" (within 5 working days) or "overdue", or the same of a child
    protection enquiry's initial conference: "conference_due_soon", "conference_overdue".
    `kind`: "child_and_family" or "section_47"."""
    return assessment_list_for(
        request.user, status=status, timing=timing, kind=kind
    ).select_related("child", "social_worker", "student")
