"""Assessments in the API: GET /assessments/ lists the assessments you can see,
each with its referral date, due date (45 working days after the referral) and
working days left (negative once overdue), counted with the one calendar of
bank holidays. Children appear by reference only; school contacts and
university roles are refused (403)."""

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
    status: Assessment.Status
    referral_date: dt.date
    start_date: dt.date
    due_date: dt.date
    working_days_left: int = Field(
        ..., description="Working days until the due date; negative once it has passed."
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
def list_assessments(request, status: str = "", timing: str = ""):
    """`timing`: "due_soon" (within 5 working days) or "overdue"."""
    return assessment_list_for(request.user, status=status, timing=timing).select_related(
        "child", "social_worker", "student"
    )
