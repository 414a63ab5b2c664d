"""A programme's runs in the API (issue 19, requirement 9): the planned runs with
their days, venue, places and places left; the leaders' names only to the
programme's staff; a constant number of queries however many runs and leaders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from placements.programmes.models import Run
from placements.programmes.services.interest import InterestChild, interest_register
from placements.programmes.services.runs import run_invite, run_place_decline
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.accounts.services import api_token_create
from tests.factories import OrganisationFactory, user_with_role

from .leaders_support import leader, run
from .people import programme_worker, provider_coordinator
from .support import pocar

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)
FIRST_DAY = date(2027, 4, 12)
LATER = date(2027, 6, 7)
PAST = date(2027, 2, 1)


def with_token(user) -> Client:
    user.api_access_allowed = True
    user.save()
    secret = api_token_create(user=user, name="Runs", days=30).secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def url(programme) -> str:
    return f"/api/v1/programmes/{programme.pk}/runs/"


def social_worker():
    council = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    return user_with_role(Role.SOCIAL_WORKER, council)


def family(programme, *born: date, sober_days: int = 90):
    return interest_register(
        programme=programme,
        details={
            "parent_name": "Vera Testberg",
            "parent_email": "vera@example.se",
            "parent_phone": "",
            "municipality": "Norrby",
            "language": "sv",
            "treatment_stage": "aftercare",
            "sober_since": TODAY - timedelta(days=sober_days),
            "parent_consent": True,
        },
        children=[InterestChild(n, f"Barn {n}", day, "none") for n, day in enumerate(born, 1)],
    )


@pytest.fixture
def runs(programme):
    """A past run, two coming runs led by two certified leaders, a cancelled one."""
    certified = dict(issued_on=date(2025, 1, 1), expires_on=date(2029, 1, 1))
    karin = leader(programme, "Karin Ek", **certified)
    omar = leader(programme, "Omar Haddad", **certified)
    past = run(programme, PAST, places=8)
    soon = run(programme, FIRST_DAY, places=10, venue="Kursgården Sjövik, Norrby")
    later = run(programme, LATER, places=6)
    for each in (past, soon, later):
        each.leaders.set([karin, omar])
    run(programme, date(2027, 5, 3), status=Run.Status.CANCELLED)
    return past, soon, later


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_the_coming_runs_have_their_days_venue_and_places_left(programme, runs):
    _past, soon, later = runs
    worker = programme_worker(programme)
    held = run_invite(
        run=soon, referral=family(programme, date(2018, 5, 1), date(2016, 1, 9)), by=worker
    )
    declined = run_invite(run=soon, referral=family(programme, date(2017, 3, 3)), by=worker)
    run_place_decline(place=declined, reason="Sjuk", by=worker)
    body = with_token(social_worker()).get(url(programme)).json()
    assert body["count"] == 2  # the past and the cancelled runs are left out
    first, second = body["items"]
    assert first == {
        "id": soon.pk,
        "first_day": "2027-04-12",
        "last_day": "2027-04-15",
        "parent_days": ["2027-04-14", "2027-04-15"],
        "venue": "Kursgården Sjövik, Norrby",
        "places": 10,
        "places_left": 10 - held.children_count,
        "leader_count": 2,
        "leaders": None,
    }
    assert held.children_count == 2
    assert (second["id"], second["places_left"], second["first_day"]) == (
        later.pk,
        6,
        "2027-06-07",
    )


@pytest.mark.parametrize("who", ["worker", "coordinator"])
def test_the_programmes_staff_see_the_leaders_names(programme, runs, who):
    staff = programme_worker(programme) if who == "worker" else provider_coordinator(programme)
    first = items(with_token(staff).get(url(programme)))[0]
    assert first["leaders"] == ["Karin Ek", "Omar Haddad"]
    assert first["leader_count"] == 2


def test_a_session_of_the_programmes_worker_sees_the_names_too(client, programme, runs):
    client.force_login(programme_worker(programme))
    assert items(client.get(url(programme)))[0]["leaders"] == ["Karin Ek", "Omar Haddad"]


def test_a_referrer_and_another_providers_staff_get_the_runs_without_names(programme, runs):
    other = pocar()  # another provider's programme
    for caller in (
        social_worker(),
        provider_coordinator(other),
        programme_worker(other),
        user_with_role(Role.STUDENT),
    ):
        rows = items(with_token(caller).get(url(programme)))
        assert [row["leaders"] for row in rows] == [None, None], caller
        assert [row["leader_count"] for row in rows] == [2, 2]
        assert "Karin" not in str(rows)


def test_from_includes_recent_runs(programme, runs):
    past, soon, later = runs
    api = with_token(social_worker())
    rows = items(api.get(url(programme), {"from": "2027-01-01"}))
    assert [row["id"] for row in rows] == [past.pk, soon.pk, later.pk]
    assert [row["id"] for row in items(api.get(url(programme), {"from": "2027-04-12"}))] == [
        soon.pk,
        later.pk,
    ]
    assert [row["id"] for row in items(api.get(url(programme), {"from": "0001-01-01"}))] == [
        past.pk,
        soon.pk,
        later.pk,
    ]


@pytest.mark.parametrize("value", ["2027-13-01", "yesterday"])
def test_a_bad_from_is_422_naming_it(programme, runs, value):
    response = with_token(social_worker()).get(url(programme), {"from": value})
    assert response.status_code == 422
    assert "from" in {error["field"] for error in response.json()["errors"]}


def test_an_unknown_programme_or_one_without_runs_is_404(programme):
    api = with_token(provider_coordinator(programme))
    assert api.get("/api/v1/programmes/999999/runs/").status_code == 404
    rolling = pocar()
    response = with_token(provider_coordinator(rolling)).get(url(rolling))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_programme_without_runs_planned_has_an_empty_list(programme):
    body = with_token(programme_worker(programme)).get(url(programme)).json()
    assert body == {"items": [], "count": 0}


def test_without_a_token_the_runs_are_401(programme, runs):
    assert Client().get(url(programme)).status_code == 401


def test_the_schema_lists_the_route(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/programmes/{programme_id}/runs/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"programme_id", "from", "page"}
    assert "leaders" in schema["components"]["schemas"]["RunOut"]["properties"]


@pytest.mark.parametrize("count", [5, 50])
def test_the_runs_make_a_constant_number_of_queries(
    programme, django_assert_max_num_queries, count
):
    leaders = [
        leader(programme, f"Ledare {n}", issued_on=date(2025, 1, 1), expires_on=date(2029, 1, 1))
        for n in range(4)
    ]
    for n in range(count):
        made = run(programme, FIRST_DAY + timedelta(days=7 * n))
        made.leaders.set(leaders[n % 2 : n % 2 + 3])
    staff, stranger = with_token(programme_worker(programme)), with_token(social_worker())
    with django_assert_max_num_queries(12):
        body = staff.get(url(programme), {"page_size": 100}).json()
    assert body["count"] == count and all(row["leaders"] for row in body["items"])
    with django_assert_max_num_queries(12):
        assert stranger.get(url(programme)).json()["count"] == count
