import pytest
from django.test import Client

from portal.accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role


@pytest.fixture
def organisation_a(db):
    return OrganisationFactory(name="Northshire Children's Services")


@pytest.fixture
def organisation_b(db):
    return OrganisationFactory(name="Southmoor Borough Council")


@pytest.fixture
def coordinator(organisation_a):
    """A placement co-ordinator of organisation A (and nothing else)."""
    return user_with_role(Role.COORDINATOR, organisation_a, name="Cora Ordinator")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def csrf_client(db):
    """A test client that checks CSRF tokens like a browser-facing server does."""
    return Client(enforce_csrf_checks=True)
