"""Referrals in the portal API (issue 18, requirement 10), mounted at /api/v1/.

- `POST /referrals/`: a partner agency's social worker refers a family with
  their personal API token. The same checks as the public form (the one service,
  services.referrals.referral_receive); a refused referral writes nothing and
  answers 422 naming each field (a child's fields as `child_<n>_<field>`, n
  counting from 1). 201 with `id`, `reference`, `status` and `contact_due_date`:
  the referrer sees nothing more of the referral, here or anywhere.
  With `"route": "interest"`, the body is a family's registration of interest in
  a programme run in runs (the Children's Program, issue 19): api_interest,
  the public form's service and checks, answered with the reference and the
  family's eligibility. Each programme takes one route: the other is refused
  with a 422 naming `route`.
- `GET /referrals/` and `GET /referrals/{id}`: the programme's staff (scope as
  on the pages: selectors.scope); every referral read is logged, a list's page
  with one row per referral.
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Schema, Status
from ninja.pagination import paginate
from pydantic import Discriminator, Tag

from portal.api_types import Pagination
from portal.audit.services import record_access, record_accesses
from portal.permissions import object_permission, permission, require_object_permission
from portal.workingdays import WorkingDays

from .api import router
from .api_interest import InterestCreatedOut, InterestIn, register_interest
from .models import Programme, Referral, SocialCareStatus
from .selectors.intake import contact_flag, referral_for_page, referral_list_for
from .services.referrals import ChildDetails, referral_receive

API_PURPOSE = "Read a programme referral through the API"
API_LIST_PURPOSE = "Listed a programme referral through the API"

MAX_CHILDREN = 10


class ReferredChildIn(Schema):
    name: str = Field(..., max_length=120)
    date_of_birth: dt.date
    social_care_status: SocialCareStatus
    lives_with_parent: bool


class ReferralIn(Schema):
    route: Referral.Route = Field(
        Referral.Route.REFERRAL,
        description='"referral" (left out: the same) for a professional\'s referral; '
        '"interest" for a family\'s registration of interest, with the fields of InterestIn.',
    )
    programme: int = Field(..., ge=1, le=2**63 - 1)
    referrer_name: str = Field(..., max_length=120)
    referrer_local_authority: str = Field(..., max_length=120)
    referrer_team: str = Field(..., max_length=120)
    referrer_email: str = Field(..., max_length=254)
    referrer_phone: str = Field(..., max_length=40)
    children_open_to_services: bool = Field(
        ..., description="The children are open to children's services."
    )
    meets_threshold: bool = Field(
        ..., description="The answer to the programme's threshold question."
    )
    parent_name: str = Field(..., max_length=120)
    parent_date_of_birth: dt.date
    parent_gender: Referral.Gender
    parent_phone: str = Field("", max_length=40)
    parent_email: str = Field("", max_length=254)
    parent_address: str = Field(..., max_length=2000)
    substances: str = Field(..., max_length=2000)
    treatment_so_far: str = Field("", max_length=2000)
    parent_consent: bool = Field(..., description="The parent agrees to this referral.")
    needs_creche: bool = False
    interpreter_language: str = Field("", max_length=60)
    access_needs: str = Field("", max_length=2000)
    home_visit_risks: str = Field("", max_length=2000)
    children: list[ReferredChildIn] = Field(..., min_length=1, max_length=MAX_CHILDREN)


class ReferralCreatedOut(Schema):
    id: int
    reference: str
    status: Referral.Status
    contact_due_date: dt.date = Field(
        ...,
        description="The parent is contacted by this day (working days, bank holidays "
        "not counted).",
    )


def _route(body) -> str:
    route = body.get("route") if isinstance(body, dict) else getattr(body, "route", None)
    return "interest" if route == Referral.Route.INTEREST else "referral"


# The body is one of the two, by its `route` (a professional's when left out).
ReferralOrInterestIn = Annotated[
    Annotated[ReferralIn, Tag("referral")] | Annotated[InterestIn, Tag("interest")],
    Discriminator(_route),
]


@router.post(
    "/referrals/",
    response={201: InterestCreatedOut | ReferralCreatedOut},
    summary="Refer a family to a programme, or register a family's interest in one",
)
@permission("programmes.refer_by_api")
def create_referral(request, payload: Body[ReferralOrInterestIn]):
    programme = Programme.objects.filter(pk=payload.programme).first()
    if programme is None:
        raise Http404("Not found")
    if isinstance(payload, InterestIn):
        return Status(201, register_interest(request, programme, payload))
    if programme.runs_in_runs:
        message = _(
            '%(programme)s takes registrations of interest from families: send "route": '
            '"interest" with the family\'s answers.'
        )
        raise ValidationError({"route": message % {"programme": programme.name}})
    parent = payload.dict(exclude={"route", "programme", "children"})
    referral = referral_receive(
        programme=programme,
        parent=parent,
        children=[
            ChildDetails(
                number=n,
                name=child.name,
                date_of_birth=child.date_of_birth,
                social_care_status=child.social_care_status,
                lives_with_parent=child.lives_with_parent,
            )
            for n, child in enumerate(payload.children, start=1)
        ],
    )
    return Status(
        201,
        {
            "id": referral.pk,
            "reference": referral.reference,
            "status": referral.status,
            "contact_due_date": referral.contact_due_on,
        },
    )


class ReferralRowOut(Schema):
    id: int
    reference: str
    programme: int = Field(..., alias="programme_id")
    status: Referral.Status
    received_at: dt.datetime
    contact_due_date: dt.date = Field(..., alias="contact_due_on")
    contacted_on: dt.date | None = Field(..., description="The day the parent was first reached.")
    contact_flag: str = Field(
        ..., description='"overdue", "due" (within 3 working days) or "" for the first contact.'
    )
    care_coordinator: str | None

    @staticmethod
    def resolve_contact_flag(obj) -> str:
        flag = getattr(obj, "contact_flag_now", None)  # set for a list's page at once
        return contact_flag(obj, timezone.localdate()) if flag is None else flag

    @staticmethod
    def resolve_care_coordinator(obj) -> str | None:
        return str(obj.care_coordinator) if obj.care_coordinator_id else None


class ReferralFilters(Schema):
    status: str = Field("", description='A status, or "open" (received or allocated).')
    programme: int | None = Field(None, ge=1, le=2**63 - 1)


class LoggedPagination(Pagination):
    """Each referral on the page is a read of the family's record: one log row each."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        rows = list(page[self.items_attribute])
        today, calendar = timezone.localdate(), WorkingDays()
        for row in rows:
            row.contact_flag_now = contact_flag(row, today, calendar)
        record_accesses(request.user, rows, API_LIST_PURPOSE, path=request.path)
        page[self.items_attribute] = rows
        return page


