"""What happens to API tokens when a password changes.

A token is a second way in. Whoever changes or resets a password (perhaps
because it leaked) expects every other way in to close too, so each of
allauth's password signals revokes the person's tokens.
"""

from allauth.account.signals import password_changed, password_reset, password_set
from django.dispatch import receiver

from . import services


@receiver(password_changed, dispatch_uid="portal_revoke_tokens_on_password_change")
def revoke_tokens_on_password_change(sender, request, user, **kwargs) -> None:
    services.api_tokens_revoke_all(user=user, reason="Your password was changed")


@receiver(password_reset, dispatch_uid="portal_revoke_tokens_on_password_reset")
def revoke_tokens_on_password_reset(sender, request, user, **kwargs) -> None:
    services.api_tokens_revoke_all(user=user, reason="Your password was reset")


@receiver(password_set, dispatch_uid="portal_revoke_tokens_on_password_set")
def revoke_tokens_on_password_set(sender, request, user, **kwargs) -> None:
    services.api_tokens_revoke_all(user=user, reason="Your password was set")
