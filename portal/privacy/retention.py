"""The retention run: each schedule's expired records, anonymised or deleted.

For every schedule (privacy.RetentionSchedule) the run finds the records of its
type whose date (`counts_from`, from the register) is at least `period_months`
before `as_of`, leaves out those under a legal hold (on the record itself, or on
a person the record is about) and those already anonymised, and then, one record
to a transaction:

- anonymise: every personal field the register lists is replaced by a marker in
  the record and in each of its change-history rows (files are deleted), and the
  record is noted in AnonymisedRecord so it is never done twice;
- delete: the record and its change history are deleted. A record other records
  still depend on (a PROTECT link) is left, counted as failed.

The report (RetentionRun) holds counts per record type and action, never a
value. A dry run counts what would happen and changes nothing.

Locks and immutability (signed supervision records, submitted safeguarding
concerns) guard against edits through the services; letting a record go at the
end of its retention period is the one change allowed past them, so the run
writes through the models' base managers.
"""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Max
from django.db.models.deletion import ProtectedError, RestrictedError
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import AnonymisedRecord, LegalHold, RetentionRun, RetentionSchedule
from .register import PersonalRecord, Whose, date_field_at, keepers_of, record_type

logger = logging.getLogger(__name__)

MARKER = "[removed under the retention schedule]"
SHORT_MARKER = "[removed]"
PERSON_LABELS = {Whose.CHILD: "casework.Child", Whose.CARER: "casework.Carer"}


def shift_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, to the last day of a shorter month
    (31 January + 1 month: 28 or 29 February)."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(day: date, months: int) -> date:
    return shift_months(day, -months)


# --- which records ----------------------------------------------------------------------


def _anchor(spec: str):
    """The date a record's period counts from: the latest date along the lookup
    (many children on a plan: the youngest's), the first alternative that is set."""
    latest = [Max(path) for path in spec.split("|")]
    return latest[0] if len(latest) == 1 else Coalesce(*latest)


def _cutoff_value(model: type[models.Model], spec: str, cutoff: date):
    if isinstance(date_field_at(model, spec.split("|")[0]), models.DateTimeField):
        return timezone.make_aware(datetime.combine(cutoff, time.max))
    return cutoff


def _active_holds() -> dict[str, set[int]]:
    held: dict[str, set[int]] = {}
    for content_type_id, object_id in LegalHold.objects.filter(lifted_at__isnull=True).values_list(
        "content_type_id", "object_id"
    ):
        label = ContentType.objects.get_for_id(content_type_id).model_class()._meta.label
        held.setdefault(label, set()).add(object_id)
    return held


def _held_filter(entry: PersonalRecord, held: dict[str, set[int]]) -> models.Q:
    """Records under a hold: on the record, or on a person it is about."""
    q = models.Q(pk__in=held.get(entry.label, set()))
    for kind, paths in entry.people.items():
        ids = held.get(PERSON_LABELS.get(kind, "accounts.User"), set())
        if not ids:
            continue
        for path in paths:
            q |= models.Q(**{f"{path}__in" if path else "pk__in": ids})
    return q


def expired_records(schedule: RetentionSchedule, as_of: date) -> models.QuerySet:
    """Every record of the schedule's type whose period ended on or before `as_of`,
    but for those a longer-kept record still needs (register.kept_while)."""
    entry = record_type(schedule.record_type)
    spec = entry.counts_from[schedule.counts_from]
    model = entry.model
    cutoff = _cutoff_value(model, spec, months_before(as_of, schedule.period_months))
    expired = (
        model._base_manager.annotate(_anchor=_anchor(spec)).filter(_anchor__lte=cutoff).values("pk")
    )
    records = model._base_manager.filter(pk__in=models.Subquery(expired))
    for rule in keepers_of(schedule.record_type):
        keeper_model = record_type(rule.keeper).model
        keepers = keeper_model._base_manager.filter(**{rule.link: models.OuterRef("pk")})
        keeper_schedule = RetentionSchedule.objects.filter(record_type=rule.keeper).first()
        if keeper_schedule is not None:
            let_go = expired_records(keeper_schedule, as_of).values("pk")
            keepers = keepers.exclude(pk__in=models.Subquery(let_go))
        records = records.exclude(models.Exists(keepers))
    return records


def is_held(record: models.Model) -> bool:
    entry = record_type(record._meta.label)
    held = _active_holds()
    return record._meta.model._base_manager.filter(_held_filter(entry, held), pk=record.pk).exists()


# --- what happens to one record -----------------------------------------------------------


