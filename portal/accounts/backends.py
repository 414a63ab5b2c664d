from django.contrib.auth.backends import BaseBackend

from .roles import Role


class PortalAdminBackend(BaseBackend):
    """Holders of a current admin membership may do everything (DESIGN.md: "admin")."""

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return bool(
            user_obj.is_active
            and user_obj.is_authenticated
            and Role.ADMIN in getattr(user_obj, "active_roles", ())
        )

    def has_module_perms(self, user_obj, app_label) -> bool:
        return self.has_perm(user_obj, app_label)
