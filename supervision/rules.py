"""Who may see and do what with supervision records and direct observations.

Seeing: whoever sees the placement (placements.view_placement: the student,
their practice educator and on-site supervisor, the university's tutors and
co-ordinators, the host's co-ordinators, admins) reads its supervision and
observations. Records hold no child details (case discussion is anonymised),
so university roles may read them: they are evidence at the panel. The
observer of an observation reads that observation even when they are not on
the placement (another registered social worker).

Acting: the practice educator writes and signs supervision records, the
student reflects and signs; the observer writes and signs an observation.
Acting needs the role to be current, as in placements.
"""

from __future__ import annotations

import rules

from placements.rules import (
    can_see_placement,
    coordinates_placement,
    educates_placement,
    is_educator_of,
    is_student_of,
    is_tutor_of,
)
from portal.accounts.roles import Role
from portal.accounts.rules import is_portal_admin


def _placement(record):
    return getattr(record, "placement", None) if record is not None else None


@rules.predicate
def can_see_session(user, session) -> bool:
    return session is not None and can_see_placement(user, session.placement)


@rules.predicate
def educates_session(user, session) -> bool:
    return educates_placement(user, _placement(session))


@rules.predicate
def is_session_student(user, session) -> bool:
    return is_student_of(user, _placement(session))


@rules.predicate
def is_observer(user, observation) -> bool:
    return observation is not None and observation.observer_id == user.pk


@rules.predicate
def is_observation_student(user, observation) -> bool:
    return is_student_of(user, _placement(observation))


@rules.predicate
def educates_observation(user, observation) -> bool:
    return educates_placement(user, _placement(observation))


@rules.predicate
def can_see_observation(user, observation) -> bool:
    if observation is None:
        return False
    return is_observer(user, observation) or can_see_placement(user, observation.placement)


rules.add_perm("supervision.view_supervisionsession", can_see_session)
rules.add_perm("supervision.view_observation", can_see_observation)

# Recording a new session (outside the schedule) or booking one: on the placement.
rules.add_perm("supervision.add_session", educates_placement)
rules.add_perm("supervision.change_session", educates_session)
rules.add_perm("supervision.reflect_on_session", is_session_student)
rules.add_perm("supervision.amend_session", educates_session)

# Booking an observation: the practice educator or the student (the student
# often arranges it with the service user); the observer writes the feedback.
rules.add_perm("supervision.add_observation", educates_placement | is_student_of)
rules.add_perm(
    "supervision.plan_observation", is_observer | educates_observation | is_observation_student
)
rules.add_perm("supervision.write_observation_feedback", is_observer)
rules.add_perm("supervision.reflect_on_observation", is_observation_student)
rules.add_perm("supervision.amend_observation", is_observer | educates_observation)


# The calendar feed: for the people who have sessions and observations in it.
@rules.predicate
def has_supervision_diary(user) -> bool:
    return user.is_authenticated and bool(
        user.active_roles & {Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.ONSITE_SUPERVISOR}
    )


rules.add_perm("supervision.use_calendar", has_supervision_diary)

# Exports of the log for the student's portfolio (children's details are never in it).
rules.add_perm("supervision.export_supervision", can_see_placement)
# The portfolio pack for the assessment panel (supervision/portfolio.py): the people
# the pack is for, among those who see the placement: the student, their practice
# educator, the placement's tutor, its co-ordinators, admins. (Others who see the
# placement, an on-site supervisor or a colleague tutor, read the records themselves.)
rules.add_perm(
    "supervision.export_portfolio",
    can_see_placement
    & (is_student_of | is_educator_of | is_tutor_of | coordinates_placement | is_portal_admin),
)

# Admins see everything (every read logged) but do not write others' records.
rules.add_perm("supervision.view_all", is_portal_admin)
