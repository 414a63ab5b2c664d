"""Writes about people: invitations, memberships and API tokens.

Views and API handlers call these; they never write the models themselves.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from portal.dates import long_date, long_date_time
from portal.services import notify, queue_email

from .models import ApiToken, Invitation, Membership, Organisation, User, hash_secret, new_secret
from .onboarding import tell_first_step
from .roles import ROLES_A_COORDINATOR_MAY_INVITE, Role, roles_for_organisation_kind

# Wagtail's own groups (created by its migrations) carry the editing rights.
WAGTAIL_GROUP_FOR_ROLE = {Role.EDITOR: "Editors", Role.ADMIN: "Moderators"}


def invitable_roles(*, by: User, organisation: Organisation) -> list[str]:
    """The roles `by` may invite someone into `organisation` as: those the
    organisation's kind can hold (roles.ROLES_BY_ORGANISATION_KIND), and for a
    co-ordinator only those a co-ordinator may give."""
    possible = roles_for_organisation_kind(organisation.kind)
    if by.is_portal_admin:
        return [r for r in Role.values if r in possible]
    if by.has_perm("accounts.invite_to_organisation", organisation):
        return [r for r in Role.values if r in ROLES_A_COORDINATOR_MAY_INVITE and r in possible]
    return []


@dataclass
class IssuedInvitation:
    invitation: Invitation
    key: str

    @property
    def path(self) -> str:
        return reverse("accounts:invitation_accept", kwargs={"key": self.key})


@transaction.atomic
def invitation_create(
    *, email: str, organisation: Organisation, role: str, by: User
) -> IssuedInvitation:
    """Invite `email` to join `organisation` as `role`; emails them a single-use link."""
    email = email.strip().lower()
    if not by.has_perm("accounts.invite_to_organisation", organisation):
        raise PermissionDenied("You cannot invite people to this organisation.")
    if role not in invitable_roles(by=by, organisation=organisation):
        if role in Role.values and role not in roles_for_organisation_kind(organisation.kind):
            raise ValidationError(
                {
                    "role": f"{organisation.get_kind_display()} organisations do not have "
                    f"{Role(role).label.lower()}s: choose one of the roles listed."
                }
            )
        raise ValidationError({"role": "You cannot invite someone in this role."})
    if (
        Membership.objects.current()
        .filter(user__email__iexact=email, organisation=organisation, role=role)
        .exists()
    ):
        raise ValidationError(
            {"email": "This person already holds that role in this organisation."}
        )
    pending = Invitation.objects.filter(
        email__iexact=email,
        organisation=organisation,
        role=role,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise ValidationError(
            {"email": "An invitation for this person and role is already waiting."}
        )
    key = new_secret()
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        key_hash=hash_secret(key),
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=settings.PORTAL_INVITATION_DAYS),
    )
    _invitation_email(invitation, key)
    return IssuedInvitation(invitation=invitation, key=key)


def _invitation_email(invitation: Invitation, key: str) -> None:
    """Queue the invitation's email in the outbox (sent once the invitation commits,
    or by the relay if the broker is down then)."""
    link = settings.WAGTAILADMIN_BASE_URL + reverse(
        "accounts:invitation_accept", kwargs={"key": key}
    )
    queue_email(
        to=invitation.email,
        subject=f"[Practice portal] Invitation to join {invitation.organisation}",
        message=(
            f"{invitation.invited_by} has invited you to the practice education portal as "
            f"{invitation.get_role_display().lower()} for {invitation.organisation}.\n\n"
            f"Open this link to set up your account. It works once and expires on "
            f"{long_date_time(invitation.expires_at)}.\n\n{link}\n"
        ),
    )


def invitation_by_key(key: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(key_hash=hash_secret(key))
        .first()
    )


def invitation_check_usable(invitation: Invitation | None) -> Invitation:
    if invitation is None:
        raise ValidationError("This invitation link is not valid.")
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise ValidationError("This invitation has already been used.")
    if status == Invitation.Status.REVOKED:
        raise ValidationError("This invitation has been withdrawn.")
    if status == Invitation.Status.EXPIRED:
        raise ValidationError(
            "This invitation has expired. Ask the person who invited you to send a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Use the invitation once: the user gains the role in the organisation."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError("This invitation was sent to a different email address.")
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    # The invitation link reached this address, so it is verified.
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    membership = membership_grant(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    notify(
        user=invitation.invited_by,
        title=f"{user} accepted your invitation",
        body=f"{user.email} joined {invitation.organisation} as "
        f"{invitation.get_role_display().lower()}.",
        url=reverse("accounts:organisation_detail", args=[invitation.organisation_id]),
        kind="account",
    )
    tell_first_step(user=user, invitation=invitation)
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    if not by.has_perm("accounts.revoke_invitation", invitation):
        raise PermissionDenied("You cannot withdraw this invitation.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(
            f"Only a waiting invitation can be withdrawn; this one is "
            f"{invitation.get_status_display().lower()}."
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def membership_grant(
    *,
    user: User,
    organisation: Organisation,
    role: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Membership:
    membership = Membership(
        user=user,
        organisation=organisation,
        role=role,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
    )
    membership.full_clean()
    membership.save()
    group_name = WAGTAIL_GROUP_FOR_ROLE.get(role)
    if group_name:
        group, _ = Group.objects.get_or_create(name=group_name)
        user.groups.add(group)
    user.__dict__.pop("active_memberships", None)
    user.__dict__.pop("active_roles", None)
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, on: date | None = None, by: User | None = None
) -> Membership:
    """End a role on `on` (the last day it gives access)."""
    if by is not None and not by.has_perm("accounts.end_membership", membership):
        raise PermissionDenied("You cannot end this role.")
    on = on or timezone.localdate()
    if on < membership.starts_on:
        raise ValidationError(
            {
                "ends_on": "The role cannot end before it started "
                f"({long_date(membership.starts_on)})."
            }
        )
    if membership.ends_on is not None and membership.ends_on < timezone.localdate():
        raise ValidationError({"ends_on": "This role has already ended."})
    membership.ends_on = on
    membership.save(update_fields=["ends_on"])
    if by is not None and by.pk != membership.user_id:
        notify(
            user=membership.user,
            title=f"Your role as {membership.get_role_display().lower()} ends",
            body=f"Your access for {membership.organisation} ends after {long_date(on)}.",
            kind="account",
        )
    group_name = WAGTAIL_GROUP_FOR_ROLE.get(membership.role)
    still_holds = (
        Membership.objects.current(on + timedelta(days=1))
        .filter(user=membership.user, role=membership.role)
        .exists()
    )
    if group_name and not still_holds:
        membership.user.groups.remove(*Group.objects.filter(name=group_name))
    later_roles = membership.user.memberships.exclude(pk=membership.pk).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on)
    )
    if not later_roles.exists():
        # Their last role: API tokens stop with it (at once if it ends today or
        # earlier, otherwise they expire at the end of its last day).
        _api_tokens_end_with_access(user=membership.user, last_day=on)
    return membership


def _api_tokens_end_with_access(*, user: User, last_day: date) -> None:
    if last_day <= timezone.localdate():
        api_tokens_revoke_all(user=user, reason="Your last role ended")
        return
    access_ends = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
    for token in ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=access_ends
    ):
        token.expires_at = access_ends
        token.save(update_fields=["expires_at"])


@transaction.atomic
def user_rename(*, user: User, name: str) -> User:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter your name."})
    if len(name) > 150:
        raise ValidationError({"name": "Your name must be 150 characters or fewer."})
    user.name = name
    user.save(update_fields=["name"])
    return user


# API tokens: "pp_<prefix>_<secret>". The prefix finds the row; the hash proves it.
TOKEN_PREFIX = "pp"  # noqa: S105 - a label, not a secret
# "Last used" is written at most once a minute per token, not on every request.
TOKEN_LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass
class IssuedToken:
    token: ApiToken
    secret: str


API_ACCESS_REFUSED = (
    "Only university tutors, placement co-ordinators and administrators use API tokens. "
    "If your work needs the API, ask an administrator to allow it on your account."
)


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int) -> IssuedToken:
    if not user.has_perm("accounts.add_apitoken"):
        raise PermissionDenied(API_ACCESS_REFUSED)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Enter a name so you can recognise this token later."
    elif len(name) > 100:
        errors["name"] = "The name must be 100 characters or fewer."
    if not isinstance(days, int) or not 1 <= days <= settings.PORTAL_API_TOKEN_MAX_DAYS:
        errors["days"] = f"A token must expire in 1 to {settings.PORTAL_API_TOKEN_MAX_DAYS} days."
    if errors:
        raise ValidationError(errors)
    prefix = new_secret()[:10].replace("-", "x").replace("_", "y")
    secret = new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=hash_secret(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return IssuedToken(token=token, secret=f"{TOKEN_PREFIX}_{prefix}_{secret}")


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    if not by.has_perm("accounts.revoke_apitoken", token):
        raise PermissionDenied("You cannot revoke this token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_reason = "Revoked by you"
        token.save(update_fields=["revoked_at", "revoked_reason"])
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every token of `user` that still works (a password change, the last role
    ending). Saved one by one, so each revocation is in the token's history."""
    now = timezone.now()
    tokens = ApiToken.objects.select_for_update().filter(
        user=user, revoked_at__isnull=True, expires_at__gt=now
    )
    revoked = 0
    for token in tokens:
        token.revoked_at = now
        token.revoked_reason = reason
        token.save(update_fields=["revoked_at", "revoked_reason"])
        revoked += 1
    return revoked


def api_token_authenticate(raw: str) -> User | None:
    """The user a presented token belongs to, or None if it is unknown, expired or revoked."""
    parts = (raw or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    if not hmac.compare_digest(token.key_hash, hash_secret(parts[2])):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_LAST_USED_RESOLUTION:
        # Not a change anyone needs in history: update() skips it.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
