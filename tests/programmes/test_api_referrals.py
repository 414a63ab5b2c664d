"""Referrals in the API (issue 18, requirement 10): a partner agency's social worker
refers a family with a personal token (the form's checks, 201 with the reference
and contact date, nothing more); the programme's staff list and read referrals,
each read logged; everyone else is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from placements.programmes.models import Referral, ReferredChild
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.accounts.services import api_token_create
from portal.audit.models import AccessEvent
from portal.models import EmailOutbox
from tests.factories import OrganisationFactory, user_with_role

from .people import programme_worker, provider_coordinator, referral, years_ago
from .support import pocar

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals/"


def with_token(user) -> Client:
    user.api_access_allowed = True
    user.save()
    secret = api_token_create(user=user, name="Referrals", days=30).secret
    return Client(headers={"Authorization": f"Bearer {secret}"})


def social_worker():
    council = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    return user_with_role(Role.SOCIAL_WORKER, council)


def payload(for_programme, **changes) -> dict:
    data = {
        "programme": for_programme.pk,
        "referrer_name": "Rowan Referrer",
        "referrer_local_authority": "Midshire Council",
        "referrer_team": "Family Support East",
        "referrer_email": "rowan@midshire.example.org",
        "referrer_phone": "01234 567890",
        "children_open_to_services": True,
        "meets_threshold": True,
        "parent_name": "Jordan Parentname",
        "parent_date_of_birth": years_ago(30).isoformat(),
        "parent_gender": "female",
        "parent_address": "1 Example Road",
        "substances": "Alcohol",
        "parent_consent": True,
        "children": [
            {
                "name": "Alex Childname",
                "date_of_birth": years_ago(3).isoformat(),
                "social_care_status": "cp",
                "lives_with_parent": True,
            }
        ],
    }
    data.update(changes)
    return data


@pytest.fixture
def pocar_taking_referrals():
    made = pocar()
    made.is_accepting_referrals = True
    made.save()
    return made


def test_a_social_worker_refers_a_family_and_gets_the_reference_only(pocar_taking_referrals):
    response = with_token(social_worker()).post(
        URL, payload(pocar_taking_referrals), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "reference", "status", "contact_due_date"}
    made = Referral.objects.get(pk=body["id"])
    assert body["reference"] == made.reference and body["status"] == "received"
    assert body["contact_due_date"] == made.contact_due_on.isoformat()
    assert made.children.get().name == "Alex Childname"
    (email,) = EmailOutbox.objects.all()
    assert made.reference in email.message and "Jordan" not in email.message


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"meets_threshold": False}, "meets_threshold"),
        ({"parent_consent": False}, "parent_consent"),
        ({"parent_date_of_birth": years_ago(16).isoformat()}, "parent_date_of_birth"),
        (
            {
                "children": [
                    {
                        "name": "Alex",
                        "date_of_birth": "2999-01-01",
                        "social_care_status": "cp",
                        "lives_with_parent": True,
                    }
                ]
            },
            "child_1_date_of_birth",
        ),
        ({"referrer_email": "not an address"}, "referrer_email"),
    ],
)
def test_the_forms_checks_refuse_naming_the_field_and_write_nothing(
    pocar_taking_referrals, changes, field
):
    response = with_token(social_worker()).post(
        URL, payload(pocar_taking_referrals, **changes), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    assert field in response.content.decode()
    assert not Referral.objects.exists() and not ReferredChild.objects.exists()
    assert not EmailOutbox.objects.exists()


def test_no_children_and_an_unknown_status_are_refused(pocar_taking_referrals):
    client = with_token(social_worker())
    for changes in ({"children": []}, {"children": [{"name": "A", "social_care_status": "x"}]}):
        response = client.post(
            URL, payload(pocar_taking_referrals, **changes), content_type="application/json"
        )
        assert response.status_code == 422
    assert not Referral.objects.exists()


def test_a_programme_not_taking_referrals_or_unknown_refuses(pocar_taking_referrals):
    client = with_token(social_worker())
    pocar_taking_referrals.is_accepting_referrals = False
    pocar_taking_referrals.save()
    response = client.post(URL, payload(pocar_taking_referrals), content_type="application/json")
    assert response.status_code == 422 and "not taking referrals" in response.content.decode()
    response = client.post(
        URL, payload(pocar_taking_referrals, programme=999999), content_type="application/json"
    )
    assert response.status_code == 404
    assert not Referral.objects.exists()


@pytest.mark.parametrize("role", [Role.STUDENT, Role.TUTOR, Role.PROGRAMME_WORKER])
def test_only_childrens_social_care_staff_may_refer(pocar_taking_referrals, role):
    response = with_token(user_with_role(role)).post(
        URL, payload(pocar_taking_referrals), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Referral.objects.exists()


def test_without_a_token_nothing_is_sent(pocar_taking_referrals):
    response = Client().post(URL, payload(pocar_taking_referrals), content_type="application/json")
    assert response.status_code == 401
    assert not Referral.objects.exists()


def test_staff_list_and_read_referrals_and_each_read_is_logged(pocar_taking_referrals):
    made = referral(pocar_taking_referrals)
    referral(pocar_taking_referrals)
    worker = programme_worker(pocar_taking_referrals)
    client = with_token(worker)
    response = client.get(URL, {"status": "open"})
    assert response.status_code == 200
    rows = response.json()["items"]
    assert {row["reference"] for row in rows} == set(
        Referral.objects.values_list("reference", flat=True)
    )
    assert "parent_name" not in rows[0]
    assert AccessEvent.objects.filter(user=worker).count() == 2
    response = client.get(f"{URL}{made.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["parent_name"] == "Jordan Parentname"
    assert [c["name"] for c in body["children"]] == ["Alex Childname", "Sam Childname"]
    assert AccessEvent.objects.filter(user=worker, object_id=str(made.pk)).count() == 2


def test_the_referrer_and_other_programmes_see_nothing(pocar_taking_referrals):
    made = referral(pocar_taking_referrals)
    referrer = social_worker()
    response = with_token(referrer).get(f"{URL}{made.pk}")
    assert response.status_code == 404
    assert with_token(referrer).get(URL).status_code == 403
    from .delivery_support import other_programme

    elsewhere = programme_worker(other_programme())
    client = with_token(elsewhere)
    assert client.get(f"{URL}{made.pk}").status_code == 404
    assert client.get(URL, {"status": ""}).json()["items"] == []
    assert not AccessEvent.objects.filter(object_id=str(made.pk)).exists()


def test_a_bad_status_filter_is_named(pocar_taking_referrals):
    client = with_token(provider_coordinator(pocar_taking_referrals))
    response = client.get(URL, {"status": "sideways"})
    assert response.status_code == 422 and "status" in response.content.decode()


def test_the_list_makes_the_same_number_of_queries_for_5_and_50(
    pocar_taking_referrals, django_assert_max_num_queries
):
    client = with_token(provider_coordinator(pocar_taking_referrals))
    for _ in range(5):
        referral(pocar_taking_referrals)
    client.get(URL, {"status": ""})
    with django_assert_max_num_queries(30) as five:
        client.get(URL, {"status": ""})
    for _ in range(45):
        referral(pocar_taking_referrals)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(URL, {"status": "", "page": 2})
    assert response.json()["count"] == 50
