"""A school's request form offers only the services, and kinds of support, the school
works with (issue 22, requirement 8); the service refuses any other."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements.casework.models import Child, SchoolService, SupportKind, SupportRequest
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from tests.accounts.support import page_text
from tests.casework.factories import SchoolFactory
from tests.casework.support import request_post
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("casework:request_create")


@pytest.fixture
def setting():
    school = SchoolFactory(name="Hillside Primary")
    council = OrganisationFactory(name="Northby Children's Services")
    other = OrganisationFactory(
        name="Eastway Family Support", kind=Organisation.Kind.SERVICE_PROVIDER
    )
    for kind in (SupportKind.DIRECT_WORK, SupportKind.ASSESSMENT):
        SchoolService.objects.create(school=school, service=council, kind=kind)
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    return school, council, other, contact


def test_the_form_offers_only_the_schools_services_and_kinds(client, setting):
    school, council, other, contact = setting
    client.force_login(contact)
    form = client.get(CREATE_URL).context["form"]
    assert list(form.fields["service"].queryset) == [council]
    assert [value for value, _ in form.fields["kind"].choices] == ["direct_work", "assessment"]
    text = page_text(client.get(CREATE_URL))
    assert "Eastway Family Support" not in text
    assert "A social work assessment" in text and "Life story work" not in text


def test_a_request_for_an_offered_kind_is_made(client, setting):
    school, council, other, contact = setting
    client.force_login(contact)
    response = client.post(CREATE_URL, request_post(school, council, kind="assessment"))
    support_request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert support_request.kind == SupportKind.ASSESSMENT
    page = page_text(client.get(response.url))
    assert "A social work assessment of the child's needs" in page


def test_a_request_to_a_service_the_school_does_not_work_with_is_refused(client, setting):
    school, council, other, contact = setting
    client.force_login(contact)
    response = client.post(CREATE_URL, request_post(school, other))
    assert response.status_code == 200
    assert not SupportRequest.objects.exists() and not Child.objects.exists()


def test_a_request_for_a_kind_not_offered_is_refused_by_the_form_and_the_service(client, setting):
    from placements.casework.services.requests import support_request_submit

    school, council, other, contact = setting
    client.force_login(contact)
    response = client.post(CREATE_URL, request_post(school, council, kind="life_story"))
    assert response.status_code == 200
    assert "Choose one of the kinds of support your school is offered" in page_text(response)
    data = request_post(school, council)
    with pytest.raises(ValidationError) as refused:
        support_request_submit(
            by=contact,
            school=school,
            service=council,
            kind=SupportKind.LIFE_STORY,
            child_fields={
                name: data[name]
                for name in ("first_name", "last_name", "date_of_birth", "gender", "year_group")
            },
            carer_fields={
                "name": "Grace Okafor",
                "relationship": "mother",
                "phone": "07700 900456",
            },
            reason="Worried",
            themes=[],
            parent_consent_on=None,
            parent_consent_by="Grace Okafor, mother",
            child_view="I want help",
            parent_consent_given=True,
        )
    assert "does not offer Hillside Primary life story work" in " ".join(
        refused.value.message_dict["kind"]
    )
    with pytest.raises(ValidationError) as refused:
        support_request_submit(
            by=contact,
            school=school,
            service=other,
            child_fields={
                name: data[name]
                for name in ("first_name", "last_name", "date_of_birth", "gender", "year_group")
            },
            carer_fields={
                "name": "Grace Okafor",
                "relationship": "mother",
                "phone": "07700 900456",
            },
            reason="Worried",
            themes=[],
            parent_consent_on=None,
            parent_consent_by="Grace Okafor, mother",
            child_view="I want help",
            parent_consent_given=True,
        )
    assert "does not work with Eastway Family Support" in " ".join(
        refused.value.message_dict["service"]
    )
    assert not SupportRequest.objects.exists() and not Child.objects.exists()


def test_a_school_with_no_services_recorded_asks_any_service_for_direct_work(client):
    school = SchoolFactory()
    council = OrganisationFactory()
    contact = user_with_role(Role.SCHOOL_CONTACT, school)
    client.force_login(contact)
    form = client.get(CREATE_URL).context["form"]
    assert council in form.fields["service"].queryset
    assert form.fields["kind"].widget.is_hidden  # one kind: nothing to choose
    assert [value for value, _ in form.fields["kind"].choices] == ["direct_work"]
    response = client.post(CREATE_URL, request_post(school, council))
    assert response.status_code == 302
    assert SupportRequest.objects.get().kind == SupportKind.DIRECT_WORK


def test_a_school_service_must_join_a_school_and_a_service():
    school, council = SchoolFactory(), OrganisationFactory()
    with pytest.raises(ValidationError):
        SchoolService(school=council, service=school, kind=SupportKind.DIRECT_WORK).full_clean()
