"""Reads for the access log and the change history pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone

from .models import AccessEvent


def access_events(
    *,
    user_email: str = "",
    content_type: ContentType | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessEvent]:
    events = AccessEvent.objects.select_related("user", "content_type")
    if user_email:
        events = events.filter(user__email__icontains=user_email.strip())
    if content_type is not None:
        events = events.filter(content_type=content_type)
    tz = timezone.get_current_timezone()
    if date_from:
        events = events.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz)
        events = events.filter(at__lt=end)
    return events


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass
class HistoryEntry:
    when: datetime
    who: Any
    kind: str
    changes: list[FieldChange]


HISTORY_KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}


def history_entries(obj, *, hidden: frozenset[str] = frozenset()) -> list[HistoryEntry]:
    """Every recorded version of `obj`, newest first, with the fields that changed.

    Values are shown as people read them: choice labels, the name of a related
    record rather than its id, Yes/No for flags. Fields named in `hidden` (by
    name) are left out, and so is a version whose only changes were to them: the
    reader learns nothing of them, not even that they changed.
    """
    records = list(obj.history.select_related("history_user").order_by("history_date", "pk"))
    fields = {f.name: f for f in obj._meta.concrete_fields}
    fields.update({f.attname: f for f in obj._meta.concrete_fields})
    related_names: dict[tuple[type, Any], str] = {}

    def shown(field, value):
        if value is None or value == "":
            return None
        if field is None:
            return value
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if field.is_relation and field.related_model is not None:
            key = (field.related_model, value)
            if key not in related_names:
                related = field.related_model._default_manager.filter(pk=value).first()
                related_names[key] = str(related) if related else f"#{value} (removed)"
            return related_names[key]
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return value

    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes: list[FieldChange] = []
        if previous is not None:
            diff = record.diff_against(previous).changes
            if diff and all(_name(fields, change.field) in hidden for change in diff):
                previous = record
                continue
            for change in diff:
                if _name(fields, change.field) in hidden:
                    continue
                field = fields.get(change.field)
                label = str(field.verbose_name).capitalize() if field else change.field
                changes.append(
                    FieldChange(label, shown(field, change.old), shown(field, change.new))
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=HISTORY_KIND.get(record.history_type, record.history_type),
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries


def _name(fields: dict, changed: str) -> str:
    """The model field name of a changed history column (attname or name)."""
    field = fields.get(changed)
    return field.name if field is not None else changed
