from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts.roles import Role

from .models import Notification
from .navigation import NavLink, current_href, may_open, sections_for


def portal(request):
    """Header navigation for the user's roles, and their unread notification count.

    The apps' sections (placements, children, requests, plans, assessments,
    safeguarding, Life Story Books...) come from portal.navigation, each shown to
    those its page lets in; portal's own links follow.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"portal_nav": [], "unread_notifications": 0}
    dashboard = reverse("portal:dashboard")
    nav = [NavLink(_("Dashboard"), dashboard), *sections_for(user)]
    roles = user.active_roles
    if roles - {Role.EDITOR} or user.is_portal_admin:
        nav.append(NavLink(_("Organisations"), reverse("accounts:organisation_list")))
    if user.has_role(Role.EDITOR) or user.is_portal_admin:
        nav.append(NavLink(_("Site editor"), "/admin/"))
    if may_open(user, "audit:access_log"):
        nav.append(NavLink(_("Access log"), reverse("audit:access_log")))
    nav.append(NavLink(_("Your account"), reverse("accounts:account")))

    # The section whose address is the longest start of this page's is current;
    # the dashboard only for itself.
    path = request.path
    current = (
        dashboard if path == dashboard else current_href(path, nav, exclude=(dashboard, "/admin/"))
    )
    return {
        "portal_nav": [
            {"label": str(link.label), "href": link.href, "current": link.href == current}
            for link in nav
        ],
        "unread_notifications": Notification.objects.unread().filter(user=user).count(),
    }
