"""Every role against every placement page and API route (issue 4, requirement 14).

One active placement with its whole cast, plus people who are not on it. Each
route names who may use it; everyone else who can see the placement gets 403,
everyone who cannot see it gets 404 (so a guessed id reveals nothing), and a
visitor who is not signed in is sent to sign in (pages) or gets 401 (API).
"""

from __future__ import annotations

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import LearningAgreement, Placement, PlacementDay
from placements.services.agreement import agreement_save
from placements.services.ledger import day_record
from portal.accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import EducatorProfileFactory, PlacementFactory
from tests.placements.support import make_cast

pytestmark = pytest.mark.django_db

ON_PLACEMENT = {"student", "educator", "supervisor", "tutor"}
COORDINATORS = {"host_coordinator", "university_coordinator"}
# Who sees the placement: the people on it, its co-ordinators, the tutors of the
# student's university, administrators.
VIEWERS = ON_PLACEMENT | COORDINATORS | {"colleague_tutor", "admin"}
OUTSIDERS = {
    "other_student",
    "other_educator",
    "other_tutor",
    "other_coordinator",
    "school_contact",
    "lifestory_worker",
    "editor",
}
EVERYONE = VIEWERS | OUTSIDERS


def page(name: str, *, allowed: set[str], query: str = "", **kwargs):
    return pytest.param(name, allowed, kwargs, query, id=f"{name}{query}")


# (URL name, who gets 200). Viewers outside `allowed` get 403; outsiders 404.
PAGES = [
    page("placement_detail", allowed=VIEWERS),
    page("ledger", allowed=VIEWERS),
    page("day_create", allowed={"student"}),
    page("days_confirm", allowed={"educator"}, query="?week=WEEK"),
    page("days_repeat", allowed={"student"}),
    page("agreement", allowed=VIEWERS),
    page("agreement_edit", allowed={"educator", "admin"} | COORDINATORS),
    page("agreement_sign", allowed=ON_PLACEMENT),
    page("concern_list", allowed=VIEWERS),
    page("concern_raise", allowed=ON_PLACEMENT | COORDINATORS),
    page(
        "placement_transition",
        allowed={"tutor"} | COORDINATORS,
        transition="suspend",
    ),
    page("placement_transition", allowed={"admin"} | COORDINATORS, transition="end_early"),
    page("evidence_list", allowed=VIEWERS),
    page("evidence_coverage", allowed=VIEWERS),
    page("evidence_create", allowed={"student"}),
    page("midpoint_review_record", allowed={"educator"}),
    page("panel_decisions", allowed=VIEWERS),
]

API_ROUTES = ["", "/days", "/ledger", "/concerns"]

# Pages that are not about one placement: who gets 200; every other signed-in
# role gets 403.
REPORTERS = COORDINATORS | {"admin"}
ROLE_PAGES = [
    pytest.param(
        "placement_list",
        VIEWERS | {"other_student", "other_educator", "other_tutor", "other_coordinator"},
        id="placement_list",
    ),
    pytest.param(
        "placement_export",
        {"tutor", "colleague_tutor", "other_tutor", "other_coordinator"} | REPORTERS,
        id="placement_export",
    ),
    pytest.param("allocation", REPORTERS | {"other_coordinator"}, id="allocation"),
    pytest.param(
        "allocation_educators", REPORTERS | {"other_coordinator"}, id="allocation_educators"
    ),
    pytest.param(
        "allocation_settings", REPORTERS | {"other_coordinator"}, id="allocation_settings"
    ),
    pytest.param("quality_report", REPORTERS | {"other_coordinator"}, id="quality_report"),
    pytest.param("people", REPORTERS | {"other_coordinator"}, id="people"),
]


