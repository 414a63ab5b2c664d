"""The header's sections (issue 16, requirement 5; portal/navigation.py): each role's
header shows the sections it uses, every link in it opens for that user, every section
the user may open is in it, and the current section is marked, nested pages included.

The table below is written out by hand (section -> the permission its page checks),
so a header link that leads to a 403 or 404, or a permitted section that is missing,
fails here even if the registry and the page agree with each other."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.context_processors import portal as header_context
from portal.navigation import page_permission
from portal.permissions import PERMISSION, access_declaration
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

DASHBOARD = "/portal/"

# Section address -> the permission its list page checks.
SECTIONS = {
    "/portal/placements/": "placements.list_placements",
    "/portal/casework/children/": "casework.list_children",
    "/portal/casework/requests/": "casework.list_requests",
    "/portal/casework/plans/": "casework.list_plans",
    "/portal/casework/assessments/": "casework.list_assessments",
    "/portal/casework/safeguarding/": "casework.list_concerns",
    "/portal/life-story/": "lifestory.list_books",
    "/portal/programmes/referrals/": "programmes.list_referrals",
    "/portal/placements/people/": "placements.view_people",
    "/portal/placements/allocation/": "placements.view_allocation",
    "/portal/audit/access-log/": "audit.view_accessevent",
}

# Pages reached with a permission, without an id in their address, that are no
# section of their own, and where people reach them. A page under a section's
# address belongs to that section and needs no entry.
NOT_SECTIONS = {
    "/portal/privacy/retention/": "the administrator's dashboard",
    "/portal/privacy/retention/dry-run/": "the retention page",
    "/portal/privacy/subject-access/": "the administrator's dashboard",
    "/portal/privacy/requests/": "the administrator's dashboard",
    "/portal/privacy/requests/new/": "the rights requests page",
    "/portal/placements/quality/": "the co-ordinator's dashboard",
    "/portal/placements/quality/export.csv": "the quality report",
    "/portal/casework/wellbeing/report/": "the co-ordinator's dashboard (a plan's measures)",
    "/portal/casework/wellbeing/report.csv": "the wellbeing report",
    "/portal/supervision/calendar/": "the student's and practice educator's dashboards",
    "/portal/supervision/calendar/revoke/": "the calendar page",
    "/portal/programmes/outcome-checks/": "the programme referrals page and the dashboard",
    "/portal/programmes/my-groups/": "the student's dashboard (groups they co-facilitate)",
}


def nav_of(client) -> list[dict]:
    return client.get(DASHBOARD).context["portal_nav"]


def check_header(client, user: User) -> None:
    """Every header link opens (200); every section the user may open is in the header
    and opens; every other section is absent and refused (403)."""
    client.force_login(user)
    nav = nav_of(client)
    hrefs = [item["href"] for item in nav]
    who = f"{user.email} ({', '.join(sorted(user.active_roles)) or 'no role'})"
    assert len(hrefs) == len(set(hrefs)), f"{who}: a link twice in {hrefs}"
    for href in hrefs:
        assert client.get(href).status_code == 200, f"{who}: {href} in the header does not open"
    for href, perm in SECTIONS.items():
        if user.has_perm(perm):
            assert href in hrefs, f"{who} may open {href} but it is not in the header"
        else:
            assert href not in hrefs, f"{who} may not open {href} but the header links to it"
            assert client.get(href).status_code == 403, f"{who}: {href} is not refused"


@pytest.mark.parametrize("role", list(Role))
def test_each_roles_header_opens_and_holds_every_section_it_may_open(client, role):
    check_header(client, user_with_role(role))


def test_the_demo_users_headers_open_and_hold_their_sections(client):
    """The demo data's people (seed_demo): their lists have rows and their work is real,
    so a section they may open because of it (a school's safeguarding lead) shows too."""
    call_command("seed_demo", verbosity=0)
    demo = User.objects.filter(email__endswith="@example.org", memberships__isnull=False)
    checked = set()
    for user in demo.distinct():
        check_header(client, user)
        checked |= set(user.active_roles)
    assert {Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.TUTOR, Role.COORDINATOR} <= checked


def test_the_sections_by_role():
    """What each role's header holds, read as the roles table says (DESIGN.md)."""

    def sections(role):
        user = user_with_role(role)
        request = RequestFactory().get(DASHBOARD)
        request.user = user
        return [item["label"] for item in header_context(request)["portal_nav"]]

    # Life Story Books only once the student co-works one (lifestory.list_books).
    assert sections(Role.STUDENT)[:6] == [
        "Dashboard",
        "Placements",
        "Children",
        "Plans",
        "Assessments",
        "Safeguarding",
    ]
    assert "Requests" in sections(Role.SCHOOL_CONTACT)
    assert "Life Story Books" in sections(Role.LIFESTORY_WORKER)
    assert {"People", "Allocation", "Requests"} <= set(sections(Role.COORDINATOR))
    assert "Children" not in sections(Role.TUTOR)  # no child details for tutors
    assert sections(Role.EDITOR) == ["Dashboard", "Site editor", "Your account"]


# --- the registry reads the pages' own permissions ---------------------------------------


def test_each_section_shows_by_its_pages_own_permission():
    for href, perm in SECTIONS.items():
        from django.urls import resolve

        match = resolve(href)
        url_name = f"{match.namespace}:{match.url_name}"
        assert page_permission(url_name) == perm, href


def _argument_free_pages():
    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield "/" + prefix + str(entry.pattern), entry.callback

    for route, callback in walk(get_resolver().url_patterns):
        fixed = "<" not in route and "(" not in route
        if route.startswith("/portal/") and fixed and access_declaration(callback) == PERMISSION:
            yield route


def test_every_page_reached_with_a_permission_is_a_section_or_inside_one_or_listed():
    """A new list page fails here until it is a header section, sits under one's
    address, or is listed in NOT_SECTIONS with where people reach it."""
    stray = [
        route
        for route in _argument_free_pages()
        if route not in SECTIONS
        and route not in NOT_SECTIONS
        and not any(route.startswith(section) for section in SECTIONS)
    ]
    assert stray == []
    assert set(NOT_SECTIONS) <= set(_argument_free_pages()), "a NOT_SECTIONS page is gone"


# --- the current section ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/portal/", "Dashboard"),
        ("/portal/placements/", "Placements"),
        ("/portal/placements/12/", "Placements"),
        ("/portal/placements/12/evidence/coverage/", "Placements"),
        ("/portal/supervision/placements/12/observations/", "Placements"),
        ("/portal/placements/people/", "People"),
        ("/portal/placements/allocation/educators/", "Allocation"),
        ("/portal/casework/children/3/", "Children"),
        ("/portal/casework/merges/3/", "Children"),
        ("/portal/casework/requests/3/accept/", "Requests"),
        ("/portal/casework/plans/3/agreements/", "Plans"),
        ("/portal/casework/sessions/3/log/", "Plans"),
        ("/portal/casework/assessments/report/", "Assessments"),
        ("/portal/casework/safeguarding/schools/", "Safeguarding"),
        ("/portal/life-story/4/chapters/new/", "Life Story Books"),
        ("/portal/audit/access-log/", "Access log"),
        ("/portal/account/api-tokens/", "Your account"),
        ("/portal/notifications/", None),
    ],
)
def test_the_current_section_is_marked_on_nested_pages(path, current):
    request = RequestFactory().get(path)
    request.user = user_with_role(Role.ADMIN)
    nav = header_context(request)["portal_nav"]
    marked = [item["label"] for item in nav if item["current"]]
    assert marked == ([current] if current else [])


def test_the_current_section_is_announced(client):
    client.force_login(user_with_role(Role.COORDINATOR))
    body = client.get(reverse("placements:people")).content.decode()
    assert (
        'aria-current="page"><strong class="govuk-service-navigation__active-fallback">People'
        in (body)
    )
