"""Programmes in the API (issue 18, requirement 10): the caller's programmes and a
programme's outcome figures, with a personal token, scoped like the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from placements.programmes.models import OutcomeCheck
from portal.accounts.roles import Role
from portal.accounts.services import api_token_create
from tests.factories import user_with_role

from .delivery_support import coordinator_of, other_programme, worker_on
from .outcomes_support import family
from .support import childrens_program, pocar

pytestmark = pytest.mark.django_db

P = OutcomeCheck.Point
ENDED = date(2025, 3, 10)


@pytest.fixture
def pocar_programme():
    return pocar()


@pytest.fixture
def coordinator(pocar_programme):
    return coordinator_of(pocar_programme)


def with_token(user) -> Client:
    secret = api_token_create(user=user, name="Evaluation", days=30).secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def cohort(programme, by, *, cp=6, none=0):
    """`cp` children on a plan at referral still on one at 12 months... then `none` off it."""
    follow = {P.COMPLETION: ("cp",), P.THREE_MONTHS: ("cp",)}
    for _ in range(cp):
        family(programme, ended_on=ENDED, by=by, follow_ups={**follow, P.TWELVE_MONTHS: ("cp",)})
    for _ in range(none):
        family(programme, ended_on=ENDED, by=by, follow_ups={**follow, P.TWELVE_MONTHS: ("none",)})


def test_the_list_has_only_the_callers_programmes(pocar_programme, coordinator):
    other_programme()
    response = with_token(coordinator).get("/api/v1/programmes/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (row,) = body["items"]
    assert (row["id"], row["slug"], row["name"]) == (pocar_programme.pk, "pocar", "POCAR")
    assert (row["kind"], row["entry"], row["length_weeks"]) == (
        "parent_substance_misuse",
        "rolling",
        16,
    )


def test_the_childrens_program_is_listed_with_its_kind_and_rules(pocar_programme):
    childrens = childrens_program()
    coordinator = coordinator_of(childrens)
    body = with_token(coordinator).get("/api/v1/programmes/").json()
    row = next(item for item in body["items"] if item["id"] == childrens.pk)
    assert row == {
        "id": childrens.pk,
        "slug": "childrens-program",
        "name": "Children's Program",
        "kind": "children_residential",
        "entry": "runs",
        "length_weeks": None,
        "length_days": 4,
        "parent_days": [3, 4],
        "group_size": 10,
        "min_age": 7,
        "max_age": 12,
        "min_sober_days": 30,
        "treatment_stages": ["ending_treatment", "aftercare"],
        "leaders_per_run": 2,
    }
    assert pocar().pk not in {item["id"] for item in body["items"]}  # another provider's


def test_the_list_is_empty_for_someone_on_no_programme(client):
    client.force_login(user_with_role(Role.STUDENT))
    response = client.get("/api/v1/programmes/")
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_without_a_token_the_api_answers_401(pocar_programme):
    assert Client().get("/api/v1/programmes/").status_code == 401
    assert Client().get(f"/api/v1/programmes/{pocar_programme.pk}/outcomes").status_code == 401


def test_the_outcomes_are_the_evaluations_figures(pocar_programme, coordinator):
    cohort(pocar_programme, coordinator, cp=2, none=6)
    response = with_token(coordinator).get(
        f"/api/v1/programmes/{pocar_programme.pk}/outcomes?from=2025-01-01&to=2025-12-31"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["n_children"] == 8
    assert body["cp_plans_baseline"] == 8
    assert body["cp_plans_3m"] == 8
    assert body["cp_reduction_3m"] == 0
    assert body["cp_plans_12m"] == 2
    assert body["cp_reduction_12m"] == 75
    assert body["looked_after_12m"] == 0
    assert body["n"]["cp_reduction_12m"] == 8
    assert body["suppressed"] == []
    assert body["date_from"] == "2025-01-01"


def test_a_small_group_is_null_and_named_in_suppressed(pocar_programme, coordinator):
    cohort(pocar_programme, coordinator, cp=3)
    body = with_token(coordinator).get(f"/api/v1/programmes/{pocar_programme.pk}/outcomes").json()
    assert body["cp_plans_baseline"] is None
    assert body["cp_reduction_12m"] is None
    assert set(body["suppressed"]) == {
        "cp_plans_baseline",
        "cp_plans_3m",
        "cp_plans_12m",
        "cp_reduction_3m",
        "cp_reduction_12m",
        "looked_after_12m",
    }
    assert body["n_children"] == 3


def test_a_range_outside_the_cohort_counts_nobody(pocar_programme, coordinator):
    cohort(pocar_programme, coordinator, cp=5)
    body = (
        with_token(coordinator)
        .get(f"/api/v1/programmes/{pocar_programme.pk}/outcomes?to=2024-12-31")
        .json()
    )
    assert (body["enrolments"], body["n_children"]) == (0, 0)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2025-13-01", "from"),
        ("to=yesterday", "to"),
        ("from=2025-06-01&to=2025-01-01", "from"),
    ],
)
def test_a_bad_date_is_422_naming_the_field(pocar_programme, coordinator, query, field):
    response = with_token(coordinator).get(
        f"/api/v1/programmes/{pocar_programme.pk}/outcomes?{query}"
    )
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert field in {error["field"] for error in response.json()["errors"]}


def test_another_programme_is_404(pocar_programme):
    stranger = user_with_role(Role.COORDINATOR, organisation=other_programme().provider)
    response = with_token(stranger).get(f"/api/v1/programmes/{pocar_programme.pk}/outcomes")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert with_token(stranger).get("/api/v1/programmes/999999/outcomes").status_code == 404


def test_a_team_member_reads_the_outcomes_in_a_session(client, pocar_programme):
    client.force_login(worker_on(pocar_programme))
    assert client.get(f"/api/v1/programmes/{pocar_programme.pk}/outcomes").status_code == 200


@pytest.mark.parametrize("families", [5, 50])
def test_the_outcomes_make_a_constant_number_of_queries(
    pocar_programme, coordinator, django_assert_max_num_queries, families
):
    cohort(pocar_programme, coordinator, cp=families)
    api = with_token(coordinator)
    with django_assert_max_num_queries(14):
        body = api.get(f"/api/v1/programmes/{pocar_programme.pk}/outcomes").json()
    assert body["n_children"] == families
    with django_assert_max_num_queries(10):
        assert api.get("/api/v1/programmes/").status_code == 200
