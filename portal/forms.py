"""The one way the portal builds forms.

- `GovukFormRenderer`: `{{ form }}` renders with portal/forms/govuk_form.html and
  each field with portal/forms/govuk_field.html, so forms look and behave alike
  (error summary, error messages, hints).
- `DateField` / `TimeField`: the only date and time fields. A browser's
  `<input type="date">` reads and writes ISO 8601 (`2027-01-11`) whatever the
  page's language; a value written back in the en-GB display format
  (`11/01/2027`) shows as an empty box and is submitted as nothing, which erased
  optional dates on every unchanged save. These widgets always write ISO.
- `PortalForm` / `PortalModelForm`: every form's base. Django's generic messages
  ("This field is required.") become GOV.UK-style ones that name the field and
  say what to enter, unless the form gave its own.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.models import ModelFormMetaclass
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "portal/forms/govuk_form.html"
    field_template_name = "portal/forms/govuk_field.html"


# --- dates and times ---------------------------------------------------------------------


class DateInput(forms.DateInput):
    """`<input type="date">`, always written in ISO 8601."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})}, format=ISO_DATE
        )


class TimeInput(forms.TimeInput):
    """`<input type="time">`, always written as 24-hour HH:MM."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-5", **(attrs or {})}, format=ISO_TIME
        )


class DateField(forms.DateField):
    """A date typed into a date box; read as ISO 8601 (what browsers send)."""

    widget = DateInput
    input_formats = [ISO_DATE]

    def __init__(self, *, help_text: str = "For example 17 November 2026.", **kwargs):
        super().__init__(help_text=help_text, **kwargs)


class TimeField(forms.TimeField):
    widget = TimeInput
    input_formats = [ISO_TIME, "%H:%M:%S"]

    def __init__(self, *, help_text: str = "For example 14:00.", **kwargs):
        super().__init__(help_text=help_text, **kwargs)


def model_formfield(model_field: models.Field, **kwargs):
    """`formfield_callback` of PortalModelForm: model dates become the portal's fields."""
    if isinstance(model_field, models.DateTimeField):
        return model_field.formfield(**kwargs)
    if isinstance(model_field, models.DateField):
        return model_field.formfield(**{"form_class": DateField, "widget": DateInput, **kwargs})
    if isinstance(model_field, models.TimeField):
        return model_field.formfield(**{"form_class": TimeField, "widget": TimeInput, **kwargs})
    return model_field.formfield(**kwargs)


# --- messages that name the field ----------------------------------------------------------


def field_label(field: forms.Field, name: str) -> str:
    label = str(field.label) if field.label is not None else pretty_name(name)
    # Messages are %-formatted with the limit values, so a literal % is doubled.
    label = label.replace("%", "%%")
    return label.strip().removesuffix("(optional)").strip().rstrip(":?").strip()


def _lower_first(text: str) -> str:
    """'Start date' -> 'start date'; 'PEPS stage' and 'DBS check date' stay as they are."""
    words = text.split()
    if not words or (len(words[0]) > 1 and words[0][1].isupper()):
        return text
    if len(words) > 1 and words[1][:1].isupper():  # a proper name: "Social Work England"
        return text
    return text[:1].lower() + text[1:]


