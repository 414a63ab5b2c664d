"""GOV.UK Frontend markup for every Django form, including allauth's.

`{{ form }}` renders with portal/forms/govuk_form.html and each field with
portal/forms/govuk_field.html, so forms across the portal look and behave
alike (error summary, error messages, hints).
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import TemplatesSetting


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "portal/forms/govuk_form.html"
    field_template_name = "portal/forms/govuk_field.html"


def apply_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form, on the fields it names."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
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


__all__ = ["GovukFormRenderer", "apply_validation_error", "error_count", "NON_FIELD_ERRORS"]
