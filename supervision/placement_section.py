"""What the placement page shows about supervision: a section registered with
placements.sections at start-up (SupervisionConfig.ready).

Each part comes from its own module, with a fixed number of queries:
the supervision records, the week-by-week compliance strip and the direct
observation checklist; and, for the people it is for, the link to the portfolio
pack for the assessment panel (supervision/portfolio.py).
"""

from __future__ import annotations

from placements.sections import placement_page_section

from .checklist import observation_checklist
from .compliance import compliance_for
from .selectors.sessions import sessions_for_placement


@placement_page_section("supervision/placement/section.html")
def section_context(placement, user) -> dict:
    return {
        "supervision_sessions": sessions_for_placement(placement, user),
        "supervision_compliance": compliance_for(placement),
        "observation_checklist": observation_checklist(placement),
        "can_export_portfolio": user.has_perm("supervision.export_portfolio", placement),
    }
