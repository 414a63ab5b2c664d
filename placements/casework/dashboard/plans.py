"""Dashboard panels: plans (a fixed number of queries each).

- Student: their plans in draft, agreed or active.
- School contact: their school's plans counted by status, and the open ones; a
  link to each of their schools' term dates (a hint to add them when there are none).
"""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context
from portal.waiting import waiting_item

from ..selectors import plans as reads
from ..selectors import waiting
from ..selectors.student import student_casework
from ..selectors.terms import school_term_dates

SHOWN = 10

waiting_item(
    Role.SCHOOL_CONTACT,
    "plans_to_agree",
    "Plans to agree",
    count=waiting.school_plans,
    order=10,
)


@panel_context(Role.STUDENT)
def student_plans(user) -> dict:
    return {"casework_plans_mine": student_casework(user, SHOWN).plans}


@panel_context(Role.SCHOOL_CONTACT)
def school_contact_plans(user) -> dict:
    return {
        "casework_plans_counts": reads.school_plan_counts(user),
        "casework_plans_open": reads.open_plans_for_school_contact(user, limit=SHOWN),
        "casework_term_schools": school_term_dates(user),
    }
