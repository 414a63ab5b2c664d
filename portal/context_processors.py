from django.urls import reverse

from portal.accounts.roles import Role

from .models import Notification


def portal(request):
    """Header navigation for the user's roles, and their unread notification count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_nav": [], "unread_notifications": 0}
    nav = [("Dashboard", reverse("portal:dashboard"))]
    roles = user.active_roles
    if roles - {Role.EDITOR} or user.is_portal_admin:
        nav.append(("Placements", reverse("placements:placement_list")))
        nav.append(("Organisations", reverse("accounts:organisation_list")))
    if user.has_role(Role.EDITOR) or user.is_portal_admin:
        nav.append(("Site editor", "/admin/"))
    if user.is_portal_admin:
        nav.append(("Access log", reverse("audit:access_log")))
    nav.append(("Your account", reverse("accounts:account")))
    path = request.path
    dashboard = reverse("portal:dashboard")

    def is_current(href: str) -> bool:
        # Sections are current for their sub-pages too; the dashboard only for itself.
        return path == href or (href not in (dashboard, "/admin/") and path.startswith(href))

    return {
        "portal_nav": [
            {"label": label, "href": href, "current": is_current(href)} for label, href in nav
        ],
        "unread_notifications": Notification.objects.unread().filter(user=user).count(),
    }
