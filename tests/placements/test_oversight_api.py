"""The RAG status in the placements API (`rag`, `rag_reasons`)."""

from __future__ import annotations

import pytest

from placements.models import Placement
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import UniversityFactory
from tests.placements.support import answer_cannot_tell, placements_for_counting, university

pytestmark = pytest.mark.django_db

LIST = "/api/v1/placements/"
S = Placement.Status


@pytest.fixture
def supervision_cannot_tell(monkeypatch):
    """The supervision app answering "cannot tell" for university()'s grey placement."""
    return answer_cannot_tell(monkeypatch)


def test_the_list_gives_each_placements_rag_status_and_reasons(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)

    items = {item["id"]: item for item in client.get(LIST).json()["items"]}

    assert set(items) == {uni.red.pk, uni.amber.pk, uni.grey.pk, uni.passed.pk}
    assert items[uni.red.pk]["rag"] == "red"
    # The supervision app answers for it: nothing missed, so only the concern.
    assert items[uni.red.pk]["rag_reasons"] == ["Open cause for concern (stage 2)"]
    assert items[uni.amber.pk]["rag"] == "amber"
    assert items[uni.grey.pk]["rag"] == "no_data"
    assert items[uni.grey.pk]["rag_reasons"] == [
        "Weekly supervision: no data yet",
        "Direct observations: no data yet",
    ]
    # Finished: no status, its own status says how it ended.
    assert items[uni.passed.pk]["rag"] is None
    assert items[uni.passed.pk]["rag_reasons"] == []
    assert items[uni.passed.pk]["status"] == "passed"


def test_one_placement_has_the_same_rag_status_as_the_list(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    listed = {item["id"]: item for item in client.get(LIST).json()["items"]}
    for placement in (uni.red, uni.amber, uni.grey, uni.passed):
        one = client.get(f"{LIST}{placement.pk}").json()
        assert (one["rag"], one["rag_reasons"]) == (
            listed[placement.pk]["rag"],
            listed[placement.pk]["rag_reasons"],
        )


def test_a_status_change_answers_with_the_new_rag_status(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    coordinator = user_with_role(Role.COORDINATOR, uni.university)
    client.force_login(coordinator)
    response = client.post(
        f"{LIST}{uni.grey.pk}/transitions",
        {"transition": "suspend"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "suspended"
    assert body["rag"] == "red"
    assert body["rag_reasons"][0] == "Placement suspended"


def test_the_rag_status_is_scoped_like_the_pages(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(user_with_role(Role.TUTOR, UniversityFactory()))
    assert client.get(LIST).json()["items"] == []
    assert client.get(f"{LIST}{uni.red.pk}").status_code == 404


def test_the_schema_lists_the_rag_values(client):
    schema = client.get("/api/v1/openapi.json").json()
    properties = schema["components"]["schemas"]["PlacementOut"]["properties"]
    values = {value for option in properties["rag"]["anyOf"] for value in option.get("enum", [])}
    assert values == {"red", "amber", "green", "no_data"}
    assert properties["rag_reasons"]["type"] == "array"


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_with_rag_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    northgate = UniversityFactory()
    tutor = user_with_role(Role.TUTOR, northgate)
    placements_for_counting(rows, northgate)
    client.force_login(tutor)

    # Ten as before, and five for the supervision app's selectors (three for weekly
    # supervision, two for the observation checklist).
    with django_assert_max_num_queries(10 + 5):
        response = client.get(LIST)

    items = response.json()["items"]
    assert len(items) == min(rows, 25)
    assert sum(item["rag"] == "red" for item in items) == sum(
        1 for index in range(min(rows, 25)) if index % 3 == 0
    )
