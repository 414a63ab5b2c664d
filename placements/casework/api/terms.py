"""School term dates in the API (read only): the terms and holidays of the schools
whose dates the caller manages, as on the term dates pages (selectors.terms): a
school contact's own schools, the schools whose pupils' records a co-ordinator's
service holds, every school for an admin.

GET /school-terms/               their terms, in date order, each with its holidays
GET /school-terms/?school={id}   one school's; a school outside the caller's reach
                                 is 404, a role that manages no school's dates 403
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from ninja import Field, Schema
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.permissions import permission

from ..selectors.terms import schools_managed_by, terms_of_schools
from . import router


class HolidayOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date = Field(..., description="The last day closed (the first, for one day).")


class TermOut(Schema):
    id: int
    school_id: int
    school: str = Field(..., description="The school's name.")
    name: str
    starts_on: dt.date
    ends_on: dt.date
    holidays: list[HolidayOut] = Field(..., description="Days closed within the term.")

    @staticmethod
    def resolve_school(obj) -> str:
        return obj.school.name

    @staticmethod
    def resolve_holidays(obj) -> list:
        return list(obj.holidays.all())


@router.get(
    "/school-terms/",
    response=list[TermOut],
    summary="Term dates of the schools whose dates you manage",
)
@paginate(Pagination, page_size=25)
@permission("casework.manage_school_terms")
def list_school_terms(request, school: int | None = None):
    schools = schools_managed_by(request.user)
    if school is not None:
        schools = schools.filter(pk=school)
        if not schools.exists():
            raise Http404("Not found")
    return terms_of_schools(schools)
