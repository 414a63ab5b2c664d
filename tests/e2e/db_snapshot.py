"""Every row of the portal's own tables, to compare before and after a form is sent
(tests/e2e/test_edit_forms_roundtrip.py).

Left out: fields the database sets by itself on each save (auto_now), and the
tables that log rather than hold records: the history tables (compared apart,
each new version against the one before it), the read-access log,
notifications and saved form drafts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db import models

APPS = ("accounts", "portal", "audit", "placements", "casework", "supervision", "lifestory")
LOG_MODELS = {"audit.accessevent", "portal.notification"}

# (model label, pk, column, before, after)
Change = tuple[str, object, str, object, object]


def _is_log(model) -> bool:
    return (
        model._meta.label_lower in LOG_MODELS
        or model.__name__.startswith("Historical")
        or "draft" in model._meta.model_name  # saved drafts of forms being filled in
    )


def _stamped(model_field) -> bool:
    return bool(
        getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
    )


def _models(app_label: str, **options) -> list[type[models.Model]]:
    try:
        return list(apps.get_app_config(app_label).get_models(**options))
    except LookupError:
        return []


def tracked_models() -> list[type[models.Model]]:
    return [
        model
        for label in APPS
        for model in _models(label, include_auto_created=True)
        if not _is_log(model)
    ]


Snapshot = dict[str, dict]


def take() -> Snapshot:
    """model label -> {pk: {column: value}}; a many-to-many link table -> {row: {}}
    (its rows are compared by what they link, not by their ids)."""
    shot: Snapshot = {}
    for model in tracked_models():
        columns = [f.attname for f in model._meta.concrete_fields if not _stamped(f)]
        rows = model._base_manager.order_by().values_list(*columns)
        pk = columns.index(model._meta.pk.attname)
        if model._meta.auto_created:
            shot[model._meta.label] = {row[:pk] + row[pk + 1 :]: {} for row in rows}
        else:
            shot[model._meta.label] = {
                row[pk]: dict(zip(columns, row, strict=True)) for row in rows
            }
    return shot


@dataclass
class Difference:
    changed: list[Change] = field(default_factory=list)
    deleted: list[tuple[str, object]] = field(default_factory=list)
    created: list[tuple[str, object, dict]] = field(default_factory=list)

    def lines(self, *, new_rows_allowed: bool) -> list[str]:
        out = [describe(change) for change in self.changed]
        out += [f"{label} {pk}: row deleted" for label, pk in self.deleted]
        if not new_rows_allowed:
            out += [f"{label} {pk}: row created {values}" for label, pk, values in self.created]
        return out


def describe(change: Change, source: str = "") -> str:
    label, pk, column, before, after = change
    stamp = (
        " (a time the save sets again)"
        if isinstance(before, datetime) and isinstance(after, datetime)
        else ""
    )
    return f"{source}{label} #{pk}: {column} was {before!r}, is now {after!r}{stamp}"


def compare(before: Snapshot, after: Snapshot) -> Difference:
    difference = Difference()
    for label, rows_after in after.items():
        rows_before = before.get(label, {})
        for pk, values in rows_before.items():
            if pk not in rows_after:
                difference.deleted.append((label, pk))
                continue
            for column, value in values.items():
                if rows_after[pk].get(column) != value:
                    difference.changed.append((label, pk, column, value, rows_after[pk][column]))
        difference.created += [
            (label, pk, values) for pk, values in rows_after.items() if pk not in rows_before
        ]
    return difference


# --- history: each new version against the one before it ----------------------------------


def history_models() -> list[type[models.Model]]:
    return [
        model
        for label in APPS
        for model in _models(label)
        # Versions of records (not of their many-to-many links, which have no type).
        if model.__name__.startswith("Historical")
        and any(f.name == "history_type" for f in model._meta.fields)
        and not _is_log(model.instance_type)
    ]


def history_marks() -> dict[type[models.Model], int]:
    return {
        model: model.objects.order_by("-history_id").values_list("history_id", flat=True).first()
        or 0
        for model in history_models()
    }


def history_changes(marks: dict[type[models.Model], int]) -> list[Change]:
    """What each version written since `marks` changes against the version before it
    (fields the database stamps on every save left out)."""
    out: list[Change] = []
    for model, mark in marks.items():
        record = model.instance_type._meta
        stamped = [f.name for f in record.concrete_fields if _stamped(f)]
        for version in model.objects.filter(history_id__gt=mark, history_type="~"):
            previous = version.prev_record
            if previous is None:
                continue
            for change in version.diff_against(previous, excluded_fields=stamped).changes:
                column = record.get_field(change.field).attname
                out.append((record.label, version.id, column, change.old, change.new))
    return out
