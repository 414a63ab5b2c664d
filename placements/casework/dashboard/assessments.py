"""Dashboard panels: assessments due soon (within DUE_SOON_WORKING_DAYS working
days) and overdue, for the people who see them (a fixed number of queries)."""

from __future__ import annotations

from portal.accounts.roles import Role
from portal.dashboard import panel_context

from ..selectors import assessments as reads

SHOWN = 10


def _lists(user) -> dict:
    return reads.dashboard_lists(reads.assessments_visible_to(user), limit=SHOWN)


@panel_context(Role.SOCIAL_WORKER)
def social_worker_assessments(user) -> dict:
    return _lists(user)


@panel_context(Role.TEAM_MANAGER)
def team_manager_assessments(user) -> dict:
    return _lists(user)


@panel_context(Role.COORDINATOR)
def coordinator_assessments(user) -> dict:
    return _lists(user)


@panel_context(Role.STUDENT)
def student_assessments(user) -> dict:
    return _lists(user)


@panel_context(Role.PRACTICE_EDUCATOR)
def educator_assessments(user) -> dict:
    return _lists(user)
