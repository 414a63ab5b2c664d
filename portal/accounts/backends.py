import rules
from django.contrib.auth.backends import BaseBackend

from .roles import Role


def _holds_admin_role(user_obj) -> bool:
    return bool(
        user_obj.is_active
        and user_obj.is_authenticated
        and Role.ADMIN in getattr(user_obj, "active_roles", ())
    )


class PortalAdminBackend(BaseBackend):
    """Holders of a current admin membership get Django's model permissions
    (for the Django and Wagtail admins). Permissions defined with `rules` stay
    authoritative: those already say what an admin may do, with their limits."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return not rules.perm_exists(perm) and _holds_admin_role(user_obj)

    def has_module_perms(self, user_obj, app_label) -> bool:
        return _holds_admin_role(user_obj)
