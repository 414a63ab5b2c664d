"""List pages make a number of queries that does not grow with their rows.

Each bound is the count measured with 5 rows (plus one for slack); the same bound
must hold with 50 rows.
"""

import pytest

from portal.accounts import services
from portal.accounts.models import Membership
from portal.accounts.roles import Role
from tests.dashboard_bounds import HEADER_QUERIES
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ROWS = [5, 50]


@pytest.mark.parametrize("rows", ROWS)
def test_the_organisation_list_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    student = UserFactory()
    for _ in range(rows):
        organisation = OrganisationFactory()
        MembershipFactory(user=student, organisation=organisation, role=Role.STUDENT)
        MembershipFactory(organisation=organisation, role=Role.PRACTICE_EDUCATOR)
    client.force_login(student)

    with django_assert_max_num_queries(7 + HEADER_QUERIES):
        response = client.get("/portal/organisations/")

    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == rows
    assert len(page.object_list) == min(rows, 25)
    assert all(organisation.member_count == 2 for organisation in page.object_list)


@pytest.mark.parametrize("rows", ROWS)
def test_the_organisation_list_for_an_admin_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    admin = user_with_role(Role.ADMIN)
    for _ in range(rows):
        MembershipFactory(organisation=OrganisationFactory())
    client.force_login(admin)

    with django_assert_max_num_queries(7):
        response = client.get("/portal/organisations/")

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == rows + 1


@pytest.mark.parametrize("rows", ROWS)
def test_the_organisation_detail_makes_a_fixed_number_of_queries(
    client, coordinator, organisation_a, django_assert_max_num_queries, rows
):
    for i in range(rows):
        MembershipFactory(organisation=organisation_a, role=Role.STUDENT)
        accepted_by = UserFactory()
        InvitationFactory(
            organisation=organisation_a,
            invited_by=coordinator,
            accepted_by=accepted_by if i % 2 else None,
            accepted_at=accepted_by.date_joined if i % 2 else None,
        )
    client.force_login(coordinator)

    with django_assert_max_num_queries(9 + HEADER_QUERIES):
        response = client.get(f"/portal/organisations/{organisation_a.pk}/")

    assert response.status_code == 200
    assert response.context["members_page"].paginator.count == rows + 1
    assert len(response.context["invitations"]) == rows
    assert Membership.objects.filter(organisation=organisation_a).count() == rows + 1


@pytest.mark.parametrize("rows", ROWS)
def test_the_api_token_list_page_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    tutor = user_with_role(Role.TUTOR)
    for i in range(rows):
        services.api_token_create(user=tutor, name=f"System {i}", days=30)
    client.force_login(tutor)

    # 8: the navigation asks whether a tutor may list children; no rule grants it,
    # so Django's model backend reads the user's permissions once.
    with django_assert_max_num_queries(8 + HEADER_QUERIES):
        response = client.get("/portal/account/api-tokens/")

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == rows
    assert len(response.context["page_obj"].object_list) == min(rows, 25)


@pytest.mark.parametrize("rows", ROWS)
def test_the_api_token_list_endpoint_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    tutor = user_with_role(Role.TUTOR)
    for i in range(rows):
        services.api_token_create(user=tutor, name=f"System {i}", days=30)
    client.force_login(tutor)

    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/me/tokens")

    assert response.status_code == 200
    assert response.json()["count"] == rows
