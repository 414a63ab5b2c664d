"""Programmes as data (issue 18, requirement 1): validation, the demo seed, the admin."""

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from placements.programmes.models import GroupSlot, Programme, Strand
from portal.accounts.models import Organisation

from .support import pocar

pytestmark = pytest.mark.django_db


def errors_of(record) -> dict:
    with pytest.raises(ValidationError) as caught:
        record.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize("share", [0, 101])
def test_the_completion_share_is_between_1_and_100(share):
    programme = pocar()
    programme.completion_percent = share
    assert errors_of(programme)["completion_percent"] == ["Enter a share between 1 and 100."]


@pytest.mark.parametrize("share", [1, 75, 100])
def test_a_completion_share_from_1_to_100_is_accepted(share):
    programme = pocar()
    programme.completion_percent = share
    programme.full_clean()


def test_the_completion_share_defaults_to_three_quarters():
    assert Programme._meta.get_field("completion_percent").default == 75


def test_a_programme_needs_a_length_and_a_creche_sensible_ages_and_places():
    programme = pocar()
    programme.length_weeks = None
    programme.creche_min_age, programme.creche_max_age = 6, 5
    programme.creche_places = None
    errors = errors_of(programme)
    assert set(errors) >= {"length_weeks", "creche_max_age", "creche_places"}


def test_the_provider_is_a_service_provider():
    programme = pocar()
    programme.provider = Organisation.objects.create(
        name="A council", kind=Organisation.Kind.LOCAL_AUTHORITY
    )
    assert "provider" in errors_of(programme)


@pytest.mark.parametrize("ends_at", [time(10, 30), time(9, 0)])
def test_a_group_slot_ends_after_it_starts(ends_at):
    slot = GroupSlot(
        programme=pocar(), weekday=GroupSlot.Weekday.FRIDAY, starts_at=time(10, 30), ends_at=ends_at
    )
    assert errors_of(slot)["ends_at"] == ["The session must end after it starts."]
    with pytest.raises(IntegrityError), transaction.atomic():
        slot.save()  # the database refuses it too


def test_the_seed_creates_pocar_as_published():
    programme = pocar()
    assert programme.kind == "parent_substance_misuse"
    assert programme.length_weeks == 16
    assert programme.entry == Programme.Entry.ROLLING
    assert programme.contact_working_days == 10  # "within two weeks"
    assert programme.completion_percent == 75
    assert (programme.creche_min_age, programme.creche_max_age) == (0, 5)
    assert programme.provider.kind == Organisation.Kind.SERVICE_PROVIDER
    assert [str(s) for s in programme.slots.all()] == [
        "Monday 10:30–12:00",
        "Wednesday 10:30–12:00",
    ]
    assert dict(programme.strands.values_list("name", "running_now")) == {
        "Women's group": True,
        "Men's group": False,
    }


def test_seed_demo_creates_pocar_once_with_the_demo_provider():
    call_command("seed_demo")
    call_command("seed_demo")
    programme = Programme.objects.get(slug="pocar")
    assert programme.provider.name == "Harbour Recovery Service"
    assert programme.slots.count() == 2 and programme.strands.count() == 2
    assert Programme.history.filter(slug="pocar").count() == 1 and Strand.history.count() == 2
    # The Children's Program, once too, with its register, runs and three families.
    childrens = Programme.objects.get(slug="childrens-program")
    assert childrens.provider.name == "Familjeprogrammet Norr"
    assert Programme.history.filter(slug="childrens-program").count() == 1
    assert childrens.leaders.count() == 4 and childrens.runs.count() == 2
    assert childrens.referrals.filter(route="interest").count() == 7


def test_every_change_keeps_history():
    programme = pocar()
    programme.is_accepting_referrals = False
    programme.save()
    assert programme.history.count() == 2
    assert programme.history.first().is_accepting_referrals is False


def test_the_admin_edits_a_programme_and_refuses_bad_values(admin_client):
    programme = pocar()
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(reverse("admin:programmes_programme_changelist")).status_code == 200
    data = {
        "name": "POCAR",
        "slug": "pocar",
        "kind": programme.kind,
        "provider": programme.provider_id,
        "length_weeks": 16,
        "entry": "rolling",
        "contact_working_days": 10,
        "completion_percent": 150,
        "creche_min_age": 0,
        "creche_max_age": 5,
        "slots-TOTAL_FORMS": 0,
        "slots-INITIAL_FORMS": 0,
        "strands-TOTAL_FORMS": 0,
        "strands-INITIAL_FORMS": 0,
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Enter a share between 1 and 100." in response.content.decode()
    programme.refresh_from_db()
    assert programme.completion_percent == 75
