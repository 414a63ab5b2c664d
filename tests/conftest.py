import pytest
from django.core.cache import cache

from tests.factories import PASSWORD, OrganisationFactory, user_with_role


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached values live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def make_user(db):
    """make_user(role, organisation=None, **fields) -> a verified user with that role."""
    return user_with_role


@pytest.fixture
def signed_in_client(client):
    """signed_in_client(user) -> the test client, signed in as `user`."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
