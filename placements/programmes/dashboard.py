"""Dashboard panels (a fixed number of queries each): a programme's intake for its
co-ordinators and workers (new referrals to allocate, parents due or overdue for
first contact), and for a student the group sessions they co-facilitate."""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context, panel_template

from .rules import works_on_any_programme
from .selectors.cofacilitation import co_facilitating_counts
from .selectors.intake import intake_counts

TEMPLATE = "programmes/dashboard/intake.html"
STUDENT_TEMPLATE = "programmes/dashboard/co_facilitating.html"


def _intake(user) -> dict:
    if not works_on_any_programme(user):
        return {"programmes_intake": None}
    return {"programmes_intake": intake_counts(user)}


for _role in (Role.PROGRAMME_WORKER, Role.COORDINATOR):
    panel_context(_role)(_intake)
    panel_template(_role, TEMPLATE, order=60)


@panel_context(Role.STUDENT)
def _co_facilitating(user) -> dict:
    return {"programmes_groups": co_facilitating_counts(user)}


panel_template(Role.STUDENT, STUDENT_TEMPLATE, order=70)
