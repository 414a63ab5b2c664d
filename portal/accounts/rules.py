"""Who may see and do what with people, organisations, invitations and tokens."""

import rules

from .roles import API_ROLES, ROLES_A_COORDINATOR_MAY_INVITE, Role


@rules.predicate
def is_portal_admin(user) -> bool:
    return user.is_authenticated and user.is_portal_admin


@rules.predicate
def is_coordinator(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COORDINATOR)


@rules.predicate
def is_member_of_organisation(user, organisation) -> bool:
    return organisation is not None and any(
        m.organisation_id == organisation.pk for m in user.active_memberships
    )


@rules.predicate
def coordinates_organisation(user, organisation) -> bool:
    return organisation is not None and any(
        m.organisation_id == organisation.pk and m.role == Role.COORDINATOR
        for m in user.active_memberships
    )


@rules.predicate
def coordinates_invitation_organisation(user, invitation) -> bool:
    return invitation is not None and coordinates_organisation(user, invitation.organisation)


@rules.predicate
def sent_invitation(user, invitation) -> bool:
    return invitation is not None and invitation.invited_by_id == user.pk


@rules.predicate
def is_self(user, other) -> bool:
    return other is not None and other.pk == user.pk


@rules.predicate
def coordinates_one_of_their_organisations(user, other) -> bool:
    if other is None:
        return False
    mine = {m.organisation_id for m in user.active_memberships if m.role == Role.COORDINATOR}
    return bool(mine) and any(m.organisation_id in mine for m in other.active_memberships)


@rules.predicate
def coordinates_membership_organisation(user, membership) -> bool:
    return membership is not None and coordinates_organisation(user, membership.organisation)


@rules.predicate
def is_own_membership(user, membership) -> bool:
    return membership is not None and membership.user_id == user.pk


@rules.predicate
def membership_is_invitable_role(user, membership) -> bool:
    return membership is not None and membership.role in ROLES_A_COORDINATOR_MAY_INVITE


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and token.user_id == user.pk


rules.add_perm("accounts.view_organisation", is_portal_admin | is_member_of_organisation)
rules.add_perm("accounts.change_organisation", is_portal_admin)
rules.add_perm("accounts.invite_to_organisation", is_portal_admin | coordinates_organisation)


@rules.predicate
def may_create_api_tokens(user) -> bool:
    """Tokens are for work done through university systems (API_ROLES), or for
    someone an admin has allowed (User.api_access_allowed)."""
    return user.is_authenticated and (
        user.is_portal_admin or user.api_access_allowed or user.has_role(*API_ROLES)
    )


rules.add_perm("accounts.add_invitation", is_portal_admin | is_coordinator)
rules.add_perm(
    "accounts.view_invitation",
    is_portal_admin | coordinates_invitation_organisation | sent_invitation,
)
rules.add_perm("accounts.revoke_invitation", is_portal_admin | coordinates_invitation_organisation)
rules.add_perm("accounts.resend_invitation", is_portal_admin | coordinates_invitation_organisation)
rules.add_perm(
    "accounts.view_user", is_self | is_portal_admin | coordinates_one_of_their_organisations
)
rules.add_perm(
    "accounts.view_membership",
    is_portal_admin | coordinates_membership_organisation | is_own_membership,
)
# A co-ordinator ends the roles they could have invited (never an admin's or a
# fellow co-ordinator's); nobody ends their own role here.
rules.add_perm(
    "accounts.end_membership",
    ~is_own_membership
    & (is_portal_admin | (coordinates_membership_organisation & membership_is_invitable_role)),
)
rules.add_perm("accounts.view_apitoken", owns_token)
rules.add_perm("accounts.add_apitoken", may_create_api_tokens)
rules.add_perm("accounts.revoke_apitoken", owns_token)
