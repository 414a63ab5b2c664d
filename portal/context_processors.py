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
    if user.has_perm("placements.list_placements"):
        nav.append(("Placements", reverse("placements:placement_list")))
    if user.has_perm("casework.list_children"):
        nav.append(("Children", reverse("casework:child_list")))
    if roles - {Role.EDITOR} or user.is_portal_admin:
        nav.append(("Organisations", reverse("accounts:organisation_list")))
    if user.has_role(Role.COORDINATOR) or user.is_portal_admin:
        nav.append(("People", reverse("placements:people")))
        nav.append(("Allocation", reverse("placements:allocation")))
    if user.has_role(Role.EDITOR) or user.is_portal_admin:
        nav.append(("Site editor", "/admin/"))
    if user.is_portal_admin:
        nav.append(("Access log", reverse("audit:access_log")))
    nav.append(("Your account", reverse("accounts:account")))
    path = request.path
    dashboard = reverse("portal:dashboard")

    # The section whose address is the longest start of this page's is current;
    # the dashboard only for itself.
    sections = [h for _, h in nav if h not in (dashboard, "/admin/") and path.startswith(h)]
    current = path if path == dashboard else max(sections, key=len, default=None)

    def is_current(href: str) -> bool:
        return href == current

    return {
        "portal_nav": [
            {"label": label, "href": href, "current": is_current(href)} for label, href in nav
        ],
        "unread_notifications": Notification.objects.unread().filter(user=user).count(),
    }
