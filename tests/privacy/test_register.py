"""The register of personal data (portal.privacy.register): every model that holds
personal data is declared, with fields, dates and people that exist."""

import pytest
from django.apps import apps
from django.db import models

from portal.privacy.register import (
    NotPersonal,
    PersonalRecord,
    Whose,
    declarations,
    links_to_a_person,
    personal_fields,
    personal_records,
    record_type,
    resolves_to_date,
)

OUR_APPS = ("portal", "placements", "supervision", "lifestory", "cms")


def our_models():
    for model in apps.get_models():
        if model.__module__.startswith(OUR_APPS) and not model.__name__.startswith("Historical"):
            yield model


def needs_declaring(model) -> bool:
    return bool(
        personal_fields(model) or links_to_a_person(model) or hasattr(model, "child_record")
    )


def test_every_model_holding_personal_data_is_declared():
    declared = declarations()
    missing = [
        m._meta.label for m in our_models() if needs_declaring(m) and m._meta.label not in declared
    ]
    assert missing == [], "Declare these in the app's personal_data.py: " + ", ".join(missing)


def test_a_declaration_lists_every_personal_field_of_its_model():
    gaps = {}
    for label, entry in personal_records().items():
        left_out = set(personal_fields(entry.model)) - set(entry.fields)
        if left_out:
            gaps[label] = sorted(left_out)
    assert gaps == {}


def test_a_childs_record_is_never_declared_as_not_personal():
    wrong = [
        m._meta.label
        for m in our_models()
        if hasattr(m, "child_record") and isinstance(declarations().get(m._meta.label), NotPersonal)
    ]
    assert wrong == []


@pytest.mark.parametrize("label", sorted(personal_records()))
def test_each_declaration_names_real_fields_dates_and_people(label):
    entry = record_type(label)
    model = entry.model
    for name in entry.fields:
        field = model._meta.get_field(name)
        assert field.concrete and not field.is_relation, f"{label}.{name} is not a plain field"
    for key, path in entry.counts_from.items():
        assert resolves_to_date(model, path), f"{label} counts {key} from {path}, not a date"
    assert set(entry.people) <= set(entry.whose), f"{label} finds people it does not say it holds"
    for kind, paths in entry.people.items():
        for path in paths:
            target = model
            for part in filter(None, path.split("__")):
                target = target._meta.get_field(part).related_model
            expected = {
                Whose.CHILD: "casework.Child",
                Whose.CARER: "casework.Carer",
            }.get(kind, "accounts.User")
            assert target._meta.label == expected, f"{label}: {kind} via {path!r} is not a person"


def test_not_personal_says_why():
    for entry in declarations().values():
        if isinstance(entry, NotPersonal):
            assert len(entry.why) > 20, entry.label


def test_the_walk_finds_names_dates_of_birth_contact_details_free_text_and_files():
    class Sample(models.Model):  # noqa: DJ008 (never saved)
        full_name = models.CharField(max_length=50)
        date_of_birth = models.DateField()
        contact = models.EmailField()
        story = models.TextField()
        photo = models.FileField()
        answers = models.JSONField()
        consent_given_by = models.CharField(max_length=100)
        colour = models.CharField(max_length=10)
        starts_on = models.DateField()

        class Meta:
            app_label = "privacy"

    assert personal_fields(Sample) == [
        "full_name",
        "date_of_birth",
        "contact",
        "story",
        "photo",
        "answers",
        "consent_given_by",
    ]


def test_a_record_type_outside_the_register_is_refused():
    with pytest.raises(LookupError):
        record_type("placements.Framework")
    assert isinstance(record_type("casework.Child"), PersonalRecord)


@pytest.mark.django_db
def test_every_default_schedule_fits_the_register():
    from portal.privacy.models import RetentionSchedule

    schedules = list(RetentionSchedule.objects.all())
    assert len(schedules) > 30
    for schedule in schedules:
        schedule.full_clean()  # a record type in the register, a date it offers
        assert schedule.source.strip()
