"""What the dashboard panels show about placements (portal.dashboard.panel_context).

Each provider makes a fixed number of queries, however many placements there
are; keys start with `placements_` so other apps' providers for the same
panel do not collide. Imported from PlacementsConfig.ready().
"""

from __future__ import annotations

from django.db.models import Count, Q

from portal.accounts.roles import Role
from portal.dashboard import panel_context

from .models import Placement

# The panels list at most this many placements and link to the full list.
PANEL_ROWS = 10

# Placements worth a panel row: set up but not yet finished.
OPEN_STATUSES = frozenset(Placement.LIVE_STATUSES | {Placement.Status.DRAFT})


def _rows(placements, *, limit: int = PANEL_ROWS) -> dict:
    """The first `limit` placements and how many there are, in two queries."""
    placements = placements.select_related("student", "host", "practice_educator").order_by(
        "starts_on", "pk"
    )
    return {"rows": list(placements[:limit]), "total": placements.count()}


@panel_context(Role.STUDENT)
def student_placements(user) -> dict:
    """The student's current placement(s): proposed onwards and not yet finished."""
    current = (
        Placement.objects.filter(student=user, status__in=Placement.LIVE_STATUSES)
        .select_related("host", "course", "practice_educator", "tutor")
        .order_by("starts_on", "pk")
    )
    return {"placements_current": list(current[:3])}


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_placements(user) -> dict:
    return {
        "placements_educated": _rows(
            Placement.objects.filter(practice_educator=user, status__in=Placement.LIVE_STATUSES)
        )
    }


@panel_context(Role.ONSITE_SUPERVISOR)
def supervisor_placements(user) -> dict:
    return {
        "placements_supervised": _rows(
            Placement.objects.filter(onsite_supervisor=user, status__in=Placement.LIVE_STATUSES)
        )
    }


@panel_context(Role.TUTOR)
def tutor_placements(user) -> dict:
    return {
        "placements_tutored": _rows(
            Placement.objects.filter(tutor=user, status__in=Placement.LIVE_STATUSES)
        )
    }


@panel_context(Role.COORDINATOR)
def coordinator_placements(user) -> dict:
    """Counts by status, and the open placements that still need a practice educator."""
    organisations = user.organisations_where(Role.COORDINATOR)
    coordinated = Placement.objects.filter(
        Q(host__in=organisations) | Q(course__university__in=organisations)
    )
    counts = {
        row["status"]: row["n"]
        for row in coordinated.order_by().values("status").annotate(n=Count("pk"))
    }
    by_status = [
        {"status": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Placement.Status.choices
        if counts.get(value)
    ]
    return {
        "placements_by_status": by_status,
        "placements_total": sum(counts.values()),
        "placements_without_educator": _rows(
            coordinated.filter(practice_educator__isnull=True, status__in=OPEN_STATUSES)
        ),
    }