@pytest.fixture
def world(db):
    cast = make_cast(status=Placement.Status.ACTIVE)
    people = {
        "student": cast.student,
        "educator": cast.educator,
        "supervisor": cast.supervisor,
        "tutor": cast.tutor,
        "host_coordinator": cast.host_coordinator,
        "university_coordinator": cast.university_coordinator,
        "admin": cast.admin,
        **cast.extras(),
    }
    # Something to confirm and something to sign.
    day_record(
        placement=cast.placement,
        by=cast.student,
        date=timezone.localdate() - timedelta(days=7),
        kind=PlacementDay.Kind.PLACEMENT,
        hours=Decimal("7.5"),
    )
    agreement_save(
        placement=cast.placement,
        by=cast.educator,
        learning_needs="Direct work with children in school.",
        learning_opportunities="Early help assessments with the team.",
        supervision_day=LearningAgreement.Weekday.TUESDAY,
        supervision_time=time(14, 0),
        induction="Two days shadowing the duty team.",
    )
    elsewhere = PlacementFactory()
    people["other_student"] = elsewhere.student
    people["other_educator"] = EducatorProfileFactory(organisation=OrganisationFactory()).user
    people["lifestory_worker"] = user_with_role(Role.LIFESTORY_WORKER)
    people["editor"] = user_with_role(Role.EDITOR)
    return cast.placement, people


def expected(who: str, allowed: set[str]) -> int:
    if who in allowed:
        return 200
    return 403 if who in VIEWERS else 404


@pytest.mark.parametrize(("name", "allowed", "kwargs", "query"), PAGES)
def test_each_role_on_each_placement_page(client, world, name, allowed, kwargs, query):
    placement, people = world
    week = placement.days.get().date.isoformat()
    url = reverse(f"placements:{name}", kwargs={"pk": placement.pk, **kwargs})
    url += query.replace("WEEK", week)
    outcomes = {}
    for who in sorted(EVERYONE):
        client.force_login(people[who])
        outcomes[who] = client.get(url).status_code
        client.logout()
    assert outcomes == {who: expected(who, allowed) for who in sorted(EVERYONE)}

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("name", "allowed"), ROLE_PAGES)
def test_each_role_on_each_page_that_is_not_about_one_placement(client, world, name, allowed):
    _, people = world
    # Asking for an export is a POST, answered by a redirect to its status page.
    export = name == "placement_export"
    kwargs = {"fmt": "csv"} if export else {}
    url = reverse(f"placements:{name}", kwargs=kwargs)
    ask = client.post if export else client.get
    outcomes = {}
    for who in sorted(EVERYONE):
        client.force_login(people[who])
        outcomes[who] = ask(url).status_code
        client.logout()
    ok = 302 if export else 200
    assert outcomes == {who: ok if who in allowed else 403 for who in sorted(EVERYONE)}
    response = ask(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("suffix", API_ROUTES)
def test_each_role_on_each_placement_api_route(client, world, suffix):
    placement, people = world
    url = f"/api/v1/placements/{placement.pk}{suffix}"
    outcomes = {}
    for who in sorted(EVERYONE):
        client.force_login(people[who])
        outcomes[who] = client.get(url).status_code
        client.logout()
    assert outcomes == {who: expected(who, VIEWERS) for who in sorted(EVERYONE)}
    assert client.get(url).status_code == 401


# Roles with no part in placements are refused the lists outright.
NO_PLACEMENT_WORK = {"school_contact", "lifestory_worker", "editor"}


def test_roles_without_placement_work_are_refused_the_lists(client, world):
    _, people = world
    for who in sorted(EVERYONE):
        client.force_login(people[who])
        refused = who in NO_PLACEMENT_WORK
        assert client.get(reverse("placements:placement_list")).status_code == (
            403 if refused else 200
        ), who
        assert client.get("/api/v1/placements/").status_code == (403 if refused else 200), who
        client.logout()


def test_the_placement_list_and_api_list_show_only_what_each_role_may_see(client, world):
    placement, people = world
    for who in sorted(EVERYONE - NO_PLACEMENT_WORK):
        client.force_login(people[who])
        ids = {item["id"] for item in client.get("/api/v1/placements/").json()["items"]}
        assert (placement.pk in ids) is (who in VIEWERS), who
        page_response = client.get(reverse("placements:placement_list"))
        detail = reverse("placements:placement_detail", kwargs={"pk": placement.pk})
        if who in VIEWERS:
            assert detail in page_response.content.decode(), who
        else:
            assert detail not in page_response.content.decode(), who
        client.logout()
