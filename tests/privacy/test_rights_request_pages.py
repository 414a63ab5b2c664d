"""The rights request pages: the list with its flags, recording, extending,
closing and erasing with a confirmation; other roles are refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.accounts.roles import Role
from portal.privacy.models import RightsRequest
from portal.privacy.rights import rights_request_record
from tests.casework.factories import ChildFactory
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

LIST = "/portal/privacy/requests/"
R = RightsRequest


@pytest.fixture
def admin(client):
    user = user_with_role(Role.ADMIN)
    client.force_login(user)
    return user


def a_request(admin, days_ago=0, kind=R.Kind.ACCESS):
    child = ChildFactory()
    return rights_request_record(
        by=admin,
        kind=kind,
        received_on=timezone.localdate() - timedelta(days=days_ago),
        requested_by="Their father, by email",
        subject_kind="child",
        subject_id=child.pk,
    )


def test_the_list_flags_overdue_requests_and_filters(client, admin):
    late = a_request(admin, days_ago=40)
    a_request(admin)
    page = client.get(LIST).content.decode()
    assert "1 overdue" in page and "Overdue" in page
    overdue = client.get(LIST, {"show": "overdue"})
    assert list(overdue.context["page_obj"]) == [late]


def test_recording_a_request_from_the_page(client, admin):
    child = ChildFactory()
    response = client.post(
        f"{LIST}new/",
        {
            "kind": "access",
            "received_on": timezone.localdate().isoformat(),
            "requested_by": "Their aunt, by phone",
            "subject_kind": "child",
            "subject_id": str(child.pk),
        },
    )
    request = R.objects.get()
    assert response.status_code == 302 and response.url == f"{LIST}{request.pk}/"


def test_a_bad_date_is_refused_on_the_form_and_nothing_is_saved(client, admin):
    response = client.post(
        f"{LIST}new/",
        {
            "kind": "access",
            "received_on": "31/02/2027",
            "requested_by": "X",
            "subject_kind": "child",
            "subject_id": "1",
        },
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not R.objects.exists()


def test_extending_twice_is_refused_with_a_message(client, admin):
    request = a_request(admin)
    url = f"{LIST}{request.pk}/extend/"
    client.post(url, {"months": "1", "reason": "Many records."})
    second = client.post(url, {"months": "1", "reason": "Still more."}, follow=True)
    assert "already been extended once" in second.content.decode()


def test_a_missing_reason_shows_on_the_extend_form(client, admin):
    request = a_request(admin)
    response = client.post(f"{LIST}{request.pk}/extend/", {"months": "1", "reason": ""})
    assert response.status_code == 200
    assert (
        "Enter" in response.content.decode() and "There is a problem" in response.content.decode()
    )
    request.refresh_from_db()
    assert request.extended_to is None


def test_erasure_asks_for_confirmation_first(client, admin):
    request = a_request(admin, kind=R.Kind.ERASURE)
    confirm = client.get(f"{LIST}{request.pk}/erase/")
    assert "This cannot be undone" in confirm.content.decode()
    done = client.post(f"{LIST}{request.pk}/erase/", follow=True)
    assert "the law requires keeping for now" in done.content.decode()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.TUTOR])
def test_other_roles_are_refused(client, role):
    admin = user_with_role(Role.ADMIN)
    request = a_request(admin)
    client.force_login(user_with_role(role))
    for url in (LIST, f"{LIST}new/", f"{LIST}{request.pk}/", f"{LIST}{request.pk}/erase/"):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(f"{LIST}{request.pk}/close/", {"status": "done", "outcome": "x"}).status_code
        == 403
    )
    request.refresh_from_db()
    assert request.status == R.Status.OPEN
