"""Reads for the student's dashboard: its plans panel and sessions panel share one
read of the plans' children (portal.request_cache: once per request).

The plans and the sessions (to log, returned) are read as before; the children of
every plan either panel shows are then read together, in one query, instead of
once for each panel.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import prefetch_related_objects

from portal.accounts.models import User
from portal.request_cache import per_request

from ..models import DirectWorkPlan, DirectWorkSession
from .plans import members_by_reference, student_plans
from .sessions import student_session_lists


@dataclass(frozen=True)
class StudentCasework:
    plans: list[DirectWorkPlan]
    sessions_to_log: list[DirectWorkSession]
    sessions_returned: list[DirectWorkSession]


@per_request
def student_casework(user: User, limit: int) -> StudentCasework:
    """The student's first `limit` plans (selectors.plans.plans_for_student), sessions
    to log and sessions returned (selectors.sessions), each plan with its children
    by reference: four queries (three when there is no plan to show)."""
    plans = student_plans(user, limit=limit)
    to_log, returned = student_session_lists(user, limit=limit)
    shown = [*plans, *(session.plan for session in (*to_log, *returned))]
    prefetch_related_objects(shown, members_by_reference())
    return StudentCasework(plans=plans, sessions_to_log=to_log, sessions_returned=returned)
