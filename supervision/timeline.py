"""Supervision's entries on the placement timeline (registered with
placements.timeline.timeline_source at start-up, SupervisionConfig.ready).

Read from the records' own history, two queries however long the placement:
records signed and locked, sessions moved or cancelled, amendments started,
observations booked, cancelled, signed and locked. Like the rest of the
timeline it states what happened, when and by whom, never free text (reasons,
notes, feedback), because university roles read it.
"""

from __future__ import annotations

from django.db.models import Q

from placements.timeline import TimelineEvent, timeline_source
from portal.dates import long_date

from .models import Observation, SupervisionSession

_SESSION_TITLES = {
    "educator_sign": "Supervision of {date} signed by both and locked",
    "cancel": "Supervision of {date} cancelled",
    "move": "Supervision moved to {date}",
}
_OBSERVATION_TITLES = {
    "observer_sign": "Direct observation of {date} signed by both and locked",
    "cancel": "Direct observation of {date} cancelled",
}

# What an entry is made of (the history rows are wide: read only these).
_SHOWN = (
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user",
    "date",
)


@timeline_source
def supervision_events(placement) -> list[TimelineEvent]:
    events = []
    sessions = (
        SupervisionSession.history.filter(placement_id=placement.pk)
        .filter(
            Q(history_change_reason__in=list(_SESSION_TITLES))
            | Q(history_type="+", amends__isnull=False)
        )
        .select_related("history_user")
        .only(*_SHOWN)
        .order_by("history_date", "history_id")
    )
    for row in sessions:
        if row.history_type == "+":
            title = f"Amendment started to the supervision record of {long_date(row.date)}"
        else:
            title = _SESSION_TITLES[row.history_change_reason].format(date=long_date(row.date))
        events.append(TimelineEvent(row.history_date, "supervision", title, row.history_user))
    observations = (
        Observation.history.filter(placement_id=placement.pk)
        .filter(history_change_reason__in=list(_OBSERVATION_TITLES))
        .select_related("history_user")
        .only(*_SHOWN)
        .order_by("history_date", "history_id")
    )
    for row in observations:
        title = _OBSERVATION_TITLES[row.history_change_reason].format(date=long_date(row.date))
        events.append(TimelineEvent(row.history_date, "supervision", title, row.history_user))
    return events
