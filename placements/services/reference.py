"""Reference data: publishing a new version of a capability framework."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from placements.models import FrameworkVersion


@transaction.atomic
def framework_version_publish(
    *, source: FrameworkVersion, label: str, published_on: date
) -> FrameworkVersion:
    """Copy `source` into a new current version of the same framework.

    Evidence and ratings keep pointing at the capabilities of the version they
    were written against: the old rows are never edited or deleted.
    """
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": "Give the new version a label, for example “2026”."})
    framework = source.framework
    if framework.versions.filter(label=label).exists():
        raise ValidationError({"label": f"{framework} already has a version called “{label}”."})
    framework.versions.filter(is_current=True).update(is_current=False)
    new_version = FrameworkVersion.objects.create(
        framework=framework, label=label, published_on=published_on, is_current=True
    )
    for capability in source.capabilities.order_by("number"):
        capability.pk = None
        capability.id = None
        capability._state.adding = True
        capability.version = new_version
        capability.save()
    return new_version
