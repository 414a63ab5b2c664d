"""Assessments in the API: GET /assessments/ lists the assessments you can see,
each with its referral date, due date (45 working days after the referral) and
working days left (negative once overdue), counted with the one calendar of
bank holidays. A child protection enquiry (kind "section_47") also has its
strategy discussion, its initial child protection conference's due date (15
working days after the strategy discussion), working days to it and the day it
was held. POST /assessments/ starts one through the same service as the page
(a student is never accountable for a child protection enquiry: 422 naming
`social_worker` or `kind`, with the rule's source). Children appear by
reference only; school contacts and university roles are refused (403)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.api_types import Pagination
from portal.permissions import object_permission, permission, require_permission
from portal.workingdays import WorkingDays

from ..models import Allocation, Assessment, Child
from ..selectors import allocation_current
from ..selectors.assessments import assessment_list_for, with_days_left
from ..selectors.requests import members
from ..services.assessments import assessment_create
from . import router
from .plans import ChildRefOut

# Ids are kept inside the 64-bit integers the databases hold: a larger one is a
# 422 naming the field, not a failed query.


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


class AssessmentIn(Schema):
    child: int = Field(..., ge=1, le=2**63 - 1)
    kind: Assessment.Kind = Assessment.Kind.CHILD_AND_FAMILY
    referral_date: dt.date
    start_date: dt.date
    strategy_discussion_on: dt.date | None = Field(
        None, description='Needed for a child protection enquiry (kind "section_47").'
    )
    social_worker: int = Field(
        ..., ge=1, le=2**63 - 1, description="The accountable qualified social worker's id."
    )
    student: int | None = Field(
        None, ge=1, le=2**63 - 1, description="A student allocated work with the child."
    )


@router.post(
    "/assessments/",
    response={201: AssessmentOut},
    summary="Start an assessment or a child protection enquiry",
)
@object_permission
def create_assessment(request, payload: AssessmentIn):
    """Who: as on the page, a team manager, co-ordinator or social worker (naming
    themself) of the service holding the child's record, or an administrator. A
    child outside that scope is 404. People are chosen among the child's service's
    social workers and the students allocated work with the child, so a refusal
    never names anyone else."""
    require_permission(request.user, "casework.add_assessment")
    child = Child.objects.select_related("held_by").filter(pk=payload.child).first()
    if child is None or not request.user.has_perm("casework.add_assessment", child):
        raise Http404("Not found")
    allocated = Allocation.objects.filter(allocation_current(), child=child).values("student")
    candidates = User.objects.filter(is_active=True)
    social_worker = candidates.filter(
        pk__in=[u.pk for u in members(child.held_by, Role.SOCIAL_WORKER)]
        + list(allocated.values_list("student", flat=True))
    ).filter(pk=payload.social_worker)
    student = None
    if payload.student is not None:
        student = candidates.filter(pk__in=allocated, pk=payload.student).first()
        if student is None:
            raise ValidationError(
                {"student": "Choose a student with current direct work allocated with this child."}
            )
    assessment = assessment_create(
        by=request.user,
        child=child,
        kind=payload.kind,
        referral_date=payload.referral_date,
        start_date=payload.start_date,
        strategy_discussion_on=payload.strategy_discussion_on,
        social_worker=social_worker.first(),
        student=student,
    )
    fresh = Assessment.objects.select_related("child", "social_worker", "student").get(
        pk=assessment.pk
    )
    [fresh] = with_days_left([fresh])
    return Status(201, fresh)
