"""The "Schools we work with" pages: a service's co-ordinator (or an admin) says which
schools work with the service, for each kind of support, and so what each school's
request form offers. Who may open them (403 for a role co-ordinating no service, 404
for another service's link), the form's refusals, and the services' own checks."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from placements.casework.models import SchoolService, SupportKind
from placements.casework.services.school_services import (
    school_service_add,
    school_service_remove,
)
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from tests.accounts.support import page_text, visible_text
from tests.casework.factories import SchoolFactory
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db

LIST = reverse("casework:school_service_list")
ADD = reverse("casework:school_service_add")
DIRECT = SupportKind.DIRECT_WORK
ASSESSMENT = SupportKind.ASSESSMENT


def remove_url(link):
    return reverse("casework:school_service_remove", args=[link.pk])


@pytest.fixture
def world():
    class World:
        council = OrganisationFactory(name="Northby Children's Services")
        other = OrganisationFactory(
            name="Eastway Family Support", kind=Organisation.Kind.SERVICE_PROVIDER
        )
        hillside = SchoolFactory(name="Hillside Primary")
        ashford = SchoolFactory(name="Ashford Academy")
        coordinator = user_with_role(Role.COORDINATOR, council)
        others_coordinator = user_with_role(Role.COORDINATOR, other)

    return World


def link(school, service, kind=DIRECT):
    return SchoolService.objects.create(school=school, service=service, kind=kind)


# --- the co-ordinator's journey -----------------------------------------------------------


def test_the_coordinator_finds_the_page_from_the_dashboard_and_sees_it_empty(client, world):
    client.force_login(world.coordinator)
    dashboard = page_text(client.get(reverse("portal:dashboard")))
    assert f'href="{LIST}"' in dashboard and "Schools we work with" in dashboard
    page = client.get(LIST)
    assert page.status_code == 200
    assert "No schools are linked to your service yet" in visible_text(page)


def test_the_coordinator_adds_a_school_and_sees_it_listed(client, world):
    client.force_login(world.coordinator)
    form = client.get(ADD).context["form"]
    # Schools only, by name; one service co-ordinated, so nothing to choose.
    assert list(form.fields["school"].queryset) == [world.ashford, world.hillside]
    assert "service" not in form.fields
    assert [value for value, _ in form.fields["kind"].choices] == SupportKind.values
    response = client.post(ADD, {"school": world.hillside.pk, "kind": "assessment"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    text = visible_text(response)
    assert (
        "Hillside Primary now works with Northby Children's Services for a social work "
        "assessment of the child's needs." in text
    )
    added = SchoolService.objects.get()
    assert (added.school, added.service, added.kind) == (world.hillside, world.council, ASSESSMENT)
    assert added.history.first().history_user == world.coordinator
    assert "A social work assessment of the child's needs" in text
    assert "Eastway Family Support" not in text  # one service: no service column


def test_the_rows_are_by_school_with_the_service_for_a_coordinator_of_two(client, world):
    world.coordinator.memberships.create(organisation=world.other, role=Role.COORDINATOR)
    link(world.hillside, world.council)
    link(world.ashford, world.other, ASSESSMENT)
    link(world.hillside, world.other, SupportKind.LIFE_STORY)
    client.force_login(world.coordinator)
    text = visible_text(client.get(LIST))
    assert text.index("Ashford Academy") < text.index("Hillside Primary")
    assert "Eastway Family Support" in text and "Northby Children's Services" in text
    form = client.get(ADD).context["form"]
    assert list(form.fields["service"].queryset) == [world.other, world.council]


def test_a_duplicate_link_is_refused_and_nothing_changes(client, world):
    existing = link(world.hillside, world.council)
    client.force_login(world.coordinator)
    response = client.post(ADD, {"school": world.hillside.pk, "kind": "direct_work"})
    assert response.status_code == 200
    assert response.context["form"].errors["school"] == [
        "Hillside Primary already works with Northby Children's Services for direct work "
        "in school (one-to-one or group)."
    ]
    assert "There is a problem" in page_text(response)
    assert list(SchoolService.objects.all()) == [existing]
    assert existing.history.count() == 1


def test_empty_and_tampered_choices_get_clear_messages(client, world):
    university = OrganisationFactory(name="Northgate University", kind="university")
    client.force_login(world.coordinator)
    errors = client.post(ADD, {}).context["form"].errors
    assert errors == {
        "school": ["Choose the school."],
        "kind": ["Choose the kind of support the school may ask for."],
    }
    errors = client.post(ADD, {"school": university.pk, "kind": "tea"}).context["form"].errors
    assert errors == {
        "school": ["Choose a school from the list."],
        "kind": ["Choose one of the kinds of support listed."],
    }
    assert not SchoolService.objects.exists()


def test_a_service_outside_the_coordinators_reach_is_refused(client, world):
    third = OrganisationFactory(name="Westby Council")
    world.coordinator.memberships.create(organisation=world.other, role=Role.COORDINATOR)
    client.force_login(world.coordinator)
    response = client.post(
        ADD, {"school": world.hillside.pk, "kind": "direct_work", "service": third.pk}
    )
    assert response.context["form"].errors == {"service": ["Choose a service you co-ordinate."]}
    assert not SchoolService.objects.exists()


def test_the_service_refuses_a_school_or_service_outside_reach(world):
    with pytest.raises(ValidationError) as refused:
        school_service_add(
            by=world.coordinator, school=world.hillside, service=world.other, kind=DIRECT
        )
    assert refused.value.message_dict == {"service": ["Choose a service you co-ordinate."]}
    with pytest.raises(ValidationError) as refused:
        school_service_add(
            by=world.coordinator, school=world.other, service=world.council, kind=DIRECT
        )
    assert refused.value.message_dict == {"school": ["Choose a school from the list."]}
    student = user_with_role(Role.STUDENT, world.council)
    with pytest.raises(PermissionDenied):
        school_service_add(by=student, school=world.hillside, service=world.council, kind=DIRECT)
    assert not SchoolService.objects.exists()


def test_the_coordinator_removes_a_link_after_a_warning(client, world):
    kept = link(world.hillside, world.council, ASSESSMENT)
    gone = link(world.hillside, world.council)
    client.force_login(world.coordinator)
    confirm = client.get(remove_url(gone))
    assert confirm.status_code == 200
    text = visible_text(confirm)
    assert "Stop Hillside Primary asking for direct work in school" in text
    assert "govuk-warning-text" in page_text(confirm)
    assert "will no longer offer Northby Children's Services for direct work" in text
    assert SchoolService.objects.filter(pk=gone.pk).exists()  # asking removes nothing
    response = client.post(remove_url(gone), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Hillside Primary no longer works with Northby Children's Services" in visible_text(
        response
    )
    assert list(SchoolService.objects.all()) == [kept]
    assert SchoolService.history.filter(id=gone.pk).first().history_user == world.coordinator
    # The school's last link: the warning says what the form then offers.
    text = visible_text(client.get(remove_url(kept)))
    assert "will then have no services listed, so its request form will offer every service" in (
        text
    )


# --- who may open the pages -----------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.STUDENT, Role.SCHOOL_CONTACT, Role.TUTOR])
def test_a_role_coordinating_no_service_is_refused(client, world, role):
    existing = link(world.hillside, world.council)
    organisation = world.hillside if role == Role.SCHOOL_CONTACT else world.council
    client.force_login(user_with_role(role, organisation))
    assert client.get(LIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"school": world.ashford.pk, "kind": "direct_work"}).status_code == 403
    assert client.get(remove_url(existing)).status_code == 403
    assert client.post(remove_url(existing)).status_code == 403
    assert SchoolService.objects.count() == 1


def test_a_university_coordinator_is_refused(client, world):
    university = OrganisationFactory(kind=Organisation.Kind.UNIVERSITY)
    client.force_login(user_with_role(Role.COORDINATOR, university))
    assert client.get(LIST).status_code == 403


def test_another_services_coordinator_gets_404_and_does_not_see_the_link(client, world):
    existing = link(world.hillside, world.council)
    client.force_login(world.others_coordinator)
    assert "Hillside Primary" not in visible_text(client.get(LIST))
    assert client.get(remove_url(existing)).status_code == 404
    assert client.post(remove_url(existing)).status_code == 404
    assert SchoolService.objects.filter(pk=existing.pk).exists()
    with pytest.raises(Http404):
        school_service_remove(by=world.others_coordinator, link=existing)
    assert SchoolService.objects.filter(pk=existing.pk).exists()


def test_anonymous_is_sent_to_sign_in(client, world):
    existing = link(world.hillside, world.council)
    for url in (LIST, ADD, remove_url(existing)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post(remove_url(existing))
    assert response["Location"].startswith(reverse("account_login"))
    assert SchoolService.objects.filter(pk=existing.pk).exists()


def test_an_admin_sees_every_services_links_and_may_remove_one(client, world):
    ours = link(world.hillside, world.council)
    link(world.ashford, world.other)
    admin = user_with_role(Role.ADMIN)
    client.force_login(admin)
    text = visible_text(client.get(LIST))
    assert "Hillside Primary" in text and "Ashford Academy" in text
    assert "Eastway Family Support" in text  # more than one service: named
    assert "service" in client.get(ADD).context["form"].fields
    assert client.post(remove_url(ours)).status_code == 302
    assert not SchoolService.objects.filter(pk=ours.pk).exists()


# --- a list of any length in a fixed number of queries ---------------------------------


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_makes_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, rows
):
    world.coordinator.memberships.create(organisation=world.other, role=Role.COORDINATOR)
    for number in range(rows):
        school = SchoolFactory()
        link(school, world.council if number % 2 else world.other)
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(response.context["links"]) == rows
