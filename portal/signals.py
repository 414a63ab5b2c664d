from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from portal.accounts.models import User

# Django's receiver saves the user (one history row per sign-in); ours does not.
user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")


@receiver(user_logged_in, dispatch_uid="portal_update_last_login")
def record_last_login(sender, user, **kwargs) -> None:
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
