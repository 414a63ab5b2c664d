"""Registrations of interest through the API (issue 19, requirement 9): POST
/api/v1/referrals/ with "route": "interest" takes the public form's answers, runs
the form's checks through its service (a refusal names the field and keeps
nothing), emails the family in their language, and answers with the reference
and the eligibility for the next run: explained, never refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from placements.programmes.models import Referral, ReferredChild, Run
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.accounts.services import api_token_create
from portal.models import EmailOutbox
from tests.factories import OrganisationFactory, user_with_role

from .support import pocar

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals/"
TODAY = date(2027, 3, 10)
FIRST_DAY = date(2027, 4, 12)


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def with_token(user) -> Client:
    user.api_access_allowed = True
    user.save()
    secret = api_token_create(user=user, name="Referrals", days=30).secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def social_worker():
    council = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    return user_with_role(Role.SOCIAL_WORKER, council)


@pytest.fixture
def programme_with_run(programme):
    """The Children's Program (on TODAY) with a run to register interest in."""
    Run.objects.create(programme=programme, starts_on=FIRST_DAY, venue="Sjövik", places=10)
    return programme


@pytest.fixture
def api():
    return with_token(social_worker())


def answers(programme, **changes) -> dict:
    data = {
        "route": "interest",
        "programme": programme.pk,
        "parent_name": "Maria Lund",
        "parent_email": "maria@example.se",
        "municipality": "Norrby",
        "language": "sv",
        "treatment_stage": "aftercare",
        "sober_since": (TODAY - timedelta(days=90)).isoformat(),
        "parent_consent": True,
        "children": [
            {"first_name": "Elsa", "date_of_birth": "2018-06-01", "support_group": "queued"}
        ],
    }
    data.update(changes)
    return data


def send(api, body, language=None):
    headers = {"Accept-Language": language} if language else {}
    return api.post(URL, body, content_type="application/json", headers=headers)


def nothing_kept():
    return not (
        Referral.objects.exists() or ReferredChild.objects.exists() or EmailOutbox.objects.exists()
    )


def test_a_registration_is_kept_and_answered_with_the_reference_and_eligibility(
    programme_with_run, api
):
    response = send(api, answers(programme_with_run))
    assert response.status_code == 201, response.content
    body = response.json()
    made = Referral.objects.get()
    assert (made.route, made.programme, made.municipality) == (
        "interest",
        programme_with_run,
        "Norrby",
    )
    assert (made.language, made.treatment_stage) == ("sv", "aftercare")
    (child,) = made.children.all()
    assert (child.name, child.date_of_birth, child.support_group) == (
        "Elsa",
        date(2018, 6, 1),
        "queued",
    )
    assert body["id"] == made.pk and body["reference"] == made.reference
    assert body["reference"].startswith("CHI-") and body["route"] == "interest"
    assert body["status"] == "received"
    assert body["contact_due_date"] == made.contact_due_on.isoformat()
    run = Run.objects.get()
    eligibility = body["eligibility"]
    assert eligibility["eligible"] is True and eligibility["reasons"] == []
    assert eligibility["checked_on"] == "2027-04-12"
    assert eligibility["run"] == {"id": run.pk, "first_day": "2027-04-12"}
    assert eligibility["children"] == [
        {"number": 1, "age": 8, "status": "eligible", "eligible_from": None}
    ]
    assert eligibility["sober_days"] == 90 + 33 and eligibility["sober_enough_from"] is None
    # Explained in the family's language (Swedish), as on the page after the form.
    assert eligibility["language"] == "sv"
    assert "Elsa är 8 år den 12 april 2027 och kan vara med." in eligibility["explanation"]


def test_the_email_goes_to_the_family_in_their_language_with_the_reference_only(
    programme_with_run, api
):
    send(api, answers(programme_with_run))
    (email,) = EmailOutbox.objects.all()
    made = Referral.objects.get()
    assert email.recipient == "maria@example.se" and made.reference in email.subject
    assert "Vi har tagit emot er intresseanmälan" in email.message
    assert "Maria" not in email.message and "Elsa" not in email.message
    EmailOutbox.objects.all().delete()
    send(api, answers(programme_with_run, language="en-gb"))
    (email,) = EmailOutbox.objects.all()
    assert "We have received your registration of interest" in email.message


