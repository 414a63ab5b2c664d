"""What supervision adds to a placement's RAG status (placements.oversight).

Registered at start-up (SupervisionConfig.ready) with `rag_signal_source`, so
placements reads weekly supervision and direct observations without importing
this app. The data comes only through the two selectors' contracts
(supervision/selectors/); None from either means "cannot tell", which shows
as "no data", never green (issue 4).
"""

from __future__ import annotations

from datetime import date

from placements.oversight import AMBER, NO_DATA, RED, plural, rag_signal_source
from portal.dates import long_date

from .selectors.observations import observations_overdue_for
from .selectors.sessions import supervision_gaps_for

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
            *_supervision_signals(gaps.get(placement.pk)),
            *_observation_signals(overdue.get(placement.pk)),
        ]
        for placement in placements
    }


def _supervision_signals(missed_weeks) -> list:
    if missed_weeks is None:
        return [(NO_DATA, "Weekly supervision: no data yet")]
    if not missed_weeks:
        return []
    severity = RED if len(missed_weeks) >= RED_SUPERVISION_WEEKS_MISSED else AMBER
    latest = max(missed_weeks)
    return [
        (
            severity,
            f"Weekly supervision missed in {plural(len(missed_weeks), 'week')} "
            f"(latest the week of {long_date(latest)})",
        )
    ]


def _observation_signals(overdue) -> list:
    if overdue is None:
        return [(NO_DATA, "Direct observations: no data yet")]
    severity = RED if len(overdue) >= RED_OBSERVATIONS_OVERDUE else AMBER
    return [
        (
            severity,
            f"Direct observation overdue: {observation.description} "
            f"(due by {long_date(observation.due_on)})",
        )
        for observation in sorted(overdue, key=lambda o: o.due_on)
    ]
