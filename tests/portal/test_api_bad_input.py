"""The API answers bad input with a JSON 4xx that its schema documents, never a 500,
an HTML page or a slash redirect (issue 13, requirement 8).

The operations are read from the API's own OpenAPI document, so a route added
later is covered without being listed here.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from portal.accounts.roles import Role
from portal.api import api
from supervision.models import SupervisionSession
from tests.factories import user_with_role
from tests.placements.support import make_cast
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.django_db

HUGE = str(10**30)
CSRF_SECRET = "k" * 32
WRITES = ("post", "put", "patch")


def operations() -> list[tuple[str, str, dict]]:
    """(method, path template, operation) for every operation in the schema."""
    schema = api.get_openapi_schema()
    return [
        (method, path, operation)
        for path, path_item in schema["paths"].items()
        for method, operation in path_item.items()
    ]


OPERATIONS = operations()
WITH_ID = [op for op in OPERATIONS if "{" in op[1]]
PAGINATED = [
    op for op in OPERATIONS if any(p["name"] == "page" for p in op[2].get("parameters", []))
]
WITH_BODY = [op for op in OPERATIONS if "requestBody" in op[2]]


def label(op) -> str:
    return f"{op[0].upper()} {op[1]}"


def fill(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def required_query(operation: dict) -> dict:
    """A value for each required query parameter, so only the one under test is wrong."""
    return {
        p["name"]: "1"
        for p in operation.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }


def send(client, method, path, body="{}", content_type="application/json", headers=None, **query):
    if query:
        path += "?" + "&".join(f"{name}={value}" for name, value in query.items())
    if method in WRITES:
        return getattr(client, method)(path, body, content_type=content_type, headers=headers)
    return getattr(client, method)(path, headers=headers)


def assert_documented_json_error(response, operation: dict, *allowed: int):
    assert response.status_code in allowed, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert "Location" not in response
    assert isinstance(response.json()["detail"], str)
    assert str(response.status_code) in {str(code) for code in operation["responses"]}


@pytest.fixture
def admin_client(client):
    """The demo admin's view: every record is in scope, so a 404 means no such record."""
    client.force_login(user_with_role(Role.ADMIN))
    return client


def test_the_walk_sees_the_operations():
    assert {label(op) for op in WITH_ID} >= {
        "POST /api/v1/placements/{placement_id}/transitions",
        "GET /api/v1/placements/{placement_id}/days",
        "DELETE /api/v1/me/tokens/{token_id}",
        "PATCH /api/v1/supervision/{session_id}",
    }
    assert {label(op) for op in PAGINATED} >= {
        "GET /api/v1/placements/",
        "GET /api/v1/supervision/",
        "GET /api/v1/direct-work/plans/{plan_id}/sessions",
    }
    assert "POST /api/v1/supervision/" in {label(op) for op in WITH_BODY}


# --- ids in the path -------------------------------------------------------------------


@pytest.mark.parametrize("op", WITH_ID, ids=label)
def test_a_non_numeric_id_is_a_json_404_on_every_method(admin_client, op):
    method, path, operation = op
    response = send(admin_client, method, fill(path, "abc"))
    assert_documented_json_error(response, operation, 404)


@pytest.mark.parametrize("op", WITH_ID, ids=label)
def test_an_id_past_any_database_integer_is_a_json_4xx(admin_client, op):
    method, path, operation = op
    response = send(admin_client, method, fill(path, HUGE), **required_query(operation))
    # 404 (no such record), or 422 for the empty body some writes were sent; an
    # upload (a multipart body) cannot read the JSON it was sent: 400.
    multipart = "multipart/form-data" in operation.get("requestBody", {}).get("content", {})
    assert_documented_json_error(response, operation, 404, 422, *((400,) if multipart else ()))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/placements",  # the list is /placements/
        "/api/v1/placements/abc/transitions/",
        "/api/v1/supervision/1/sign/",
        "/api/v1/no-such-thing",
        "/api/v1/placements/%0A/transitions",  # a newline
        "/api/v1/placements/%C2%93%0A%F4%82%9F%80sf/transitions",
    ],
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_address_that_is_no_operation_is_a_json_404_not_a_redirect(admin_client, path, method):
    response = send(admin_client, method, path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "Location" not in response
    assert response.json() == {"detail": "Not found."}


# --- page numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("op", PAGINATED, ids=label)
@pytest.mark.parametrize("page", [HUGE, str(2**63), "0"])
def test_a_page_out_of_range_is_422_naming_page(admin_client, op, page):
    method, path, operation = op
    response = send(admin_client, method, fill(path, "1"), page=page, **required_query(operation))
    assert_documented_json_error(response, operation, 422)
    assert "page" in {error["field"] for error in response.json()["errors"]}


def test_a_page_past_the_last_is_empty_and_a_huge_page_size_is_capped(admin_client):
    make_cast(status="active")
    past = admin_client.get("/api/v1/placements/?page=1000000")
    assert past.status_code == 200
    assert past.json()["items"] == []
    assert past.json()["count"] == 1
    capped = admin_client.get(f"/api/v1/placements/?page_size={HUGE}")
    assert capped.status_code == 200
    assert len(capped.json()["items"]) == 1


@pytest.mark.parametrize(
    "op", [op for op in OPERATIONS if required_query(op[2]) or op in PAGINATED], ids=label
)
def test_a_nul_character_in_a_query_parameter_is_422_naming_it(admin_client, op):
    method, path, operation = op
    names = [p["name"] for p in operation["parameters"] if p["in"] == "query"]
    for name in names:
        query = {**required_query(operation), name: "%00"}
        response = send(admin_client, method, fill(path, "1"), **query)
        assert_documented_json_error(response, operation, 422)
        assert name in {error["field"] for error in response.json()["errors"]}


def test_a_nul_character_in_a_text_filter_is_refused_not_searched(admin_client):
    response = admin_client.get("/api/v1/children/?reference=C-%00")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "reference",
            "message": "Remove the NUL character (\\x00) or broken character: "
            "no text may contain one.",
        }
    ]