def _default_messages(field: forms.Field) -> dict[str, str]:
    """Django's own messages for this field's class (what a form did not override)."""
    defaults: dict[str, str] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def govuk_messages(field: forms.Field, name: str) -> dict[str, str]:
    """GOV.UK-style messages for `field`: what to enter, naming the field."""
    label = field_label(field, name)
    lower = _lower_first(label)
    the = "" if lower.split(" ", 1)[0].lower() in {"a", "an", "the", "your", "any"} else "the "
    if isinstance(field, forms.BooleanField):
        required = f"Select ‘{label}’ to continue"
    elif isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        required = f"Select at least one: {lower}"
    elif isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        required = f"Select {the}{lower}"
    elif isinstance(field, forms.FileField):
        required = f"Select a file for {lower}"
    else:
        required = f"Enter {the}{lower}"
    messages = {
        "required": required,
        "invalid_choice": f"Select one of the options for {lower}",
        "invalid_pk_value": f"Select one of the options for {lower}",
        "invalid_list": f"Select one of the options for {lower}",
        "max_length": f"{label} must be %(limit_value)d characters or fewer",
        "min_length": f"{label} must be %(limit_value)d characters or more",
        "max_value": f"{label} must be %(limit_value)s or less",
        "min_value": f"{label} must be %(limit_value)s or more",
    }
    if isinstance(field, forms.DateField):
        messages["invalid"] = f"{label} must be a real date, for example 17 November 2026"
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = f"{label} must be a real time, for example 14:30"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{label} must be a whole number"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        messages["invalid"] = f"{label} must be a number"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = "Enter an email address in the correct format, like name@example.org"
    elif isinstance(field, forms.FileField):
        messages["invalid"] = f"The file for {lower} could not be read: select it again"
        messages["empty"] = f"The file for {lower} is empty"
    return messages


def apply_govuk_messages(form: forms.BaseForm) -> None:
    """Replace each field's generic Django messages (never a form's own)."""
    for name, field in form.fields.items():
        defaults = _default_messages(field)
        validator_codes = {getattr(v, "code", None) for v in field.validators}
        for code, message in govuk_messages(field, name).items():
            if code in defaults:
                generic = field.error_messages.get(code) == defaults[code]
            else:  # a validator's message (lengths, limits) unless the form gave one
                generic = code in validator_codes and code not in field.error_messages
            if generic:
                field.error_messages[code] = message


class GovukMessagesMixin:
    """Put field-naming messages on every field just before the form is cleaned, so
    fields a form adds in its own __init__ get them too."""

    def full_clean(self):
        apply_govuk_messages(self)
        super().full_clean()


class PortalForm(GovukMessagesMixin, forms.Form):
    """The base of every portal form."""


class _PortalModelFormMetaclass(ModelFormMetaclass):
    """Gives each model form's Meta the portal's `formfield_callback`, so a model's
    date and time fields become the portal's fields without each form saying so."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(model_formfield)
        return super().__new__(mcs, name, bases, attrs)


class PortalModelForm(GovukMessagesMixin, forms.ModelForm, metaclass=_PortalModelFormMetaclass):
    """The base of every portal model form."""


# --- the forms every app asks for ---------------------------------------------------------


def reason_field(
    label: str = "Reason",
    *,
    required: bool = False,
    max_length: int | None = 2000,
    rows: int = 4,
    help_text: str = "",
    **kwargs,
) -> forms.CharField:
    """The box where a person says why (a move, a decision, an amendment).

    Not required by default: the service names a missing reason, so every caller
    (page, API) hears the same message."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class ReasonForm(PortalForm):
    """The one "why?" form: a reason box, dropped when the move needs none.

    A page with its own wording declares `reason = reason_field(...)` in a subclass
    or passes `label` / `hint` / `required` for one request."""

    reason = reason_field()

    def __init__(
        self,
        *args,
        needs_reason: bool = True,
        label: str | None = None,
        hint: str | None = None,
        required: bool | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if not needs_reason:
            del self.fields["reason"]
            return
        field = self.fields["reason"]
        if label is not None:
            field.label = label
        if hint is not None:
            field.help_text = hint
        if required is not None:
            field.required = required


# --- services' errors onto forms -----------------------------------------------------------


def apply_validation_error(
    form, error: ValidationError, renames: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError onto the form, on the fields it names.

    `renames` maps a service's field name to the form's where the two differ; an
    error on a field the form does not have goes to the top of the form."""
    renames = renames or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = renames.get(field, field)
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def error_count(form) -> int:
    if form is None or not getattr(form, "is_bound", False) or not form.errors:
        return 0
    return sum(len(errors) for errors in form.errors.values())


__all__ = [
    "DateField",
    "DateInput",
    "GovukFormRenderer",
    "NON_FIELD_ERRORS",
    "PortalForm",
    "PortalModelForm",
    "ReasonForm",
    "TimeField",
    "TimeInput",
    "apply_govuk_messages",
    "apply_validation_error",
    "error_count",
    "reason_field",
]
