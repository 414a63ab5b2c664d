"""The organisation list and detail pages."""

import pytest

from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from tests.accounts.support import visible_text
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

LIST = "/portal/organisations/"


def names_on(response) -> list[str]:
    return [organisation.name for organisation in response.context["page_obj"].object_list]


def test_the_list_is_in_name_order_and_pages_neither_repeat_nor_skip(client):
    admin = user_with_role(Role.ADMIN, OrganisationFactory(name="Admin HQ"))
    # Created in reverse alphabetical order, so creation order is not name order.
    for letter in reversed("ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
        OrganisationFactory(name=f"{letter} County Council")
    client.force_login(admin)

    first = client.get(LIST)
    second = client.get(LIST, {"page": 2})

    assert first.status_code == second.status_code == 200
    everyone = sorted(Organisation.objects.values_list("name", flat=True))
    assert names_on(first) + names_on(second) == everyone
    assert names_on(first)[0] == "A County Council"


def test_people_see_only_their_own_organisations_with_current_member_counts(
    client, organisation_a, organisation_b
):
    student = user_with_role(Role.STUDENT, organisation_a)
    MembershipFactory(organisation=organisation_a, role=Role.PRACTICE_EDUCATOR)
    MembershipFactory(organisation=organisation_b)
    client.force_login(student)

    response = client.get(LIST)

    assert response.status_code == 200
    assert names_on(response) == [organisation_a.name]
    assert response.context["page_obj"].object_list[0].member_count == 2
    assert organisation_b.name not in visible_text(response)
    assert client.get(f"/portal/organisations/{organisation_b.pk}/").status_code == 404


def test_the_list_can_be_searched_by_name_and_kind(client):
    admin = user_with_role(Role.ADMIN, OrganisationFactory(name="Admin HQ"))
    OrganisationFactory(name="Riverside Primary", kind=Organisation.Kind.SCHOOL)
    OrganisationFactory(name="Riverside University", kind=Organisation.Kind.UNIVERSITY)
    client.force_login(admin)

    assert names_on(client.get(LIST, {"q": "riverside"})) == [
        "Riverside Primary",
        "Riverside University",
    ]
    assert names_on(client.get(LIST, {"q": "riverside", "kind": "school"})) == ["Riverside Primary"]
    nothing = client.get(LIST, {"q": "no such place"})
    assert "No organisations match." in visible_text(nothing)


def test_the_list_needs_a_signed_in_user(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_someone_without_a_role_sees_no_organisations(client, organisation_a):
    client.force_login(UserFactory())

    response = client.get(LIST)

    assert response.status_code == 200
    assert names_on(response) == []
    assert client.get(f"/portal/organisations/{organisation_a.pk}/").status_code == 404
