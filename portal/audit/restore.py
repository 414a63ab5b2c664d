"""Find and put back optional values that an unchanged form save blanked (issue 21).

Edit forms once rendered dates as `11/01/2027` into `<input type="date">`, which
browsers show as empty and submit as empty, so saving a form unchanged erased its
optional dates. In the change history such a save has one signature: one or more
optional fields went from a value to empty and nothing else of the record changed
(timestamps kept automatically aside). `blanked_fields` finds those saves in the
history of every portal model; `blanked_fields_restore` puts the old values back
through a normal save, so each repair has its own history row whose change reason
names this tool, and a second run finds them already restored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.models import registered_models

from portal.locking import Lockable, LockedWithParent

TOOL = "restore_blanked_fields"
TAG = f"({TOOL})"
# Our apps (and any app inside them, such as casework); cms pages use Wagtail
# revisions, and third-party apps keep no simple-history.
OUR_PACKAGES = frozenset({"portal", "placements", "supervision", "lifestory"})
DATE_FIELDS = (models.DateField, models.TimeField)  # DateTimeField is a DateField

WOULD_RESTORE = "would restore"
RESTORED = "restored"
ALREADY_RESTORED = "already restored"
SKIPPED = "skipped"


@dataclass
class BlankedField:
    """One optional field emptied by a save that changed nothing else."""

    model: type[models.Model]
    record_pk: Any
    field: models.Field
    old_value: Any
    blanked_at: datetime
    blanked_by_id: Any
    blanked_by: Any = None
    # The first value the history shows in this field after the blanking, if any.
    later_value: Any = None
    later_at: datetime | None = None
    later_reason: str = ""
    outcome: str = ""
    detail: str = ""

    @property
    def model_name(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def field_label(self) -> str:
        return capfirst(self.field.verbose_name)

    @property
    def blanked_on(self) -> date:
        return timezone.localdate(self.blanked_at)

    def describe(self) -> str:
        """One line an admin can read: what, which record, old value, when, who, outcome."""
        who = _person(self.blanked_by) if self.blanked_by_id else "no user recorded"
        when = timezone.localtime(self.blanked_at).strftime("%Y-%m-%d %H:%M")
        line = (
            f"{self.model_name} #{self.record_pk}, {self.field_label}: "
            f"was {shown(self.field, self.old_value)}, blanked {when} by {who}"
        )
        if self.outcome:
            line += f" - {self.outcome}" + (f": {self.detail}" if self.detail else "")
        return line


def history_tracked_models() -> list[type[models.Model]]:
    """Every model of our apps registered with simple-history."""
    found = {
        model
        for model in registered_models.values()
        if hasattr(model._meta, "simple_history_manager_attribute")
        and model._meta.app_config is not None
        and model._meta.app_config.name.split(".")[0] in OUR_PACKAGES
    }
    return sorted(found, key=lambda model: model._meta.label)


def blanked_fields(*, since: date | None = None, dates_only: bool = False) -> list[BlankedField]:
    """Every save (on or after `since`) that only emptied optional fields, oldest record first.

    `dates_only` keeps date and time fields, the only ones the date-input bug could
    blank; otherwise any optional field (null=True or blank=True) a form can edit.
    """
    start = None
    if since is not None:
        start = datetime.combine(since, time.min, tzinfo=timezone.get_current_timezone())
    findings: list[BlankedField] = []
    for model in history_tracked_models():
        findings.extend(_blanked_fields_of(model, start, dates_only))
    users = get_user_model()._base_manager.in_bulk(
        {finding.blanked_by_id for finding in findings if finding.blanked_by_id}
    )
    for finding in findings:
        finding.blanked_by = users.get(finding.blanked_by_id)
    return findings


def _blanked_fields_of(model, start: datetime | None, dates_only: bool) -> list[BlankedField]:
    history_model = getattr(model, model._meta.simple_history_manager_attribute).model
    key = model._meta.pk.attname
    compared = [
        field
        for field in history_model.tracked_fields
        if not field.primary_key and not _kept_automatically(field)
    ]
    optional = {
        field.attname
        for field in compared
        if field.editable
        and (field.null or field.blank)
        and (not dates_only or isinstance(field, DATE_FIELDS))
    }
    m2m = [field.name for field in history_model._history_m2m_fields]

    rows = history_model._default_manager.all()
    if start is not None:
        changed_since = history_model._default_manager.filter(history_date__gte=start)
        rows = rows.filter(**{f"{key}__in": changed_since.values(key)})
    rows = rows.order_by(key, "history_date", "history_id")

    findings: list[BlankedField] = []
    previous = None
    open_findings: list[BlankedField] = []
    for row in rows.iterator(chunk_size=2000):
        if previous is None or getattr(previous, key) != getattr(row, key):
            previous, open_findings = row, []
            continue
        for finding in open_findings:
            value = _value(row, finding.field)
            if finding.later_at is None and not _empty(value):
                finding.later_value = value
                finding.later_at = row.history_date
                finding.later_reason = row.history_change_reason or ""
        emptied = _emptied(previous, row, compared, optional)
        if (
            emptied
            and row.history_type == "~"
            and (start is None or row.history_date >= start)
            and not (m2m and row.diff_against(previous, included_fields=m2m).changes)
        ):
            found = [
                BlankedField(
                    model=model,
                    record_pk=getattr(row, key),
                    field=field,
                    old_value=_value(previous, field),
                    blanked_at=row.history_date,
                    blanked_by_id=row.history_user_id,
                )
                for field in emptied
            ]
            findings.extend(found)
            open_findings.extend(found)
        previous = row
    return findings


def _emptied(previous, row, compared, optional) -> list[models.Field]:
    """The fields `row` emptied, if emptying optional fields is all it changed."""
    changed = [field for field in compared if _value(previous, field) != _value(row, field)]
    for field in changed:
        if (
            field.attname not in optional
            or _empty(_value(previous, field))
            or not _empty(_value(row, field))
        ):
            return []
    return changed


def blanked_fields_restore(findings: list[BlankedField], *, apply: bool) -> list[BlankedField]:
    """Decide, and with `apply` make, the restore of each finding (sets `outcome`, `detail`).

    A field is restored only while it is still empty and nobody has entered a
    value since; the fields one save blanked go back in one save of their record.
    """
    saves: dict[tuple, list[BlankedField]] = {}
    for finding in findings:
        if finding.later_at is None:
            saves.setdefault((finding.model, finding.record_pk, finding.blanked_at), []).append(
                finding
            )
        elif TAG in finding.later_reason and finding.later_value == finding.old_value:
            _mark([finding], ALREADY_RESTORED, f"on {timezone.localdate(finding.later_at)}")
        else:
            _mark(
                [finding],
                SKIPPED,
                f"a new value ({shown(finding.field, finding.later_value)}) was entered on "
                f"{timezone.localdate(finding.later_at)}",
            )
    for (model, record_pk, _), blanked in saves.items():
        with transaction.atomic():
            _restore_record(model, record_pk, blanked, apply=apply)
    return findings


def _restore_record(model, record_pk, blanked: list[BlankedField], *, apply: bool) -> None:
    records = model._base_manager.filter(pk=record_pk)
    record = (records.select_for_update() if apply else records).first()
    if record is None:
        _mark(blanked, SKIPPED, "the record has since been deleted")
        return
    empty = []
    for finding in blanked:
        now = _value(record, finding.field)
        if _empty(now):
            empty.append(finding)
        else:  # changed without a history row (a bulk update, say)
            _mark([finding], SKIPPED, f"it now holds {shown(finding.field, now)}")
    if not empty:
        return
    refusal = _lock_refusal(record)
    if refusal:
        _mark(empty, SKIPPED, refusal)
        return
    if not apply:
        _mark(empty, WOULD_RESTORE)
        return
    for finding in empty:
        setattr(record, finding.field.attname, finding.old_value)
    record._change_reason = _change_reason(model, empty)
    touched = [finding.field.name for finding in empty]
    touched += [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    try:
        with transaction.atomic():
            record.save(update_fields=touched)
    except (ValidationError, DatabaseError) as error:
        message = "; ".join(getattr(error, "messages", None) or [str(error)])
        _mark(empty, SKIPPED, f"the save was refused: {message}")
    else:
        _mark(empty, RESTORED)


def _lock_refusal(record) -> str:
    """Why the lock rule (portal/locking.py) would refuse to save `record`, or ""."""
    if isinstance(record, Lockable) and record.is_locked:
        return "the record is signed and locked (correct it by an amendment)"
    if isinstance(record, LockedWithParent):
        parent = getattr(record, record.lock_parent, None)
        if parent is not None and parent.is_locked:
            return f"it belongs to a locked {parent._meta.verbose_name} (#{parent.pk})"
    return ""


def _change_reason(model, restored: list[BlankedField]) -> str:
    """The history row's reason, fitted to the column (100 characters by default)."""
    history_model = getattr(model, model._meta.simple_history_manager_attribute).model
    limit = history_model._meta.get_field("history_change_reason").max_length
    labels = [str(finding.field.verbose_name) for finding in restored]
    names = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    day = restored[0].blanked_on.isoformat()
    count = f"{len(restored)} field{'s' if len(restored) > 1 else ''}"
    options = [
        f"Restored {names} blanked by an unchanged form save on {day} {TAG}",
        f"Restored {names} blanked on {day} {TAG}",
        f"Restored {count} blanked on {day} {TAG}",
    ]
    return next((text for text in options if limit is None or len(text) <= limit), options[-1])


def _mark(findings: list[BlankedField], outcome: str, detail: str = "") -> None:
    for finding in findings:
        finding.outcome, finding.detail = outcome, detail


def _kept_automatically(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _value(obj, field) -> Any:
    value = getattr(obj, field.attname)
    return value.name if isinstance(value, FieldFile) else value


def _empty(value) -> bool:
    return value is None or value == ""


def _person(user) -> str:
    if user is None:
        return "a user since removed"
    email = getattr(user, "email", "")
    name = str(user)
    return f"{name} <{email}>" if email and name != email else name or email


def shown(field, value) -> str:
    """A value as an admin reads it: ISO dates, choice labels, the related record's name."""
    if _empty(value):
        return "(empty)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and field.related_model is not None:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value} (removed)"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | time):
        return value.isoformat()
    text = " ".join(str(value).split())
    return repr(text if len(text) <= 60 else text[:57] + "...")
