"""Rights requests (UK GDPR): recorded with the date received, due one calendar
month later, extendable once by up to two months with a reason; an erasure runs
the anonymiser on the person's records unless a legal hold or a statutory
retention period keeps them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import Role
from portal.services import notify

from .models import AnonymisedRecord, RetentionSchedule, RightsRequest
from .retention import anonymise, expired_records, is_held, shift_months
from .subject_access import person_for, subject_records

EXTENSION_MONTHS = (1, 2)
DUE_SOON_DAYS = 7
R = RightsRequest


def _require_admin(by) -> None:
    if not by.has_perm("privacy.manage_rights_requests"):
        raise PermissionDenied("Only an administrator can handle data protection requests.")


def due_date(received_on: date) -> date:
    return shift_months(received_on, 1)


@transaction.atomic
def rights_request_record(
    *,
    by,
    kind: str,
    received_on: date | None,
    requested_by: str,
    subject_kind: str,
    subject_id: int | None,
    details: str = "",
) -> RightsRequest:
    _require_admin(by)
    errors: dict[str, str] = {}
    if received_on is None:
        errors["received_on"] = "Enter the date the request was received."
    elif received_on > timezone.localdate():
        errors["received_on"] = "The date received must be today or in the past."
    if not (requested_by or "").strip():
        errors["requested_by"] = "Enter who asked, and how to reach them."
    if kind not in R.Kind.values:
        errors["kind"] = "Choose what they asked for."
    if subject_id is None:
        errors["subject_id"] = "Enter the id of the person the request is about."
    elif "subject_kind" not in errors:
        try:
            person_for(subject_kind, subject_id)
        except LookupError:
            errors["subject_id"] = "There is nobody of that kind with that id."
    if errors:
        raise ValidationError(errors)
    return R.objects.create(
        kind=kind,
        received_on=received_on,
        requested_by=requested_by.strip(),
        subject_kind=subject_kind,
        subject_id=subject_id,
        details=(details or "").strip(),
        due_on=due_date(received_on),
        recorded_by=by,
    )


def _locked_open(request: RightsRequest) -> RightsRequest:
    request = R.objects.select_for_update().get(pk=request.pk)
    if request.status != R.Status.OPEN:
        raise ValidationError("This request is already closed.")
    return request


@transaction.atomic
def rights_request_extend(*, request: RightsRequest, by, months: int, reason: str) -> RightsRequest:
    _require_admin(by)
    request = _locked_open(request)
    if request.extended_to is not None:
        raise ValidationError("The deadline has already been extended once.")
    errors = {}
    if months not in EXTENSION_MONTHS:
        errors["months"] = "Extend by one or two months."
    if not (reason or "").strip():
        errors["reason"] = (
            "Enter why the request needs more time (it is complex, or there are many)."
        )
    if errors:
        raise ValidationError(errors)
    request.extended_to = shift_months(request.due_on, months)
    request.extension_reason = reason.strip()
    request._change_reason = "Deadline extended"
    request.save(update_fields=["extended_to", "extension_reason"])
    return request


@transaction.atomic
def rights_request_close(*, request: RightsRequest, by, status: str, outcome: str) -> RightsRequest:
    _require_admin(by)
    request = _locked_open(request)
    errors = {}
    if status not in (R.Status.DONE, R.Status.REFUSED):
        errors["status"] = "Choose whether the request was answered or refused."
    if not (outcome or "").strip():
        errors["outcome"] = "Write what was done, or why it was refused."
    if errors:
        raise ValidationError(errors)
    request.status = status
    request.outcome = outcome.strip()
    request.closed_on = timezone.localdate()
    request.save(update_fields=["status", "outcome", "closed_on"])
    return request


# --- erasure ------------------------------------------------------------------------------


@dataclass
class Erasure:
    anonymised: Counter = field(default_factory=Counter)
    held: Counter = field(default_factory=Counter)
    statutory: Counter = field(default_factory=Counter)
    already: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        parts = [f"Anonymised {sum(self.anonymised.values())} record(s)"]
        if self.held:
            parts.append(f"kept {sum(self.held.values())} under a legal hold")
        if self.statutory:
            kinds = ", ".join(sorted(self.statutory))
            parts.append(
                f"kept {sum(self.statutory.values())} the law requires keeping for now ({kinds})"
            )
        if self.already:
            parts.append(f"{sum(self.already.values())} already anonymised")
        return "; ".join(parts) + "."


def _statutory_until(record: models.Model, schedule: RetentionSchedule | None) -> bool:
    """Whether a statutory schedule still keeps `record` today."""
    if schedule is None or not schedule.statutory:
        return False
    return not expired_records(schedule, timezone.localdate()).filter(pk=record.pk).exists()


def erasure_apply(*, request: RightsRequest, by) -> Erasure:
    """Anonymise every record about the request's person that nothing keeps: one
    transaction per record, so a failure leaves no record half done."""
    _require_admin(by)
    with transaction.atomic():
        request = _locked_open(request)
    if request.kind != R.Kind.ERASURE:
        raise ValidationError("Only an erasure request anonymises records.")
    person = person_for(request.subject_kind, request.subject_id)
    schedules = {s.record_type: s for s in RetentionSchedule.objects.all()}
    result = Erasure()
    for record_type, records in subject_records(person).items():
        content_type = ContentType.objects.get_for_model(records[0]._meta.model)
        done = set(
            AnonymisedRecord.objects.filter(content_type=content_type).values_list(
                "object_id", flat=True
            )
        )
        for record in records:
            if record.pk in done:
                result.already[record_type] += 1
            elif is_held(record):
                result.held[record_type] += 1
            elif _statutory_until(record, schedules.get(record_type)):
                result.statutory[record_type] += 1
            else:
                anonymise(record)
                result.anonymised[record_type] += 1
    with transaction.atomic():
        request = R.objects.select_for_update().get(pk=request.pk)
        request.outcome = "\n".join(filter(None, [request.outcome, result.summary()]))
        request._change_reason = "Erasure applied"
        request.save(update_fields=["outcome"])
    return result


# --- the reminder --------------------------------------------------------------------------


def requests_needing_an_answer(today: date | None = None) -> tuple[int, int]:
    """(due within DUE_SOON_DAYS, overdue) among the open requests."""
    today = today or timezone.localdate()
    soon = 0
    overdue = 0
    for request in R.objects.filter(status=R.Status.OPEN).only("due_on", "extended_to"):
        if request.deadline < today:
            overdue += 1
        elif request.deadline <= today + timedelta(days=DUE_SOON_DAYS):
            soon += 1
    return soon, overdue


def rights_requests_remind(today: date | None = None) -> int:
    """Tell each administrator how many requests are due soon or overdue (nothing
    if none). Returns how many were told."""
    soon, overdue = requests_needing_an_answer(today)
    if not soon and not overdue:
        return 0
    today = today or timezone.localdate()
    admins = (
        get_user_model()
        .objects.filter(
            models.Q(is_superuser=True)
            | models.Q(
                memberships__role=Role.ADMIN,
                memberships__starts_on__lte=today,
            )
            & (
                models.Q(memberships__ends_on__isnull=True)
                | models.Q(memberships__ends_on__gte=today)
            ),
            is_active=True,
        )
        .distinct()
    )
    parts = []
    if overdue:
        parts.append(f"{overdue} overdue")
    if soon:
        parts.append(f"{soon} due within {DUE_SOON_DAYS} days")
    title = "Data protection requests to answer: " + ", ".join(parts)
    count = 0
    for admin in admins:
        notify(user=admin, title=title, url=reverse("privacy:rights_requests"), kind="account")
        count += 1
    return count
