import pytest
from django.urls import reverse

from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from tests.factories import OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_the_dashboard_needs_a_signed_in_user(client):
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_one_panel_per_role_held(client):
    council = OrganisationFactory(name="Midshire Children's Services")
    person = user_with_role(Role.PRACTICE_EDUCATOR, council)
    membership_grant(user=person, organisation=council, role=Role.COORDINATOR)
    client.force_login(person)
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert 'id="panel-practice_educator"' in page
    assert 'id="panel-coordinator"' in page
    assert 'id="panel-student"' not in page
    assert "Invite someone to Midshire Children&#x27;s Services" in page


def test_someone_without_a_current_role_is_told_why_the_page_is_empty(client):
    client.force_login(UserFactory())
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "You do not hold a role in any organisation at the moment" in page


@pytest.mark.parametrize(
    ("role", "sees", "does_not_see"),
    [
        (Role.STUDENT, ["Organisations", "Your account"], ["Site editor", "Access log"]),
        (Role.EDITOR, ["Site editor"], ["Access log", "Organisations"]),
        (Role.ADMIN, ["Site editor", "Access log", "Organisations"], []),
    ],
)
def test_the_header_navigation_follows_the_roles(client, role, sees, does_not_see):
    client.force_login(user_with_role(role))
    page = client.get(reverse("portal:dashboard")).content.decode()
    nav = page[page.index('id="navigation"') : page.index("</nav>")]
    for label in sees:
        assert label in nav, label
    for label in does_not_see:
        assert label not in nav, label


def test_the_public_home_page_is_a_wagtail_page(client):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["page"].specific.__class__.__name__ == "HomePage"
    assert '<h1 class="govuk-heading-xl">Children&#x27;s social care practice education' in (
        response.content.decode()
    )


def test_only_the_closest_section_is_marked_current(client):
    client.force_login(user_with_role(Role.COORDINATOR))
    page = client.get(reverse("placements:people")).content.decode()
    nav = page[page.index('id="navigation"') : page.index("</nav>")]
    assert nav.count('aria-current="page"') == 1
    current = nav[nav.index('aria-current="page"') :]
    assert current.index("People") < current.index("</a>")
