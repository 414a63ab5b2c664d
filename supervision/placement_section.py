"""What the placement page shows about supervision (placements.views.lifecycle reads it).

Each part comes from its own module, with a fixed number of queries:
the supervision records, the week-by-week compliance strip and the direct
observation checklist.
"""

from __future__ import annotations

from .checklist import observation_checklist
from .compliance import compliance_for
from .selectors import sessions_for_placement


def section_context(placement, user) -> dict:
    return {
        "supervision_sessions": sessions_for_placement(placement, user),
        "supervision_compliance": compliance_for(placement),
        "observation_checklist": observation_checklist(placement),
    }