def test_the_explanation_is_in_the_language_asked_for(programme_with_run, api):
    body = send(api, answers(programme_with_run), language="en-GB,en;q=0.8").json()
    assert body["eligibility"]["language"] == "en-gb"
    assert "Elsa is 8 on 12 April 2027 and can take part." in body["eligibility"]["explanation"]
    english = send(api, answers(programme_with_run, language="en-gb")).json()["eligibility"]
    assert english["language"] == "en-gb"
    swedish = send(api, answers(programme_with_run, language="en-gb"), language="sv").json()
    assert swedish["eligibility"]["language"] == "sv"


def test_a_child_too_young_is_registered_and_told_when(programme_with_run, api):
    born = (FIRST_DAY + timedelta(days=1)).replace(year=2020)  # 7 the day after the first day
    later = Run.objects.create(
        programme=programme_with_run, starts_on=date(2027, 6, 7), venue="Sjövik", places=10
    )
    children = [{"first_name": "Elsa", "date_of_birth": born.isoformat(), "support_group": "none"}]
    response = send(api, answers(programme_with_run, language="en-gb", children=children))
    assert response.status_code == 201, response.content
    assert Referral.objects.count() == 1  # kept: explained, never refused
    eligibility = response.json()["eligibility"]
    assert eligibility["eligible"] is False and eligibility["reasons"] == ["age"]
    assert eligibility["children"] == [
        {"number": 1, "age": 6, "status": "too_young", "eligible_from": "2027-04-13"}
    ]
    assert eligibility["eligible_from"] == "2027-04-13"
    assert eligibility["next_run_when_eligible"] == {"id": later.pk, "first_day": "2027-06-07"}
    text = " ".join(eligibility["explanation"])
    assert "Elsa is 6 on 12 April 2027" in text and "13 April 2027" in text
    assert "support groups for children" in text


def test_sobriety_too_short_is_registered_with_the_day_it_is_long_enough(programme_with_run, api):
    sooner = Run.objects.create(
        programme=programme_with_run, starts_on=date(2027, 3, 22), venue="Sjövik", places=10
    )
    # 21 days on the sooner run's first day; 30 on 31 March, so the April run fits.
    response = send(api, answers(programme_with_run, sober_since="2027-03-01", language="en-gb"))
    assert response.status_code == 201, response.content
    eligibility = response.json()["eligibility"]
    assert eligibility["eligible"] is False and eligibility["reasons"] == ["sobriety"]
    assert eligibility["run"] == {"id": sooner.pk, "first_day": "2027-03-22"}
    assert eligibility["sober_days"] == 21
    assert eligibility["sober_enough_from"] == "2027-03-31"
    assert eligibility["next_run_when_eligible"]["first_day"] == "2027-04-12"
    assert any("31 March 2027" in line for line in eligibility["explanation"])
    assert Referral.objects.count() == 1


def test_a_treatment_stage_that_does_not_suit_is_explained(programme_with_run, api):
    response = send(api, answers(programme_with_run, treatment_stage="in_treatment"))
    eligibility = response.json()["eligibility"]
    assert eligibility["reasons"] == ["treatment_stage"]
    assert eligibility["eligible_from"] is None and not eligibility["treatment_stage_suits"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"parent_name": ""}, "parent_name"),
        ({"parent_email": ""}, "parent_email"),
        ({"parent_email": "not an address"}, "parent_email"),
        ({"municipality": ""}, "municipality"),
        ({"parent_consent": False}, "parent_consent"),
        ({"sober_since": "2027-03-11"}, "sober_since"),  # tomorrow
        ({"sober_since": "yesterday"}, "sober_since"),
        ({"language": "de"}, "language"),
        ({"treatment_stage": "done"}, "treatment_stage"),
        ({"children": []}, "child_1_first_name"),
        (
            {
                "children": [
                    {"first_name": " ", "date_of_birth": "2018-06-01", "support_group": "none"}
                ]
            },
            "child_1_first_name",
        ),
        (
            {
                "children": [
                    {"first_name": "Elsa", "date_of_birth": "2027-03-11", "support_group": "none"}
                ]
            },
            "child_1_date_of_birth",
        ),
        (
            {
                "children": [
                    {"first_name": "Elsa", "date_of_birth": "2008-01-01", "support_group": "none"}
                ]
            },
            "child_1_date_of_birth",
        ),
        (
            {
                "children": [
                    {"first_name": "Elsa", "date_of_birth": "2018-06-01", "support_group": "maybe"}
                ]
            },
            "support_group",
        ),
        ({"parent_name": "x" * 121}, "parent_name"),
    ],
)
def test_each_refusal_names_the_field_and_keeps_nothing(programme_with_run, api, changes, field):
    response = send(api, answers(programme_with_run, **changes))
    assert response.status_code == 422, response.content
    assert field in {error["field"] for error in response.json()["errors"]}
    assert nothing_kept()


