"""What supervision adds to a placement's RAG status (placements.oversight).

Registered at start-up (SupervisionConfig.ready) with `rag_signal_source`, so
placements reads weekly supervision and direct observations without importing
this app. The data comes only through the two selectors' contracts
(supervision/selectors/); None from either means "cannot tell", which shows
as "no data", never green (issue 4). Each reason links to the placement's
supervision log or its observations (issue 22). The placement export's
supervision and observation figures are registered here too (`oversight_figures`).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from placements.oversight import (
    AMBER,
    NO_DATA,
    RED,
    oversight_figures,
    plural,
    rag_signal_source,
)
from portal.dates import long_date

from .selectors.observations import observations_done_for, observations_overdue_for
from .selectors.sessions import supervision_gaps_for, supervision_held_for

# Weekly supervision is a requirement of every placement (DOMAIN.md). One
# missed week is a gap to ask about (amber); from this many missed weeks the
# student is going without the support the placement depends on (red).
RED_SUPERVISION_WEEKS_MISSED = 2

# Direct observations are the main evidence the final report rests on. One
# overdue observation is amber; from this many the assessment itself is at
# risk (red).
RED_OBSERVATIONS_OVERDUE = 2


@rag_signal_source
def supervision_signals_for(placements, *, today: date) -> dict[int, list[tuple[str, str]]]:
    """Weekly supervision's, then direct observations', reasons for each placement."""
    gaps = supervision_gaps_for(placements, today=today)
    overdue = observations_overdue_for(placements, today=today)
    return {
        placement.pk: [
            *_supervision_signals(
                gaps.get(placement.pk), reverse("supervision:session_list", args=[placement.pk])
            ),
            *_observation_signals(
                overdue.get(placement.pk),
                reverse("supervision:observation_list", args=[placement.pk]),
            ),
        ]
        for placement in placements
    }


def _supervision_signals(missed_weeks, log: str) -> list:
    if missed_weeks is None:
        return [(NO_DATA, "Weekly supervision: no data yet", log)]
    if not missed_weeks:
        return []
    severity = RED if len(missed_weeks) >= RED_SUPERVISION_WEEKS_MISSED else AMBER
    latest = max(missed_weeks)
    return [
        (
            severity,
            f"Weekly supervision missed in {plural(len(missed_weeks), 'week')} "
            f"(latest the week of {long_date(latest)})",
            log,
        )
    ]


def _observation_signals(overdue, observations: str) -> list:
    if overdue is None:
        return [(NO_DATA, "Direct observations: no data yet", observations)]
    severity = RED if len(overdue) >= RED_OBSERVATIONS_OVERDUE else AMBER
    return [
        (
            severity,
            f"Direct observation overdue: {observation.description} "
            f"(due by {long_date(observation.due_on)})",
            observations,
        )
        for observation in sorted(overdue, key=lambda o: o.due_on)
    ]


@oversight_figures(
    "Supervision sessions held",
    "Last supervision held",
    "Direct observations done",
    "Direct observations required",
)
def supervision_figures_for(placements) -> dict[int, list]:
    """The placement export's figures: supervision sessions held and the last one's
    date, direct observations done and the course's total (two queries)."""
    pks = [placement.pk for placement in placements]
    held = supervision_held_for(pks)
    done = observations_done_for(pks)
    return {
        placement.pk: [
            *held.get(placement.pk, (0, None)),
            done.get(placement.pk, 0),
            placement.course.observations_total,
        ]
        for placement in placements
    }
