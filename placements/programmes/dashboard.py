"""Dashboard panel: a programme's intake for its co-ordinators and workers — new
referrals to allocate, and parents due or overdue for first contact (a fixed
number of queries)."""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context, panel_template

from .rules import works_on_any_programme
from .selectors.intake import intake_counts

TEMPLATE = "programmes/dashboard/intake.html"


def _intake(user) -> dict:
    if not works_on_any_programme(user):
        return {"programmes_intake": None}
    return {"programmes_intake": intake_counts(user)}


for _role in (Role.PROGRAMME_WORKER, Role.COORDINATOR):
    panel_context(_role)(_intake)
    panel_template(_role, TEMPLATE, order=60)