def test_a_missing_answer_is_named(programme_with_run, api):
    body = answers(programme_with_run)
    del body["sober_since"]
    response = send(api, body)
    assert response.status_code == 422
    assert "sober_since" in {error["field"] for error in response.json()["errors"]}
    assert nothing_kept()


def test_every_problem_of_the_forms_checks_is_named_at_once(programme_with_run, api):
    response = send(
        api,
        answers(programme_with_run, parent_name="", municipality="", parent_consent=False),
        language="en",
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields >= {"parent_name", "municipality", "parent_consent"}
    assert "Enter your name" in response.content.decode()


def test_a_closed_programme_registers_nothing(programme_with_run, api):
    programme_with_run.is_accepting_referrals = False
    programme_with_run.save()
    response = send(api, answers(programme_with_run, language="en-gb"))
    assert response.status_code == 422
    assert "not taking registrations of interest" in response.content.decode()
    # In the family's language unless the caller asks for another (Swedish here).
    swedish = send(api, answers(programme_with_run)).json()["errors"]
    assert swedish == [
        {"field": None, "message": "Programmet tar inte emot intresseanmälningar just nu."}
    ]
    assert nothing_kept()


def test_each_programme_takes_its_own_route(programme_with_run, api):
    rolling = pocar(is_accepting_referrals=True)
    response = send(api, answers(rolling))
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["route"]
    professional = {"programme": programme_with_run.pk, "route": "referral", "referrer_name": "R"}
    response = send(api, {**professional})
    assert response.status_code == 422  # a professional's fields are missing
    response = send(api, {**answers(programme_with_run), "route": "sideways"})
    assert response.status_code == 422
    assert "route" in {error["field"] for error in response.json()["errors"]}
    assert nothing_kept()


def test_a_professionals_referral_to_a_programme_run_in_runs_is_refused(programme_with_run, api):
    from .test_api_referrals import payload

    response = send(api, payload(programme_with_run))
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["route"]
    assert "registrations of interest" in response.content.decode()
    assert nothing_kept()


@pytest.mark.parametrize("role", [Role.STUDENT, Role.PROGRAMME_WORKER, Role.COORDINATOR])
def test_only_those_who_may_refer_may_register(programme_with_run, role):
    response = send(with_token(user_with_role(role)), answers(programme_with_run))
    assert response.status_code == 403
    assert nothing_kept()


def test_without_a_token_nothing_is_registered(programme_with_run):
    response = Client().post(URL, answers(programme_with_run), content_type="application/json")
    assert response.status_code == 401
    assert nothing_kept()


def test_an_unknown_programme_is_404(programme_with_run, api):
    assert send(api, {**answers(programme_with_run), "programme": 999999}).status_code == 404
    assert nothing_kept()


def test_the_schema_lists_the_registration_of_interest(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/referrals/"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/InterestIn"} in body["oneOf"]
    created = operation["responses"]["201"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/InterestCreatedOut"} in created["anyOf"]
    components = schema["components"]["schemas"]
    assert {"sober_since", "treatment_stage", "children"} <= set(
        components["InterestIn"]["properties"]
    )
    assert "explanation" in components["EligibilityOut"]["properties"]