# --- bodies ------------------------------------------------------------------------------

BROKEN_BODIES = {
    "broken JSON": ('{"transition": "confirm"', "application/json"),
    "multipart without a boundary": ("--x\r\nContent-Disposition: a", "multipart/form-data"),
    "plain text": ("transition=confirm", "text/plain"),
    "a form": ("transition=confirm&reason=x", "application/x-www-form-urlencoded"),
    "not UTF-8": (b"\xff\xfe{", "application/json"),
    # JSON escapes for text no database holds (PostgreSQL fails the query: a 500)
    "a NUL character": ('{"summary": "a\\u0000b", "transition": "x\\u0000"}', "application/json"),
    "half a surrogate pair": (
        '{"summary": "\\ud800", "transition": "\\ud800"}',
        "application/json",
    ),
    "a NUL in a key": ('{"a\\u0000": 1}', "application/json"),
}


@pytest.mark.parametrize("body", BROKEN_BODIES, ids=str)
@pytest.mark.parametrize("op", WITH_BODY, ids=label)
def test_a_body_that_cannot_be_read_is_a_json_400(op, body):
    method, path, operation = op
    content, content_type = BROKEN_BODIES[body]
    # A page's own request: session, CSRF cookie and header. The CSRF check reads
    # the form (request.POST) before ninja reads the body.
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.ADMIN))
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    headers = {"X-CSRFToken": CSRF_SECRET}
    response = send(client, method, fill(path, "1"), content, content_type, headers)
    assert_documented_json_error(response, operation, 400)
    assert response.json() == {"detail": "Cannot parse request body"}


def test_a_body_over_the_upload_limit_is_a_json_400(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"transition": "confirm", "reason": "' + "x" * 2000 + '"}'
    response = send(admin_client, "post", "/api/v1/placements/1/transitions", body)
    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot parse request body"}


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op[0] in WRITES], ids=label)
def test_every_write_answers_a_broken_body_with_a_json_4xx(admin_client, op):
    method, path, operation = op
    content, content_type = BROKEN_BODIES["broken JSON"]
    response = send(admin_client, method, fill(path, "1"), content, content_type)
    assert_documented_json_error(response, operation, 400, 404)


# --- times -------------------------------------------------------------------------------


@pytest.fixture
def cast():
    return make_cast(status="active")


@pytest.mark.parametrize("starts_at", ["10:00:00Z", "10:00+01:00", "10:00:00.5-05:00"])
def test_booking_a_time_with_a_zone_is_422_naming_it_and_books_nothing(client, cast, starts_at):
    client.force_login(cast.educator)
    response = client.post(
        "/api/v1/supervision/",
        {
            "placement": cast.placement.pk,
            "date": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "starts_at": starts_at,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["starts_at"]
    assert "without a time zone" in response.json()["errors"][0]["message"]
    assert not SupervisionSession.objects.filter(placement=cast.placement).exists()


def test_moving_a_record_to_a_time_with_a_zone_is_422_and_changes_nothing(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement)
    before = session.starts_at
    client.force_login(cast.educator)
    response = client.patch(
        f"/api/v1/supervision/{session.pk}",
        {"starts_at": "09:30Z"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["starts_at"]
    session.refresh_from_db()
    assert session.starts_at == before


def test_a_local_time_books_as_given(client, cast):
    client.force_login(cast.educator)
    response = client.post(
        "/api/v1/supervision/",
        {
            "placement": cast.placement.pk,
            "date": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "starts_at": "10:15",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "10:15:00"


# --- the schema --------------------------------------------------------------------------


def test_the_schema_documents_the_errors_and_the_local_time_format():
    schema = api.get_openapi_schema()
    transition = schema["paths"]["/api/v1/placements/{placement_id}/transitions"]["post"]
    assert {"400", "401", "403", "404", "409", "422"} <= {str(c) for c in transition["responses"]}
    # the operation's own 409 body (the allowed moves) is kept
    assert "NotAllowedOut" in str(transition["responses"][409])
    me = schema["paths"]["/api/v1/me"]["get"]
    assert {str(c) for c in me["responses"]} == {"200", "401", "403", "404"}
    components = schema["components"]["schemas"]
    for model, field in [("SessionIn", "starts_at"), ("SessionOut", "starts_at")]:
        starts_at = components[model]["properties"][field]
        assert "format" not in starts_at
        assert re.match(starts_at["pattern"], "10:00")
        assert re.match(starts_at["pattern"], "10:00:00")
        assert not re.match(starts_at["pattern"], "10:00:00Z")


def test_each_schema_name_names_one_type():
    """Two types under one name would leave one operation described by the other's
    schema (the placements' `Status` enum read as the assessments')."""
    schema = api.get_openapi_schema()
    assert schema.clashes == set()
    components = schema["components"]["schemas"]
    assert "proposed" in components["PlacementStatus"]["enum"]
    assert "authorised" in components["AssessmentStatus"]["enum"]
    assert "held" in components["DirectWorkSessionStatus"]["enum"]
    assert "awaiting_student" in components["SupervisionSessionStatus"]["enum"]
    supervision = schema["paths"]["/api/v1/supervision/{session_id}"]["get"]
    assert supervision["responses"][200]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SessionOut"
    }
    assert "agenda_learning" in components["SessionOut"]["properties"]
    assert "planned_time" in components["DirectWorkSessionOut"]["properties"]
