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
from portal.waiting import waiting_item

from .checklist import MET, OVERDUE, checklists_for
from .compliance import compliance_for_many
from .models import Observation, SupervisionSession
from .selectors import waiting
from .services.schedule import next_session_for

S = SupervisionSession.Status
O = Observation.Status  # noqa: E741 - reads as the model's status, like S above

# The parts of the panels, between placements' (10, and 30 after) and casework's (50).
panel_template(Role.PRACTICE_EDUCATOR, "supervision/dashboard/practice_educator.html", order=20)
panel_template(Role.STUDENT, "supervision/dashboard/student.html", order=20)
panel_template(Role.TUTOR, "supervision/dashboard/tutor.html", order=20)

# "Waiting for you" (portal.waiting), after placements' days and evidence (10, 20).
waiting_item(
    Role.PRACTICE_EDUCATOR,
    "records_to_sign",
    "Supervision records to write up and sign",
    count=waiting.educator_sessions,
    order=40,
    placements=lambda user: waiting.placements_of(waiting.sessions_for_educator(user)),
)
waiting_item(
    Role.PRACTICE_EDUCATOR,
    "observations_to_write_up",
    "Observations to write up",
    count=waiting.educator_observations,
    order=50,
    placements=lambda user: waiting.placements_of(waiting.observations_for_observer(user)),
)
waiting_item(
    Role.STUDENT,
    "records_to_reflect_on",
    "Supervision records to reflect on and sign",
    count=waiting.student_sessions,
    order=30,
    placements=lambda user: waiting.placements_of(waiting.sessions_for_student(user)),
)
waiting_item(
    Role.STUDENT,
    "observations_to_reflect_on",
    "Observations to reflect on and sign",
    count=waiting.student_observations,
    order=40,
    placements=lambda user: waiting.placements_of(waiting.observations_for_student(user)),
)

# The panels list at most this many rows of each kind.
PANEL_ROWS = 20

# What the panels read of a placement: the student's name, the dates and the course's
# rules (compliance and the checklist), so the rows are cheap to read.
_PLACEMENT_FIELDS = (
    "starts_on",
    "ends_on",
    "status",
    "student__name",
    "student__email",
    "course__weekly_supervision_minutes",
    "course__observations_total",
    "course__observations_by_educator",
    "course__observations_before_midpoint",
)


def _students_of(user) -> tuple[list[Placement], bool]:
    """The educator's live placements with `last_supervision` (the latest held session),
    at most PANEL_ROWS, and whether there are more (one query: no count)."""
    placements = (
        Placement.objects.filter(practice_educator=user, status__in=Placement.LIVE_STATUSES)
        .select_related("student", "course")
        .only(*_PLACEMENT_FIELDS)
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
    # The same records as "Waiting for you" counts (one query each for both).
    return {
        "supervision_students": {"rows": rows, "more": more},
        "supervision_waiting_sessions": waiting.educator_sessions_waiting(user)[:PANEL_ROWS],
        "supervision_waiting_observations": waiting.observer_observations_waiting(user)[
            :PANEL_ROWS
        ],
        "supervision_observations_due": observations_due,
    }


@panel_context(Role.STUDENT)
def student_supervision(user) -> dict:
    # The same records as "Waiting for you" counts (one query each for both).
    return {
        "supervision_next": next_session_for(user),
        "supervision_awaiting_sessions": waiting.student_sessions_waiting(user)[:PANEL_ROWS],
        "supervision_awaiting_observations": waiting.student_observations_waiting(user)[
            :PANEL_ROWS
        ],
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
        .only(*_PLACEMENT_FIELDS)
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
