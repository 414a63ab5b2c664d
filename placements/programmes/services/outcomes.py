"""Outcome checks (issue 18, requirement 6): when they are created.

When a parent is enrolled, each child gets a check at `referral`, recorded at
once with the status the referrer gave (the baseline). When the enrolment ends,
each child gets checks at `completion` (due the day it ended) and 3 and 12
months after it, to be recorded by the care co-ordinator on their due dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.audit.context import acting_as
from portal.dates import add_months, long_date
from portal.permissions import require_object_permission
from portal.services import notify

from ..models import Enrolment, OutcomeCheck, Referral, SelfEsteemScore, SocialCareStatus

P = OutcomeCheck.Point

# Each follow-up and how many months after the end it is due.
FOLLOW_UPS = ((P.COMPLETION, 0), (P.THREE_MONTHS, 3), (P.TWELVE_MONTHS, 12))


def outcome_checks_open(*, enrolment: Enrolment, by) -> list[OutcomeCheck]:
    """The baseline: each referred child's status at referral, as the referrer gave it."""
    referral = enrolment.referral
    received_on = referral.received_at.date()
    made = []
    with acting_as(by):
        for child in referral.children.all():
            check, _ = OutcomeCheck.objects.get_or_create(
                child=child,
                point=P.REFERRAL,
                defaults={
                    "due_on": received_on,
                    "status": child.social_care_status,
                    "recorded_on": received_on,
                },
            )
            made.append(check)
    return made


def follow_up_due_on(ended_on: date, point: str) -> date:
    return add_months(ended_on, dict(FOLLOW_UPS)[point])


def outcome_checks_schedule(*, enrolment: Enrolment, by) -> list[OutcomeCheck]:
    """The follow-ups, due from the day the enrolment ended (idempotent)."""
    made = []
    with acting_as(by):
        for child in enrolment.referral.children.all():
            for point, _months in FOLLOW_UPS:
                check, _ = OutcomeCheck.objects.get_or_create(
                    child=child,
                    point=point,
                    defaults={"due_on": follow_up_due_on(enrolment.ended_on, point)},
                )
                made.append(check)
    return made


# --- recording (requirement 6) ------------------------------------------------------------

NOT_BASELINE = (
    "The status at referral is what the referrer gave on the form: it is kept as it was "
    "and cannot be recorded here."
)
REMIND_DAYS = 7  # the care co-ordinator is reminded of a check due within a week


def _require_family_worker(by, referral: Referral) -> None:
    """404 outside the programme, 403 unless they work with this family."""
    require_object_permission(
        by, referral, "programmes.work_with_family", scope="programmes.view_referral"
    )


def _check_recorded_on(recorded_on: date | None, *, not_before: date | None = None) -> None:
    if recorded_on is None:
        raise ValidationError({"recorded_on": "Enter the date you found out the status."})
    if recorded_on > timezone.localdate():
        raise ValidationError({"recorded_on": "The date cannot be in the future."})
    if not_before is not None and recorded_on < not_before:
        raise ValidationError(
            {
                "recorded_on": f"This check is due on {long_date(not_before)}: record it on "
                "or after that date."
            }
        )


@transaction.atomic
def outcome_check_record(*, check: OutcomeCheck, status: str, recorded_on: date | None, by):
    """Record a child's social care status at a follow-up point.

    Recording again corrects it: the earlier answer stays in the check's history."""
    check = (
        OutcomeCheck.objects.select_for_update(of=("self",))
        .select_related("child__referral")
        .get(pk=check.pk)
    )
    _require_family_worker(by, check.child.referral)
    if check.point == P.REFERRAL:
        raise ValidationError(NOT_BASELINE, code="baseline")
    if status not in SocialCareStatus.values:
        raise ValidationError({"status": "Choose the child's social care status."})
    if check.due_on > timezone.localdate():
        raise ValidationError(
            f"This check is not due until {long_date(check.due_on)}.", code="not_due"
        )
    _check_recorded_on(recorded_on, not_before=check.due_on)
    with acting_as(by):
        check.status = status
        check.recorded_on = recorded_on
        check.recorded_by = by
        check.save(update_fields=["status", "recorded_on", "recorded_by"])
    return check


@transaction.atomic
def self_esteem_record(
    *, enrolment: Enrolment, point: str, score: int | None, recorded_on: date | None, by
) -> SelfEsteemScore:
    """The parent's Rosenberg total at the start or the end; again at a point corrects it
    (the earlier total stays in the history)."""
    enrolment = Enrolment.objects.select_related("referral").get(pk=enrolment.pk)
    _require_family_worker(by, enrolment.referral)
    if point not in SelfEsteemScore.Point.values:
        raise ValidationError({"point": "Choose the start or the end of the programme."})
    if score is None or not 0 <= score <= 30:
        raise ValidationError({"score": "A Rosenberg score is between 0 and 30."})
    _check_recorded_on(recorded_on)
    with acting_as(by):
        record = SelfEsteemScore.objects.select_for_update().filter(
            enrolment=enrolment, point=point
        ).first() or SelfEsteemScore(enrolment=enrolment, point=point)
        record.score = score
        record.recorded_on = recorded_on
        record.full_clean()
        record.save()
    return record


# --- reminders (beat: tasks.remind_outcome_checks) --------------------------------------------


def outcome_checks_remind(*, today: date | None = None) -> int:
    """Tell each care co-ordinator once of the checks due within a week or overdue.

    One notification a referral; its title names the referral's reference only (an
    email leaves with it), never a child. Returns how many notifications were sent."""
    today = today or timezone.localdate()
    due = list(
        OutcomeCheck.objects.filter(
            status="",
            reminded_at__isnull=True,
            due_on__lte=today + timedelta(days=REMIND_DAYS),
            child__referral__care_coordinator__isnull=False,
            child__referral__care_coordinator__is_active=True,
        )
        .exclude(point=P.REFERRAL)
        .select_related("child__referral__care_coordinator")
        .order_by("child__referral_id", "due_on", "pk")
    )
    by_referral: dict[int, list[OutcomeCheck]] = {}
    for check in due:
        by_referral.setdefault(check.child.referral_id, []).append(check)
    now = timezone.now()
    for checks in by_referral.values():
        referral = checks[0].child.referral
        overdue = any(c.due_on < today for c in checks)
        lines = [
            f"{c.get_point_display()}: due {long_date(c.due_on)}"
            + (" (overdue)" if c.due_on < today else "")
            for c in checks
        ]
        with transaction.atomic():
            notify(
                user=referral.care_coordinator,
                title=f"Outcome checks {'overdue' if overdue else 'due'} for referral "
                f"{referral.reference}",
                body="\n".join(lines),
                url=reverse("programmes:outcome_checks") + "?show=due",
                kind="programmes",
            )
            OutcomeCheck.objects.filter(pk__in=[c.pk for c in checks]).update(reminded_at=now)
    return len(by_referral)
