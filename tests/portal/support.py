"""Shared by the portal tests and the browser tests (never a test module)."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

from portal.forms import (
    PortalForm,
    PortalModelForm,
)

# Django's own form messages, which no portal form may show (issue 21, requirement 5);
# with their full stop, as ours may begin alike ("Enter a number of sessions from 1 to 12.").
GENERIC_MESSAGES = (
    "This field is required",
    "Enter a valid date",
    "Enter a valid time",
    "Enter a whole number.",
    "Enter a number.",
    "Select a valid choice",
    "Ensure this value",
    "Enter a valid email address",
    "Enter a list of values",
)


OUR_PACKAGES = ("portal", "placements", "supervision", "lifestory", "cms")


def _import_everything() -> None:
    for package_name in OUR_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if ".migrations" in module.name or module.name.endswith((".wsgi", ".celery")):
                continue
            if ".settings" in module.name:
                continue
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def portal_form_classes() -> list[type[forms.BaseForm]]:
    """Our forms, except Wagtail admin page forms: the Wagtail admin is Wagtail's own
    interface, with its own messages, for editors only."""
    from wagtail.admin.forms import WagtailAdminModelForm

    _import_everything()
    found = {
        cls
        for cls in _subclasses(forms.BaseForm)
        if cls.__module__.startswith(OUR_PACKAGES)
        and cls not in (PortalForm, PortalModelForm)
        and not issubclass(cls, WagtailAdminModelForm)
    }
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
