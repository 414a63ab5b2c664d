"""Direct work in the API: plans, and their sessions (read, and logged by students).

GET  /direct-work/plans/                 plans you can see (children by reference)
GET  /direct-work/plans/{id}/sessions    a plan's sessions; notes only for those who
                                         may read them (never a school contact), and
                                         each child's voice and notes only for the
                                         children the reader works with (a group);
                                         each read is logged for every child on it
POST /direct-work/plans/{id}/sessions    the student logs one of the plan's sessions
                                         (by its number), through the same service
                                         as the page: 403 not theirs, 422 bad input
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.pagination import paginate

from portal.api_types import Pagination
from portal.audit.services import record_access
from portal.permissions import object_permission, permission, require_object_permission

from ..models import DirectWorkPlan, DirectWorkSession, SessionAttendance
from ..selectors.plans import plan_list_for, readable_children
from ..selectors.sessions import sessions_for_plan
from ..services.sessions import session_log
from . import router

SESSIONS_READ_PURPOSE = "Read a plan's direct-work sessions through the API"


class ChildRefOut(Schema):
    id: int
    reference: str
    initials: str


class PlanOut(Schema):
    id: int
    school: str
    format: DirectWorkPlan.Format
    status: DirectWorkPlan.Status
    children: list[ChildRefOut]
    themes: list[str]
    planned_sessions: int
    sessions_logged: int
    first_session_on: dt.date
    session_time: dt.time

    @staticmethod
    def resolve_school(obj) -> str:
        return obj.school.name

    @staticmethod
    def resolve_children(obj) -> list:
        return [member.child for member in obj.members.all()]

    @staticmethod
    def resolve_themes(obj) -> list[str]:
        return [theme.name for theme in obj.themes.all()]


class AttendanceOut(Schema):
    child: ChildRefOut
    attended: bool
    child_voice: str | None = Field(
        ...,
        description="Null where you may not read notes, or (in a group) this child's words.",
    )
    notes: str | None


class DirectWorkSessionOut(Schema):
    id: int
    number: int
    planned_on: dt.date
    planned_time: dt.time
    status: DirectWorkSession.Status
    review: DirectWorkSession.Review
    theme: str | None
    cancelled_by: str
    activities: str | None = Field(..., description="Null where you may not read notes.")
    observations: str | None
    next_steps: str | None
    review_comments: str | None
    attendance: list[AttendanceOut]


class AttendanceIn(Schema):
    child: int = Field(..., description="The child's id (see /children/).")
    attended: bool
    child_voice: str = Field("", max_length=20000, description="What the child said.")
    notes: str = Field("", max_length=20000)


class SessionLogIn(Schema):
    number: int = Field(..., description="Which of the plan's sessions (1, 2, ...).")
    outcome: DirectWorkSession.Status = Field(..., description="held, did_not_attend or cancelled.")
    theme: int | None = Field(None, description="A theme id.")
    activities: str = Field("", max_length=20000)
    observations: str = Field("", max_length=20000)
    next_steps: str = Field("", max_length=20000)
    cancelled_by: str = ""
    cancel_reason: str = Field("", max_length=5000)
    attendance: list[AttendanceIn] = Field(
        default_factory=list, description="One entry per child on the plan."
    )


def _session_out(session: DirectWorkSession, *, notes: bool, readable: frozenset[int]) -> dict:
    """The session as the reader may see it: `notes` for the session's own notes, and
    each child's voice and notes only for the children in `readable`
    (selectors.plans.readable_children)."""

    def hidden(value: str, child_id: int | None = None) -> str | None:
        return value if notes and (child_id is None or child_id in readable) else None

    return {
        "id": session.pk,
        "number": session.number,
        "planned_on": session.planned_on,
        "planned_time": session.planned_time,
        "status": session.status,
        "review": session.review,
        "theme": session.theme.name if session.theme else None,
        "cancelled_by": session.cancelled_by,
        "activities": hidden(session.activities),
        "observations": hidden(session.observations),
        "next_steps": hidden(session.next_steps),
        "review_comments": hidden(session.review_comments),
        "attendance": [
            {
                "child": row.child,
                "attended": row.attended,
                "child_voice": hidden(row.child_voice, row.child_id),
                "notes": hidden(row.notes, row.child_id),
            }
            for row in session.attendance.all()
        ],
    }


def _plan(request, plan_id: int) -> DirectWorkPlan:
    plan = get_object_or_404(DirectWorkPlan.objects.select_related("school"), pk=plan_id)
    return require_object_permission(request.user, plan, scope="casework.view_plan")


def _with_attendance(sessions):
    return sessions.prefetch_related(
        Prefetch(
            "attendance",
            queryset=SessionAttendance.objects.select_related("child").order_by("child__reference"),
        )
    )


@router.get("/direct-work/plans/", response=list[PlanOut], summary="Direct-work plans")
@paginate(Pagination, page_size=25)
@permission("casework.list_plans")
def list_plans(request, status: str = ""):
    return plan_list_for(request.user, status=status).prefetch_related("themes")


@router.get(
    "/direct-work/plans/{int:plan_id}/sessions",
    response=list[DirectWorkSessionOut],
    summary="A plan's sessions (logged as a read of each child's record)",
)
@paginate(Pagination, page_size=25)
@object_permission
def list_sessions(request, plan_id: int):
    plan = _plan(request, plan_id)
    notes = request.user.has_perm("casework.view_plan_notes", plan)
    readable = readable_children(request.user, plan)
    for member in plan.members.select_related("child"):
        record_access(request.user, member.child, SESSIONS_READ_PURPOSE, path=request.path)
    sessions = _with_attendance(sessions_for_plan(plan))
    return [_session_out(session, notes=notes, readable=readable) for session in sessions]


@router.post(
    "/direct-work/plans/{int:plan_id}/sessions",
    response=DirectWorkSessionOut,
    summary="Log one of the plan's sessions",
)
@object_permission
def log_session(request, plan_id: int, payload: SessionLogIn):
    plan = _plan(request, plan_id)
    session = get_object_or_404(DirectWorkSession, plan=plan, number=payload.number)
    session_log(
        session=session,
        by=request.user,
        outcome=payload.outcome,
        theme=payload.theme,
        activities=payload.activities,
        observations=payload.observations,
        next_steps=payload.next_steps,
        cancelled_by=payload.cancelled_by,
        cancel_reason=payload.cancel_reason,
        attendance=[entry.dict() for entry in payload.attendance],
    )
    fresh = _with_attendance(sessions_for_plan(plan)).get(pk=session.pk)
    return _session_out(fresh, notes=True, readable=readable_children(request.user, plan))
