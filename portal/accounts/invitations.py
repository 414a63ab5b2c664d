"""Sending an invitation again (issue 22, requirement 7): a new link and expiry,
another email through the outbox, the invitation's history keeping each sending.
Beside portal.accounts.services, which creates, accepts and withdraws them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Invitation, User, hash_secret, new_secret
from .services import IssuedInvitation, _invitation_email, invitable_roles


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> IssuedInvitation:
    """Send a waiting or expired invitation again: a new link (the old one stops
    working), a new expiry, another email through the outbox. The invitation's
    history keeps each sending. An accepted or withdrawn invitation is not resent."""
    if not by.has_perm("accounts.resend_invitation", invitation):
        raise PermissionDenied("You cannot resend this invitation.")
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation", "invited_by")
        .get(pk=invitation.pk)
    )
    status = invitation.status
    if status in (Invitation.Status.ACCEPTED, Invitation.Status.REVOKED):
        raise ValidationError(
            f"Only a waiting or expired invitation can be sent again; this one is "
            f"{invitation.get_status_display().lower()}."
        )
    if invitation.role not in invitable_roles(by=by, organisation=invitation.organisation):
        raise ValidationError(
            "You cannot invite someone in this role any more: send a new invitation."
        )
    key = new_secret()
    invitation.key_hash = hash_secret(key)
    invitation.expires_at = timezone.now() + timedelta(days=settings.PORTAL_INVITATION_DAYS)
    invitation._change_reason = f"Sent again by {by}"
    invitation.save(update_fields=["key_hash", "expires_at"])
    _invitation_email(invitation, key)
    return IssuedInvitation(invitation=invitation, key=key)
