"""Who may see and do what with placements.

Scope (may see) comes from selectors.placement_scope, so pages, API routes and
these rules agree. Action permissions name the role that acts.
"""

import rules

from portal.accounts.roles import Role
from portal.accounts.rules import is_coordinator, is_portal_admin

from .selectors import placement_scope


def _coordinated(user) -> set[int]:
    """Ids of the organisations where `user` is a current co-ordinator."""
    return {o.pk for o in user.organisations_where(Role.COORDINATOR)}


@rules.predicate
def can_see_placement(user, placement) -> bool:
    if placement is None or not user.is_authenticated:
        return False
    scope = placement_scope(user)
    if scope is None:
        return True
    from .models import Placement

    return Placement.objects.filter(scope, pk=placement.pk).exists()


@rules.predicate
def is_student_of(user, placement) -> bool:
    return placement is not None and placement.student_id == user.pk


@rules.predicate
def is_educator_of(user, placement) -> bool:
    return placement is not None and placement.practice_educator_id == user.pk


@rules.predicate
def is_tutor_of(user, placement) -> bool:
    return placement is not None and placement.tutor_id == user.pk


@rules.predicate
def coordinates_placement(user, placement) -> bool:
    if placement is None:
        return False
    mine = _coordinated(user)
    return placement.host_id in mine or placement.course.university_id in mine


rules.add_perm("placements.view_placement", can_see_placement)


# --- Day ledger (placements/views/ledger.py, placements/api/ledger.py) ----------
# Everyone who sees the placement reads its ledger (placements.view_placement);
# only the student records and edits days, only the practice educator confirms.
rules.add_perm("placements.record_day", is_student_of)
rules.add_perm("placements.confirm_days", is_educator_of)
# --- end day ledger ---------------------------------------------------------------


# --- Practice learning agreement (placements/views/agreement.py) ----------------
# Everyone who sees the placement reads its agreement (placements.view_placement).
# The practice educator and the placement's co-ordinators write it (admins too);
# the people named on the placement sign it, each in their own capacity.
@rules.predicate
def is_onsite_supervisor_of(user, placement) -> bool:
    return placement is not None and placement.onsite_supervisor_id == user.pk


rules.add_perm(
    "placements.edit_agreement", is_educator_of | coordinates_placement | is_portal_admin
)
rules.add_perm(
    "placements.sign_agreement",
    is_student_of | is_educator_of | is_onsite_supervisor_of | is_tutor_of,
)
# --- end practice learning agreement -----------------------------------------------


# --- Profiles (people who practice learning needs to know about) -------------
@rules.predicate
def coordinates_someone_in_their_organisations(user, person) -> bool:
    if person is None:
        return False
    mine = _coordinated(user)
    return bool(mine) and any(m.organisation_id in mine for m in person.active_memberships)


rules.add_perm(
    "placements.edit_profile", is_portal_admin | coordinates_someone_in_their_organisations
)


rules.add_perm("placements.view_people", is_portal_admin | is_coordinator)


# --- Placement lifecycle (placements/transitions.py, placements/views/lifecycle.py) ---
# Who may take each status change is registered by placements/transitions.py
# (`placements.transition_placement_<name>`), built from these predicates.
# Acting as practice educator or tutor needs the role to be current, as seeing does.
@rules.predicate
def educates_placement(user, placement) -> bool:
    return (
        placement is not None
        and placement.practice_educator_id == user.pk
        and user.has_role(Role.PRACTICE_EDUCATOR)
    )


@rules.predicate
def tutors_placement(user, placement) -> bool:
    return placement is not None and placement.tutor_id == user.pk and user.has_role(Role.TUTOR)


@rules.predicate
def coordinates_placement_university(user, placement) -> bool:
    if placement is None:
        return False
    return placement.course.university_id in _coordinated(user)


# Creating a placement (the page); the service also checks the host or university.
rules.add_perm("placements.add_placement", is_portal_admin | is_coordinator)
# Changing a draft or proposed placement's details.
rules.add_perm("placements.change_placement", is_portal_admin | coordinates_placement)
# --- end placement lifecycle ---------------------------------------------------------


# --- Cause for concern (placements/services/concern.py, placements/views/concern.py) ---
# Everyone who sees the placement reads its concerns (placements.view_placement).
# Anyone named on the placement, or a co-ordinator of it, raises one; the
# practice educator or a co-ordinator escalates it to stage 2 (the tutor joins);
# the practice educator, the tutor or a co-ordinator resolves it. Suspending or
# ending the placement for a concern follows the placement's own rules (the
# `suspend` and `end_early` moves in placements/transitions.py), repeated here
# so the pages can answer 403 before the lifecycle is asked.
rules.add_perm(
    "placements.raise_concern",
    is_student_of | is_educator_of | is_onsite_supervisor_of | is_tutor_of | coordinates_placement,
)
rules.add_perm("placements.escalate_concern", is_educator_of | coordinates_placement)
rules.add_perm("placements.resolve_concern", is_educator_of | is_tutor_of | coordinates_placement)
rules.add_perm("placements.suspend_for_concern", coordinates_placement | tutors_placement)
rules.add_perm("placements.end_for_concern", coordinates_placement | is_portal_admin)
# --- end cause for concern ---------------------------------------------------------
