"""Dashboard panels: open safeguarding concerns and how long they have been open
(two queries each)."""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context

from ..selectors import safeguarding as reads

SHOWN = 10


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_concerns(user) -> dict:
    return {
        "casework_safeguarding_open": reads.open_concerns_for(
            user, parts=(Role.PRACTICE_EDUCATOR,), limit=SHOWN
        )
    }


@panel_context(Role.COORDINATOR)
def coordinator_concerns(user) -> dict:
    if not reads.holding_organisations(user):
        return {"casework_safeguarding_open": None}
    return {
        "casework_safeguarding_open": reads.open_concerns_for(
            user, parts=(Role.COORDINATOR,), limit=SHOWN
        )
    }


@panel_context(Role.SCHOOL_CONTACT)
def school_lead_concerns(user) -> dict:
    """Only a school's designated safeguarding lead sees its open concerns."""
    return {
        "casework_safeguarding_open": reads.open_concerns_for(
            user, parts=(Role.SCHOOL_CONTACT,), limit=SHOWN
        )
    }
