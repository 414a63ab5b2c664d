"""Who may see and do what with placements.

Scope (may see) comes from selectors.lifecycle.placement_scope, so pages, API routes and
these rules agree. Action permissions name the role that acts.
"""

import rules

from portal.accounts.roles import Role
from portal.accounts.rules import is_coordinator, is_portal_admin
from portal.request_cache import per_request

from .selectors.lifecycle import placement_scope


def _coordinated(user) -> set[int]:
    """Ids of the organisations where `user` is a current co-ordinator."""
    return {o.pk for o in user.organisations_where(Role.COORDINATOR)}


@per_request
def _sees_placement(user, placement_pk: int) -> bool:
    """Whether `user`'s scope holds the placement (one query at most, once per
    request: the page's own check and its sections' share it)."""
    scope = placement_scope(user)
    if scope is None:
        return True
    from .models import Placement

    return Placement.objects.filter(scope, pk=placement_pk).exists()


@rules.predicate
def can_see_placement(user, placement) -> bool:
    if placement is None or not user.is_authenticated:
        return False
    return _sees_placement(user, placement.pk)


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

# The roles whose work involves placements. Others (school contacts, life-story
# workers, editors) are refused the placement pages outright rather than shown
# an empty list (least privilege: DESIGN.md "Roles and who sees what").
PLACEMENT_ROLES = frozenset(
    {
        Role.STUDENT,
        Role.PRACTICE_EDUCATOR,
        Role.ONSITE_SUPERVISOR,
        Role.TUTOR,
        Role.COORDINATOR,
    }
)


@rules.predicate
def works_with_placements(user) -> bool:
    return bool(user.active_roles & PLACEMENT_ROLES)


rules.add_perm("placements.list_placements", works_with_placements | is_portal_admin)


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


@rules.predicate
def is_practice_educator(user) -> bool:
    return user.is_authenticated and user.has_role(Role.PRACTICE_EDUCATOR)


# A practice educator completes their own profile once, after joining (issue 22,
# requirement 7); later changes go through their co-ordinator (edit_profile).
rules.add_perm("placements.complete_own_profile", is_practice_educator)


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
# Letting a placement go ahead despite the contrasting-settings rule, with a reason
# (placements/services/contrast.py): the placement's co-ordinators, as for proposing it.
rules.add_perm("placements.override_contrast", is_portal_admin | coordinates_placement)
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


# --- Allocation (placements/views/allocation.py, placements/services/allocation.py) ---
# The allocation pages are for co-ordinators (and admins); each list is scoped by
# placements/selectors/allocation.py. A placement offer belongs to its host: that host's
# co-ordinators see and change it, nobody else (404 outside).
@rules.predicate
def coordinates_offer_host(user, offer) -> bool:
    return offer is not None and offer.host_id in _coordinated(user)


rules.add_perm("placements.view_allocation", is_portal_admin | is_coordinator)
rules.add_perm("placements.view_placementoffer", is_portal_admin | coordinates_offer_host)
rules.add_perm("placements.change_placementoffer", is_portal_admin | coordinates_offer_host)
# --- end allocation ---------------------------------------------------------------------


# --- Reviews (placements/services/ and views/: review, final_report, panel) ------------
# Everyone who sees the placement reads its reviews (placements.view_placement);
# reviews hold no child details, so university roles read them too. The practice
# educator records the midpoint review and writes and signs the final report; the
# student comments on it; the tutor countersigns; the tutor or a co-ordinator of
# the university records the panel's decision (the same people as the `pass` and
# `fail` moves in placements/transitions.py).
@rules.predicate
def owns_or_educates_review_action(user, action) -> bool:
    if action is None:
        return False
    return action.owner_id == user.pk or educates_placement(user, action.review.placement)


rules.add_perm("placements.record_midpoint_review", educates_placement)
rules.add_perm("placements.complete_review_action", owns_or_educates_review_action)
rules.add_perm("placements.write_final_report", educates_placement)
rules.add_perm("placements.comment_final_report", is_student_of)
rules.add_perm("placements.countersign_final_report", tutors_placement)
rules.add_perm(
    "placements.record_panel_decision", tutors_placement | coordinates_placement_university
)
# --- end reviews ----------------------------------------------------------------------


# --- Tutor visits and three-way meetings (placements/services/visit.py) ---------------
# Everyone who sees the placement reads them (placements.view_placement); the student's
# university tutor or a co-ordinator of the placement records and corrects them.
rules.add_perm("placements.record_tutor_visit", tutors_placement | coordinates_placement)
# --- end tutor visits --------------------------------------------------------------------


# --- Capability evidence (placements/services/ and views/: evidence, coverage) ---
# Everyone who sees the placement reads its evidence and coverage
# (placements.view_placement): the anonymisation guard keeps child details out
# of it, so university tutors may read it too. Only the student writes it; only
# the practice educator comments on it and rates the PCF domains.
rules.add_perm("placements.write_evidence", is_student_of)
rules.add_perm("placements.assess_evidence", is_educator_of)
# --- end capability evidence -------------------------------------------------------


# --- University oversight (placements/oversight.py, placements/views/export.py) -------
# Everyone reads the list of the placements they can see, with its RAG status.
# Exporting the list is for the people who report upward: university tutors,
# co-ordinators and admins (each exports only what their list shows).
@rules.predicate
def is_tutor(user) -> bool:
    return user.is_authenticated and user.has_role(Role.TUTOR)


rules.add_perm("placements.export_placements", is_portal_admin | is_coordinator | is_tutor)
# --- end university oversight -----------------------------------------------------------


# --- Placement quality (placements/views/quality.py, placements/services/quality.py) ---
# Only the placement's student rates its setting (others who see the placement get
# 403); co-ordinators and admins read the unattributed report, scoped by
# placements/selectors/quality.py quality_feedback_visible_to.
rules.add_perm("placements.give_quality_feedback", is_student_of)
rules.add_perm("placements.view_quality_report", is_portal_admin | is_coordinator)
# --- end placement quality -------------------------------------------------------------
