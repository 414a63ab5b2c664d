"""Every URL declares who may reach it; the 404/403 rule holds for records."""

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse

from portal.accounts.roles import Role
from portal.api import api
from portal.permissions import access_declaration
from tests.factories import OrganisationFactory, user_with_role

OUR_PACKAGES = ("portal", "placements", "supervision", "lifestory", "cms")

# Areas guarded as a whole by a third-party mechanism:
GUARDED_AREAS = {
    "django-admin/": "PortalAdminSite.admin_view (admins only)",
    "admin/": "Wagtail's require_admin_access",
    "api/v1/": "ninja operations, checked one by one below",
}
# Third-party views outside those areas, and why each is safe.
TRUSTED_MODULES = (
    "allauth.",  # sign-in, sign-up (closed), MFA: allauth's own checks
    "wagtail.views",  # public pages; private pages use Wagtail's view restrictions
    "wagtail.documents.views",  # document serving checks Wagtail's collection privacy
    "django.contrib.staticfiles.",  # DEBUG-only static files
)


def walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def module_of(callback) -> str:
    target = getattr(callback, "view_class", None) or callback
    return getattr(target, "__module__", "") or ""


def shadowed(route: str, callback) -> bool:
    """A fixed route that an earlier pattern answers instead (so this view is unreachable)."""
    if "<" in route or "(" in route:
        return False
    try:
        return resolve("/" + route).func is not callback
    except Resolver404:
        return False


def test_every_url_declares_its_access():
    undeclared = []
    for route, callback in walk(get_resolver().url_patterns):
        module = module_of(callback)
        if access_declaration(callback) is not None or shadowed(route, callback):
            continue
        if module.startswith(OUR_PACKAGES):
            undeclared.append(f"{route} -> {module}")
        elif route.startswith(tuple(GUARDED_AREAS)) or module.startswith(TRUSTED_MODULES):
            continue
        else:
            undeclared.append(f"{route} -> {module} (third-party, not vetted)")
    assert undeclared == [], "Views without an access declaration:\n" + "\n".join(undeclared)


def test_password_only_login_pages_lead_to_allauth(client, db):
    for path in ("/admin/login/", "/django-admin/login/", "/_util/login/"):
        response = client.get(path + "?next=/somewhere/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/somewhere/"


def test_every_api_operation_declares_its_access():
    undeclared = []
    for _prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if access_declaration(operation.view_func) is None:
                    undeclared.append(f"{operation.methods} {path}")
    assert undeclared == []
    # and the walk really sees the routes
    assert any(path == "/me" for _p, router in api._routers for path in router.path_operations)


def test_the_walk_catches_an_undeclared_view():
    def plain_view(request):
        return None

    assert access_declaration(plain_view) is None


@pytest.mark.django_db
class TestObjectRule:
    """Outside the user's scope: 404. Visible but the action is refused: 403."""

    def test_anonymous_is_sent_to_sign_in(self, client):
        organisation = OrganisationFactory()
        url = reverse("accounts:organisation_detail", args=[organisation.pk])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_someone_outside_the_organisation_gets_404(self, client):
        organisation = OrganisationFactory(name="Northgate University")
        outsider = user_with_role(Role.TUTOR)
        client.force_login(outsider)
        response = client.get(reverse("accounts:organisation_detail", args=[organisation.pk]))
        assert response.status_code == 404
        assert b"Northgate University" not in response.content

    def test_a_member_sees_it_but_cannot_invite(self, client):
        organisation = OrganisationFactory()
        tutor = user_with_role(Role.TUTOR, organisation)
        client.force_login(tutor)
        detail = client.get(reverse("accounts:organisation_detail", args=[organisation.pk]))
        assert detail.status_code == 200
        assert b"Invite someone" not in detail.content
        invite = client.get(reverse("accounts:invitation_create", args=[organisation.pk]))
        assert invite.status_code == 403

    def test_the_coordinator_may_invite(self, client):
        organisation = OrganisationFactory()
        coordinator = user_with_role(Role.COORDINATOR, organisation)
        client.force_login(coordinator)
        response = client.get(reverse("accounts:invitation_create", args=[organisation.pk]))
        assert response.status_code == 200

    def test_an_admin_sees_every_organisation(self, client):
        organisation = OrganisationFactory()
        admin = user_with_role(Role.ADMIN)
        client.force_login(admin)
        response = client.get(reverse("accounts:organisation_detail", args=[organisation.pk]))
        assert response.status_code == 200

    def test_an_ended_membership_no_longer_gives_access(self, client):
        from datetime import timedelta

        from django.utils import timezone

        from portal.accounts.models import Membership

        organisation = OrganisationFactory()
        tutor = user_with_role(Role.TUTOR, organisation)
        Membership.objects.filter(user=tutor).update(
            ends_on=timezone.localdate() - timedelta(days=1)
        )
        client.force_login(tutor)
        response = client.get(reverse("accounts:organisation_detail", args=[organisation.pk]))
        assert response.status_code == 404
