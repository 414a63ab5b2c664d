"""The co-ordinator's dashboard: the requests panel and the "Waiting for you" item
for requests read the requests once per request (issue 20), and say what they said."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.casework.dashboard import requests as panels
from placements.casework.models import SupportRequest
from placements.casework.selectors import waiting
from portal.accounts.roles import Role
from tests.casework.factories import ChildFactory, SchoolFactory, SupportRequestFactory
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


def a_request(service, school, **fields):
    child = ChildFactory(school=school, held_by=service)
    return SupportRequestFactory(child=child, school=school, **fields)


def both(user):
    return panels.coordinator_requests(user), waiting.coordinator_requests(user)


def test_one_waiting_request_is_linked_and_listed_from_one_read():
    service, school = OrganisationFactory(), SchoolFactory()
    coordinator = user_with_role(Role.COORDINATOR, service)
    waiting_one = a_request(service, school)
    a_request(service, school, status=SupportRequest.Status.ACCEPTED, decided_at=timezone.now())
    a_request(OrganisationFactory(), school)  # another service's

    request_started.send(sender=None)
    try:
        with CaptureQueriesContext(connection) as first:
            panel, item = both(coordinator)
        with CaptureQueriesContext(connection) as again:
            both(coordinator)
    finally:
        request_finished.send(sender=None)

    # The services, the bank holidays, the requests' dates, the rows shown.
    assert len(again) == 0 and len(first) <= 4
    listing = panel["casework_requests_waiting"]
    assert [row.pk for row in listing.rows] == [waiting_one.pk] and listing.total == 1
    assert (item.count, item.url) == (
        1,
        reverse("casework:request_detail", args=[waiting_one.pk]),
    )


def test_several_waiting_requests_link_to_the_list_of_them_past_the_rows_shown():
    service, school = OrganisationFactory(), SchoolFactory()
    coordinator = user_with_role(Role.COORDINATOR, service)
    made = [a_request(service, school) for _ in range(12)]

    panel, item = both(coordinator)

    listing = panel["casework_requests_waiting"]
    assert len(listing.rows) == 10 and listing.total == 12
    assert [row.pk for row in listing.rows] == [
        r.pk for r in sorted(made, key=lambda r: (r.submitted_at, r.pk))
    ][:10]
    assert (item.count, item.url) == (12, reverse("casework:request_list") + "?status=submitted")


def test_a_coordinator_of_no_service_has_nothing_waiting():
    coordinator = user_with_role(Role.COORDINATOR, SchoolFactory())

    assert waiting.coordinator_requests(coordinator).count == 0
