"""Children in the API: lists carry initials and reference only; one child's
record, with their parents or carers, is logged as a read of the record."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Schema
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.audit.services import record_access
from portal.permissions import object_permission, permission, require_object_permission

from .. import selectors
from ..models import Child
from ..models.children import CHILD_DETAILS
from . import router

API_VIEW_PURPOSE = "Read the child's record through the API"


class ChildSummaryOut(Schema):
    id: int
    reference: str
    initials: str
    school: str = Field(..., description="The school's name.")
    year_group: Child.YearGroup

    @staticmethod
    def resolve_school(obj) -> str:
        return obj.school.name


class CarerOut(Schema):
    id: int
    name: str
    relationship: str
    phone: str
    email: str
    address: str
    has_parental_responsibility: bool
    is_main_contact: bool


class AllocationOut(Schema):
    id: int
    student: str = Field(..., description="The student's name.")
    practice_educator: str = Field(..., description="The practice educator's name.")
    starts_on: dt.date
    ends_on: dt.date | None

    @staticmethod
    def resolve_student(obj) -> str:
        return str(obj.student)

    @staticmethod
    def resolve_practice_educator(obj) -> str:
        return str(obj.practice_educator)


class ChildOut(ChildSummaryOut):
    first_name: str
    last_name: str
    preferred_name: str
    date_of_birth: dt.date
    gender: str = Field(..., description="As the child describes it, where they do.")
    ethnicity: str
    la_case_number: str | None = Field(
        ..., description="The local authority case number; null for a school contact."
    )
    carers: list[CarerOut]
    allocations: list[AllocationOut]

    @staticmethod
    def resolve_gender(obj) -> str:
        return obj.get_gender_label()

    @staticmethod
    def resolve_carers(obj) -> list:
        return list(obj.carers.all())

    @staticmethod
    def resolve_allocations(obj) -> list:
        return list(obj.allocations.all())


@router.get("/children/", response=list[ChildSummaryOut], summary="The children you work with")
@paginate(Pagination, page_size=25)
@permission("casework.list_children")
def list_children(request, reference: str = ""):
    return selectors.child_list_for(request.user, reference=reference)


@router.get("/children/{int:child_id}", response=ChildOut, summary="One child's record (logged)")
@object_permission
def get_child(request, child_id: int):
    child = selectors.child_for_page(child_id)
    if child is None:
        raise Http404("Not found")
    require_object_permission(request.user, child, scope="casework.view_child")
    record_access(request.user, child, API_VIEW_PURPOSE, path=request.path)
    if not request.user.has_perm(CHILD_DETAILS, child):
        child.la_case_number = None
    return child
