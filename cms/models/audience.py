"""Who a public page or testimonial speaks to."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    CHILDREN_AND_YOUNG_PEOPLE = "children", _("Children and young people")
    PARENTS_AND_CARERS = "parents", _("Parents and carers")
    PROFESSIONALS = "professionals", _("Professionals")
    STUDENT_SOCIAL_WORKERS = "students", _("Student social workers")
    DEGREE_COURSES = "courses", _("Social work degree courses")


def validate_audiences(value) -> None:
    if not isinstance(value, list) or any(item not in Audience.values for item in value):
        raise ValidationError(_("Choose audiences from the list."), code="invalid_audience")


class AudienceListField(models.JSONField):
    """A list of audiences, edited as checkboxes.

    Stored as a JSON list so it works the same on SQLite and PostgreSQL and
    travels through page revisions and translation copies unchanged.
    """

    default_validators = [validate_audiences]

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=Audience.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
        )
