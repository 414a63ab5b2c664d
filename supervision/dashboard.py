"""What the dashboard panels show about supervision (portal.dashboard.panel_context).

Issue 5, requirement 9. The practice educator sees their students with the
date of their last supervision, the records waiting for them, and the direct
observations due; the student sees their next session and what waits for
their reflection or signature; the tutor sees each student's supervision
compliance and observations. Each provider makes a fixed number of queries
however many placements there are; keys start with `supervision_`.
Imported from SupervisionConfig.ready().
"""

from __future__ import annotations

from django.db.models import Max, Q

from placements.models import Placement
from portal.accounts.roles import Role
from portal.dashboard import panel_context, panel_template

from .checklist import MET, OVERDUE, checklists_for
from .compliance import compliance_for_many
from .models import Observation, SupervisionSession
from .services.schedule import next_session_for

S = SupervisionSession.Status
O = Observation.Status  # noqa: E741 - reads as the model's status, like S above

# The parts of the panels, between placements' (10, and 30 after) and casework's (50).
panel_template(Role.PRACTICE_EDUCATOR, "supervision/dashboard/practice_educator.html", order=20)
panel_template(Role.STUDENT, "supervision/dashboard/student.html", order=20)
panel_template(Role.TUTOR, "supervision/dashboard/tutor.html", order=20)

# The panels list at most this many rows of each kind.
PANEL_ROWS = 20


def _students_of(user) -> tuple[list[Placement], bool]:
    """The educator's live placements with `last_supervision` (the latest held session),
    at most PANEL_ROWS, and whether there are more (one query: no count)."""
    placements = (
        Placement.objects.filter(practice_educator=user, status__in=Placement.LIVE_STATUSES)
        .select_related("student", "course")
        .annotate(
            last_supervision=Max(
                "supervision_sessions__date",
                filter=Q(supervision_sessions__status__in=SupervisionSession.HELD_STATUSES),
            )
        )
        .order_by("starts_on", "pk")
    )
    rows = list(placements[: PANEL_ROWS + 1])
    return rows[:PANEL_ROWS], len(rows) > PANEL_ROWS


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_supervision(user) -> dict:
    rows, more = _students_of(user)
    checklists = checklists_for(rows, slim=True)
    # The lines of each course's observation rule not met yet (due or overdue).
    observations_due = [
        (placement, line)
        for placement in rows
        if placement.pk in checklists
        for line in checklists[placement.pk].lines
        if line.state != MET
    ]
    waiting_sessions = (
        SupervisionSession.objects.filter(
            placement__practice_educator=user, status__in=[S.DRAFT, S.AWAITING_EDUCATOR]
        )
        .select_related("placement", "placement__student")
        .order_by("date", "starts_at", "pk")
    )
    waiting_observations = (
        Observation.objects.filter(observer=user, status__in=[O.DRAFT, O.AWAITING_OBSERVER])
        .select_related("placement", "placement__student")
        .order_by("date", "pk")
    )
    return {
        "supervision_students": {"rows": rows, "more": more},
        "supervision_waiting_sessions": list(waiting_sessions[:PANEL_ROWS]),
        "supervision_waiting_observations": list(waiting_observations[:PANEL_ROWS]),
        "supervision_observations_due": observations_due,
    }


@panel_context(Role.STUDENT)
def student_supervision(user) -> dict:
    sessions = (
        SupervisionSession.objects.filter(placement__student=user, status=S.AWAITING_STUDENT)
        .select_related("placement", "placement__practice_educator")
        .order_by("date", "starts_at", "pk")
    )
    observations = (
        Observation.objects.filter(placement__student=user, status=O.AWAITING_STUDENT)
        .select_related("placement", "observer")
        .order_by("date", "pk")
    )
    return {
        "supervision_next": next_session_for(user),
        "supervision_awaiting_sessions": list(sessions[:PANEL_ROWS]),
        "supervision_awaiting_observations": list(observations[:PANEL_ROWS]),
    }


@panel_context(Role.TUTOR)
def tutor_supervision(user) -> dict:
    """Weekly supervision and observations of the tutor's own students, placement by
    placement: the compliance percentage, the short weeks and the observation rule
    (a fixed number of queries: the placements, compliance's and the checklist's)."""
    placements = list(
        Placement.objects.filter(tutor=user, status__in=Placement.LIVE_STATUSES)
        .exclude(status=Placement.Status.PROPOSED)
        .select_related("student", "course")
        .order_by("starts_on", "pk")[:PANEL_ROWS]
    )
    compliance = compliance_for_many(placements)
    checklists = checklists_for(placements, slim=True)
    rows = []
    for placement in placements:
        lines = checklists[placement.pk].lines if placement.pk in checklists else ()
        rows.append(
            {
                "placement": placement,
                "compliance": compliance[placement.pk],
                "observations_done": max((line.done for line in lines), default=0),
                "observations_required": max((line.required for line in lines), default=0),
                "observations_overdue": sum(1 for line in lines if line.state == OVERDUE),
            }
        )
    return {"supervision_tutor_rows": rows}
