"""One date field, one time field and GOV.UK messages for every portal form (issue 21).

The bug this guards against: a date written back as `11/01/2027` into
`<input type="date">` shows as an empty box, so saving a form unchanged erased it.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings

from portal.forms import (
    DateField,
    DateInput,
    GovukMessagesMixin,
    PortalForm,
    TimeField,
    TimeInput,
)
from tests.portal.support import (
    GENERIC_MESSAGES,
    OUR_PACKAGES,
    portal_form_classes,
)


def test_the_walk_finds_the_forms():
    names = {cls.__qualname__ for cls in portal_form_classes()}
    assert {"StudentProfileForm", "LearningAgreementForm", "SessionLogForm"} <= names
    assert len(names) > 60


def test_every_form_is_a_portal_form():
    outside = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in portal_form_classes()
        if not issubclass(cls, GovukMessagesMixin)
    ]
    assert outside == [], "Forms not built on PortalForm / PortalModelForm:\n" + "\n".join(outside)


def test_every_declared_date_and_time_field_is_the_portals():
    wrong = []
    for cls in portal_form_classes():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateTimeField):
                continue
            is_date = isinstance(field, forms.DateField)
            is_time = isinstance(field, forms.TimeField)
            portal_date = isinstance(field, DateField) and isinstance(field.widget, DateInput)
            portal_time = isinstance(field, TimeField) and isinstance(field.widget, TimeInput)
            if (is_date and not portal_date) or (is_time and not portal_time):
                wrong.append(f"{cls.__qualname__}.{name}")
    assert wrong == []


def test_no_other_date_or_time_input_is_written_anywhere():
    """A second DateInput is how the bug came in: only portal/forms.py may define one."""
    pattern = re.compile(r"forms\.(DateInput|TimeInput|DateTimeInput)\b|\bclass \w*DateInput\b")
    offenders = []
    for package_name in OUR_PACKAGES:
        for path in Path(settings.BASE_DIR, package_name).rglob("*.py"):
            if "migrations" in path.parts or path == Path(settings.BASE_DIR, "portal", "forms.py"):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line}")
    assert offenders == [], "Use portal.forms.DateField / TimeField:\n" + "\n".join(offenders)


class _ProfileLike(PortalForm):
    dbs_checked_on = DateField(label="DBS check date", required=False)
    starts_at = TimeField(label="Start time", required=False)
    cohort = forms.CharField(max_length=20)
    university = forms.ChoiceField(choices=[("", "Choose"), ("n", "Northgate")])
    agreed = forms.BooleanField(label="The details are correct")
    own = forms.CharField(error_messages={"required": "Write what the child said"})
    places = forms.IntegerField(label="Open places", min_value=1, max_value=8)


def test_a_date_is_written_back_in_iso_whatever_the_language():
    form = _ProfileLike(
        initial={"dbs_checked_on": datetime.date(2027, 1, 11), "starts_at": datetime.time(9, 5)}
    )
    html = str(form["dbs_checked_on"])
    assert 'type="date"' in html and 'value="2027-01-11"' in html
    assert "11/01/2027" not in html
    assert 'type="time"' in str(form["starts_at"]) and 'value="09:05"' in str(form["starts_at"])


def test_what_a_browser_sends_is_read_and_an_unchanged_save_keeps_the_date():
    bound = _ProfileLike(
        data={
            "dbs_checked_on": "2027-01-11",
            "starts_at": "09:05",
            "cohort": "2025",
            "university": "n",
            "agreed": "on",
            "own": "x",
            "places": "2",
        }
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["dbs_checked_on"] == datetime.date(2027, 1, 11)
    assert bound.cleaned_data["starts_at"] == datetime.time(9, 5)


@pytest.mark.parametrize("typed", ["11/01/2027", "2027-02-30", "next week"])
def test_a_date_that_is_not_iso_or_not_real_is_refused_naming_the_field(typed):
    form = _ProfileLike(data={"dbs_checked_on": typed})
    assert not form.is_valid()
    assert form.errors["dbs_checked_on"] == [
        "DBS check date must be a real date, for example 17 November 2026"
    ]


def test_messages_name_the_field_and_say_what_to_do():
    form = _ProfileLike(data={"cohort": "x" * 21, "places": "9"})
    assert not form.is_valid()
    errors = {name: list(messages) for name, messages in form.errors.items()}
    assert errors["cohort"] == ["Cohort must be 20 characters or fewer"]
    assert errors["university"] == ["Select the university"]
    assert errors["agreed"] == ["Select ‘The details are correct’ to continue"]
    assert errors["places"] == ["Open places must be 8 or less"]
    # a form's own message stays as it wrote it
    assert errors["own"] == ["Write what the child said"]
    assert not any(g in m for ms in errors.values() for m in ms for g in GENERIC_MESSAGES)


def test_a_field_added_in_init_gets_the_messages_too():
    class Dynamic(PortalForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["due_on"] = DateField(label="Due date")
            self.fields["count"] = forms.IntegerField(label="Number of sessions")

    form = Dynamic(data={"count": "six"})
    assert not form.is_valid()
    assert form.errors["due_on"] == ["Enter the due date"]
    assert form.errors["count"] == ["Number of sessions must be a whole number"]


def test_proper_names_and_abbreviations_keep_their_capitals():
    class Names(PortalForm):
        swe = forms.CharField(label="Social Work England registration number")
        peps = forms.ChoiceField(label="PEPS stage", choices=[("1", "1")])
        dob = DateField(label="Date of birth")

    errors = Names(data={}).errors
    assert errors["swe"] == ["Enter the Social Work England registration number"]
    assert errors["peps"] == ["Select the PEPS stage"]
    assert errors["dob"] == ["Enter the date of birth"]


def test_model_forms_get_the_portals_date_and_time_fields():
    from placements.forms.agreement import LearningAgreementForm

    field = LearningAgreementForm().fields["supervision_time"]
    assert isinstance(field, TimeField) and isinstance(field.widget, TimeInput)


@pytest.mark.django_db
def test_the_sign_in_page_names_the_fields_it_needs(client):
    response = client.post("/accounts/login/", {"login": "", "password": ""})
    text = response.content.decode()
    assert "Enter your email address" in text and "Enter your password" in text
    assert not any(generic in text for generic in GENERIC_MESSAGES)