def _marker_for(field: models.Field, value, pk) -> object:
    if isinstance(field, models.EmailField):
        return "" if field.blank else f"removed-{pk}@invalid.example"
    if isinstance(field, models.JSONField):
        return [] if isinstance(value, list) else {}
    if isinstance(field, models.FileField):
        return ""
    if isinstance(field, models.DateField):
        if field.null:
            return None
        return date(value.year, 1, 1) if value else value
    if isinstance(field, models.CharField | models.TextField):
        if not value:
            return value
        limit = field.max_length or len(MARKER)
        return MARKER if limit >= len(MARKER) else SHORT_MARKER[:limit]
    return value


def anonymised_values(record: models.Model, entry: PersonalRecord) -> dict:
    changes = {}
    for name in entry.fields:
        field = record._meta.get_field(name)
        changes[field.attname] = _marker_for(field, getattr(record, field.attname), record.pk)
    return changes


def _history_model(model: type[models.Model]):
    history = getattr(model, "history", None)
    return getattr(history, "model", None)


def _delete_file(field: models.Field, name) -> None:
    if isinstance(field, models.FileField) and name:
        field.storage.delete(str(name))


def anonymise(record: models.Model, *, run: RetentionRun | None = None) -> None:
    """Replace the record's personal fields, in the record and its history, with a
    marker; delete its files. One transaction; the caller checks holds."""
    model = record._meta.model
    entry = record_type(model._meta.label)
    with transaction.atomic():
        record = model._base_manager.select_for_update().get(pk=record.pk)
        for name in entry.fields:
            field = record._meta.get_field(name)
            _delete_file(field, getattr(record, field.attname))
        changes = anonymised_values(record, entry)
        model._base_manager.filter(pk=record.pk).update(**changes)
        historical = _history_model(model)
        if historical is not None:
            for row in historical._base_manager.filter(**{model._meta.pk.attname: record.pk}):
                row_changes = {}
                for name in entry.fields:
                    field = historical._meta.get_field(name)
                    _delete_file(field, getattr(row, field.attname))
                    row_changes[field.attname] = _marker_for(
                        field, getattr(row, field.attname), record.pk
                    )
                historical._base_manager.filter(pk=row.pk).update(**row_changes)
        AnonymisedRecord.objects.get_or_create(
            content_type=ContentType.objects.get_for_model(model),
            object_id=record.pk,
            defaults={"run": run},
        )


def delete(record: models.Model) -> None:
    """Delete the record and its change history. One transaction."""
    model = record._meta.model
    with transaction.atomic():
        historical = _history_model(model)
        model._base_manager.filter(pk=record.pk).delete()
        if historical is not None:
            historical._base_manager.filter(**{model._meta.pk.attname: record.pk}).delete()
        AnonymisedRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=record.pk
        ).delete()


# --- the run --------------------------------------------------------------------------------


@dataclass
class Row:
    record_type: str
    action: str
    expired: int = 0
    done: int = 0
    held: int = 0
    failed: int = 0


def retention_run(*, as_of: date | None = None, dry_run: bool = False, by=None) -> RetentionRun:
    as_of = as_of or timezone.localdate()
    run = RetentionRun.objects.create(as_of=as_of, dry_run=dry_run, started_by=by)
    rows: list[Row] = []
    held = _active_holds()
    try:
        for schedule in RetentionSchedule.objects.order_by("record_type"):
            entry = record_type(schedule.record_type)
            model = entry.model
            content_type = ContentType.objects.get_for_model(model)
            row = Row(schedule.record_type, schedule.action)
            rows.append(row)
            candidates = expired_records(schedule, as_of)
            if schedule.action == RetentionSchedule.Action.ANONYMISE:
                done_before = AnonymisedRecord.objects.filter(content_type=content_type).values(
                    "object_id"
                )
                candidates = candidates.exclude(pk__in=done_before)
            held_here = candidates.filter(_held_filter(entry, held))
            row.held = held_here.count()
            to_do = candidates.exclude(pk__in=held_here.values("pk"))
            row.expired = row.held + to_do.count()
            if dry_run:
                continue
            for record in to_do.iterator(chunk_size=500):
                try:
                    if schedule.action == RetentionSchedule.Action.ANONYMISE:
                        anonymise(record, run=run)
                    else:
                        delete(record)
                    row.done += 1
                except (ProtectedError, RestrictedError):
                    row.failed += 1
                    logger.warning(
                        "Retention: %s %s is still needed by another record; left as it is.",
                        schedule.record_type,
                        record.pk,
                    )
    except Exception:
        run.status = RetentionRun.Status.FAILED
        raise
    else:
        run.status = RetentionRun.Status.DONE
    finally:
        run.results = [row.__dict__ for row in rows]
        run.finished_at = timezone.now()
        run.save(update_fields=["results", "finished_at", "status"])
    return run
