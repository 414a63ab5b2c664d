"""Supervision records in the API (issue 5, requirement 8). Paths are whole:
the router is mounted at /api/v1/.

GET    /supervision/?placement={id}  a placement's records, newest first, paginated
POST   /supervision/                 the practice educator books a session
GET    /supervision/{id}             one record
PATCH  /supervision/{id}             the practice educator writes the record while it is
                                     being written (status "draft")
POST   /supervision/{id}/sign        the caller signs, when it is their turn

Scoped like the pages: a placement or record outside the caller's scope is
404, a step the caller may not take on a record they can see is 403. Every
write goes through supervision.services, so the answers are theirs:

- 409: the record is locked (signed by both), or it is not waiting for a
  signature (sign);
- 422: bad input, naming the field; also a PATCH on a record that is not being
  written but is not locked either (waiting for a signature): the message says
  to take it back first. That is 422 rather than 409 because taking it back is
  an ordinary step the caller can take, whereas 409 means "this can never
  change" or "nothing to sign".
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from placements.models import Capability, Placement
from portal.api_types import LocalTime, Pagination
from portal.permissions import object_permission, require_object_permission

from ..models import SupervisionSession
from ..record_parts import attach_signatures, with_parts
from ..services.sessions import session_create, session_record_save
from ..services.workflow import sign_record
from . import router

Arrangement = SupervisionSession.Arrangement
Mode = SupervisionSession.Mode


class DomainOut(Schema):
    id: int
    title: str


class ActionOut(Schema):
    id: int
    description: str
    owner: str = Field(..., description="The name of the person who owns the action.")
    due_on: dt.date
    done: bool
    carried_forward: bool = Field(..., description="Copied from the previous record, still open.")

    @staticmethod
    def resolve_owner(obj) -> str:
        return str(obj.owner)

    @staticmethod
    def resolve_carried_forward(obj) -> bool:
        return obj.carried_from_id is not None


class SignatureOut(Schema):
    capacity: SupervisionSession.Capacity
    signer: str = Field(..., description="The name of the person who signed.")
    signed_at: dt.datetime

    @staticmethod
    def resolve_signer(obj) -> str:
        return str(obj.signer)


class SessionOut(Schema):
    id: int
    placement: int
    status: SupervisionSession.Status
    locked: bool = Field(..., description="True once both have signed: nothing changes it now.")
    locked_at: dt.datetime | None
    date: dt.date
    starts_at: dt.time
    duration_minutes: int
    arrangement: SupervisionSession.Arrangement
    mode: SupervisionSession.Mode
    attendees: str
    agenda_wellbeing: str
    agenda_workload: str
    agenda_learning: str
    agenda_reflection: str
    agenda_case_discussion: str
    agenda_actions_review: str
    notes: str
    domains: list[DomainOut] = Field(..., description="The PCF domains discussed.")
    actions: list[ActionOut]
    student_reflection: str
    signatures: list[SignatureOut]
    amends: int | None = Field(
        None, description="The record this one corrects (an amendment), or null."
    )
    amendment_reason: str

    @staticmethod
    def resolve_placement(obj) -> int:
        return obj.placement_id

    @staticmethod
    def resolve_locked(obj) -> bool:
        return obj.is_locked

    @staticmethod
    def resolve_domains(obj) -> list:
        return list(obj.domains_discussed.all())

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())

    @staticmethod
    def resolve_signatures(obj) -> list:
        if not hasattr(obj, "signature_list"):
            attach_signatures([obj])
        return obj.signature_list

    @staticmethod
    def resolve_amends(obj) -> int | None:
        return obj.amends_id


class SessionIn(Schema):
    placement: int
    date: dt.date
    starts_at: LocalTime
    duration_minutes: int = Field(90, description="5 to 480.")
    arrangement: Arrangement = Arrangement.ONE_TO_ONE
    mode: Mode = Mode.IN_PERSON


class SessionPatch(Schema):
    """The practice educator's part of the record; send only what changes."""

    date: dt.date | None = None
    starts_at: LocalTime | None = None
    duration_minutes: int | None = None
    arrangement: Arrangement | None = None
    mode: Mode | None = None
    attendees: str | None = Field(None, max_length=5000)
    agenda_wellbeing: str | None = Field(None, max_length=20000)
    agenda_workload: str | None = Field(None, max_length=20000)
    agenda_learning: str | None = Field(None, max_length=20000)
    agenda_reflection: str | None = Field(None, max_length=20000)
    agenda_case_discussion: str | None = Field(
        None, max_length=20000, description="Anonymised: never a child's or family's name."
    )
    agenda_actions_review: str | None = Field(None, max_length=20000)
    notes: str | None = Field(None, max_length=20000)
    domains: list[int] | None = Field(
        None, description="Ids of the PCF domains discussed (replaces the list)."
    )


class SignedPagination(Pagination):
    """Page numbers, with the signatures of the page's records fetched together."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page[self.items_attribute] = attach_signatures(page[self.items_attribute])
        return page


def _session(request, session_id: int) -> SupervisionSession:
    session = get_object_or_404(with_parts(SupervisionSession.objects.all()), pk=session_id)
    return require_object_permission(request.user, session)


def _fresh(session_id: int) -> SupervisionSession:
    return with_parts(SupervisionSession.objects.all()).get(pk=session_id)


@router.get(
    "/supervision/",
    response=list[SessionOut],
    summary="A placement's supervision records, newest first",
)
@paginate(SignedPagination, page_size=25)
@object_permission
def list_sessions(request, placement: int):
    chosen = require_object_permission(request.user, get_object_or_404(Placement, pk=placement))
    return with_parts(SupervisionSession.objects.filter(placement=chosen)).order_by(
        "-date", "-starts_at", "-pk"
    )


@router.post("/supervision/", response={201: SessionOut}, summary="Book a supervision session")
@object_permission
def create_session(request, payload: SessionIn):
    placement = get_object_or_404(Placement, pk=payload.placement)
    require_object_permission(request.user, placement)
    session = session_create(
        placement=placement,
        by=request.user,
        date=payload.date,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        arrangement=payload.arrangement,
        mode=payload.mode,
    )
    return Status(201, _fresh(session.pk))


@router.get("/supervision/{int:session_id}", response=SessionOut, summary="One supervision record")
@object_permission
def get_session(request, session_id: int):
    return _session(request, session_id)


@router.patch(
    "/supervision/{int:session_id}",
    response=SessionOut,
    summary="Write the record (practice educator, while it is being written)",
)
@object_permission
def update_session(request, session_id: int, payload: SessionPatch):
    session = _session(request, session_id)
    changes = payload.dict(exclude_unset=True)
    domain_ids = changes.pop("domains", None)
    domains = None
    if domain_ids is not None:
        domains = list(Capability.objects.filter(pk__in=set(domain_ids)))
        if len(domains) != len(set(domain_ids)):
            raise ValidationError({"domains": "One or more of the domains does not exist."})
    session_record_save(session=session, by=request.user, domains=domains, **changes)
    return _fresh(session.pk)


@router.post(
    "/supervision/{int:session_id}/sign",
    response=SessionOut,
    summary="Sign the record (the student first, then the practice educator)",
)
@object_permission
def sign_session(request, session_id: int):
    session = _session(request, session_id)
    sign_record(record=session, by=request.user)
    return _fresh(session.pk)
