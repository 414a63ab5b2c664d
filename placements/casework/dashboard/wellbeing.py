"""Dashboard panels: wellbeing.

The practice educator sees their students' children with first and last totals
and the change; co-ordinators see how many children have both measures and a
link to the report.
"""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context

from ..selectors.wellbeing import coordinator_wellbeing_summary, educator_wellbeing

EDUCATOR_ROWS = 10


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_wellbeing_panel(user) -> dict:
    rows = educator_wellbeing(user, limit=EDUCATOR_ROWS + 1)
    return {
        "casework_wellbeing_rows": rows[:EDUCATOR_ROWS],
        "casework_wellbeing_more": len(rows) > EDUCATOR_ROWS,
    }


@panel_context(Role.COORDINATOR)
def coordinator_wellbeing_panel(user) -> dict:
    if not user.has_perm("casework.view_wellbeing_report"):
        return {}
    return {"casework_wellbeing": coordinator_wellbeing_summary(user)}