@router.get("/referrals/", response=list[ReferralRowOut], summary="Your programmes' referrals")
@paginate(LoggedPagination, page_size=25)
@permission("programmes.list_referrals")
def list_referrals(request, filters: Query[ReferralFilters]):
    programme = None
    if filters.programme is not None:
        programme = Programme.objects.filter(pk=filters.programme).first()
        if programme is None:
            raise Http404("Not found")
    statuses = {"", "open", *Referral.Status.values}
    if filters.status not in statuses:
        raise ValidationError({"status": "Give a status of a referral, or “open”."})
    return referral_list_for(request.user, status=filters.status, programme=programme)


class ReferredChildOut(Schema):
    name: str
    date_of_birth: dt.date
    social_care_status: SocialCareStatus
    lives_with_parent: bool


class ReferralOut(ReferralRowOut):
    referrer_name: str
    referrer_local_authority: str
    referrer_team: str
    referrer_email: str
    referrer_phone: str
    parent_name: str
    parent_date_of_birth: dt.date
    parent_gender: Referral.Gender
    parent_phone: str
    parent_email: str
    parent_address: str
    substances: str
    treatment_so_far: str
    parent_consent: bool
    needs_creche: bool
    interpreter_language: str
    access_needs: str
    home_visit_risks: str
    assessment_on: dt.date | None
    outcome_reason: str
    children: list[ReferredChildOut]

    @staticmethod
    def resolve_children(obj) -> list:
        return list(obj.children.all())


@router.get("/referrals/{int:referral_id}", response=ReferralOut, summary="One referral")
@object_permission
def get_referral(request, referral_id: int):
    referral = referral_for_page(referral_id)
    if referral is None:
        raise Http404("Not found")
    require_object_permission(request.user, referral, scope="programmes.view_referral")
    record_access(request.user, referral, API_PURPOSE, path=request.path)
    return referral
