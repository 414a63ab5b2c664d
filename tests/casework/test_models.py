"""Children, carers and themes: what the records themselves refuse."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placements.casework.models import Carer, Child, Theme
from placements.casework.models.children import REFERENCE_ALPHABET
from tests.casework.factories import CarerFactory, ChildFactory, SchoolFactory, years_ago
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def errors_of(record) -> dict:
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    return refused.value.message_dict


def test_the_pop_themes_are_seeded_in_order_and_editable_data():
    names = list(Theme.objects.values_list("name", flat=True))
    assert names == [
        "Self-esteem and confidence",
        "Emotional resilience",
        "Safe networks",
        "Problem solving",
        "Online safety",
        "Domestic abuse",
        "Criminal exploitation and gangs",
    ]
    assert all(Theme.objects.values_list("is_active", flat=True))


def test_a_child_gets_an_unguessable_reference_and_str_shows_only_initials():
    child = ChildFactory(first_name="Kayden", last_name="Marsh")
    assert re.fullmatch(rf"C-[{REFERENCE_ALPHABET}]{{6}}", child.reference)
    assert str(child) == f"KM ({child.reference})"
    assert "Kayden" not in str(child) and "Marsh" not in str(child)
    assert child.initials == "KM"
    other = ChildFactory()
    assert other.reference != child.reference


def test_known_as_is_the_preferred_name_when_there_is_one():
    assert ChildFactory(first_name="Alexander", preferred_name="Alfie").known_as == "Alfie"
    assert ChildFactory(first_name="Alexander", preferred_name="").known_as == "Alexander"


def test_a_date_of_birth_in_the_future_is_refused():
    child = ChildFactory.build(
        date_of_birth=timezone.localdate() + timedelta(days=1),
        school=SchoolFactory(),
        held_by=OrganisationFactory(),
    )
    assert errors_of(child)["date_of_birth"] == ["The date of birth must be today or in the past."]


@pytest.mark.parametrize(
    ("years", "days", "accepted"), [(2, 300, False), (3, 0, True), (19, 300, True), (20, 0, False)]
)
def test_only_school_age_children_are_accepted(years, days, accepted):
    child = ChildFactory.build(
        date_of_birth=years_ago(years, days), school=SchoolFactory(), held_by=OrganisationFactory()
    )
    child.created_by = ChildFactory().created_by
    if accepted:
        child.full_clean(exclude=["reference"])
    else:
        message = errors_of(child)["date_of_birth"][0]
        assert "aged 3 to 19" in message and "Check the date of birth" in message


def test_gender_described_another_way_needs_the_description():
    child = ChildFactory.build(
        gender=Child.Gender.ANOTHER_WAY, school=SchoolFactory(), held_by=OrganisationFactory()
    )
    assert errors_of(child)["gender_description"] == ["Enter how the child describes their gender."]


def test_the_school_must_be_a_school():
    child = ChildFactory.build(school=OrganisationFactory(), held_by=OrganisationFactory())
    assert errors_of(child)["school"] == [
        "Choose a school: the organisation chosen is not a school."
    ]


def test_a_carer_needs_at_least_one_way_to_be_contacted():
    carer = CarerFactory.build(child=ChildFactory(), phone="", email="", address="")
    assert "at least one way to contact the carer" in errors_of(carer)["phone"][0]
    carer.address = "1 High Street"
    carer.full_clean()


def test_a_carer_is_shown_without_their_name():
    carer = CarerFactory(name="Dana Marsh", relationship=Carer.Relationship.MOTHER)
    assert "Dana" not in str(carer)
    assert str(carer).startswith("Mother of ")


def test_changes_to_a_child_are_kept_in_history():
    child = ChildFactory(year_group=Child.YearGroup.YEAR_4)
    child.year_group = Child.YearGroup.YEAR_5
    child.save()
    assert list(child.history.values_list("year_group", flat=True)) == ["year_5", "year_4"]


def test_the_django_admin_lists_children_by_reference_and_logs_opening_one(client):
    from portal.audit.models import AccessEvent
    from tests.factories import user_with_role

    child = ChildFactory(first_name="Kayden", last_name="Marsh")
    admin = user_with_role("admin")
    client.force_login(admin)
    listing = client.get("/django-admin/casework/child/")
    assert listing.status_code == 200
    assert child.reference in listing.content.decode()
    assert "Kayden" not in listing.content.decode()
    assert not AccessEvent.objects.exists()
    assert client.get(f"/django-admin/casework/child/{child.pk}/change/").status_code == 200
    event = AccessEvent.objects.get()
    assert event.user == admin and event.object_id == str(child.pk)


def test_admins_edit_themes_in_the_django_admin(client):
    from tests.factories import user_with_role

    client.force_login(user_with_role("admin"))
    theme = Theme.objects.get(name="Online safety")
    response = client.post(
        f"/django-admin/casework/theme/{theme.pk}/change/",
        {"name": "Online safety", "description": "Phones and games", "position": 9},
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.position == 9 and theme.is_active is False
