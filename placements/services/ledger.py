"""Writes to the day ledger: the student records days, the practice educator confirms
them or queries one, and the student answers the query."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as date_type
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.dates import long_date
from portal.services import notifications_done_for, notify

from ..access import is_finished, read_only_message
from ..models import Placement, PlacementDay

# Days can be recorded once the placement has started and until the final report
# is in; proposed or confirmed placements have not begun, closed ones are settled.
RECORDING_STATUSES = frozenset(
    {
        Placement.Status.ACTIVE,
        Placement.Status.SUSPENDED,
        Placement.Status.MIDPOINT_REVIEWED,
        Placement.Status.FINAL_REPORT_SUBMITTED,
    }
)
# Kinds on which a student may record 0 hours (they did not work that day).
ABSENCE_KINDS = PlacementDay.MISSED_KINDS | {PlacementDay.Kind.BANK_HOLIDAY}


@dataclass(frozen=True, kw_only=True)
class DayEntry:
    """What the student records for a day: the same fields whether the day is
    new (`day_record`) or changed (`day_update`)."""

    date: date_type
    kind: str
    hours: Decimal
    note: str = ""
    makes_up_missed_day: bool = False


def _checked_hours(
    placement: Placement,
    date: date_type,
    kind: str,
    hours: Decimal | None,
    makes_up_missed_day: bool,
    exclude_pk: int | None = None,
) -> Decimal | None:
    """The day's hours as a Decimal, once every check of the day has passed: every
    refusal for a recorded day is collected per field and raised together."""
    hours = None if hours is None else Decimal(str(hours))
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if placement.status not in RECORDING_STATUSES:
        refuse(
            "placement",
            f"Days cannot be recorded while the placement is "
            f"{placement.get_status_display().lower()}.",
        )
    if kind not in PlacementDay.Kind.values:
        refuse("kind", "Choose what kind of day this was.")
    today = timezone.localdate()
    if date > today:
        refuse("date", "The date must be today or in the past.")
    elif date < placement.starts_on:
        refuse(
            "date",
            f"{long_date(date)} is before the placement starts on "
            f"{long_date(placement.starts_on)}.",
        )
    elif date > placement.ends_on:
        if makes_up_missed_day:
            refuse(
                "date",
                f"{long_date(date)} is after the placement ends on "
                f"{long_date(placement.ends_on)}. A make-up day after the end date "
                "needs the end date extended first; ask your placement co-ordinator.",
            )
        else:
            refuse(
                "date",
                f"{long_date(date)} is after the placement ends on {long_date(placement.ends_on)}.",
            )
    else:
        duplicate = PlacementDay.objects.filter(placement=placement, date=date)
        if exclude_pk is not None:
            duplicate = duplicate.exclude(pk=exclude_pk)
        if duplicate.exists():
            refuse("date", f"You have already recorded {long_date(date)}.")
    if hours is None:
        refuse("hours", "Enter the hours you worked.")
    elif kind in ABSENCE_KINDS:
        if not Decimal(0) <= hours <= Decimal(24):
            refuse("hours", "Hours must be between 0 and 24.")
    elif not Decimal(0) < hours <= Decimal(24):
        refuse("hours", "Hours must be more than 0 and no more than 24 for a day you worked.")
    if makes_up_missed_day and kind not in PlacementDay.COUNTED_KINDS:
        refuse(
            "makes_up_missed_day",
            "Only a placement, skills or study day can make up a missed day.",
        )
    if errors:
        raise ValidationError(errors)
    return hours


def _require_student(placement: Placement, by: User) -> None:
    if by.pk != placement.student_id:
        raise PermissionDenied("Only the student on the placement records days.")


def _save(day: PlacementDay, entry: DayEntry, exclude_pk: int | None = None) -> PlacementDay:
    """Check `entry` against the placement and the other days, and write it to `day`."""
    day.hours = _checked_hours(
        day.placement,
        entry.date,
        entry.kind,
        entry.hours,
        entry.makes_up_missed_day,
        exclude_pk=exclude_pk,
    )
    day.date = entry.date
    day.kind = entry.kind
    day.note = entry.note.strip()
    day.makes_up_missed_day = entry.makes_up_missed_day
    day.save()
    return day


@transaction.atomic
def day_record(*, placement: Placement, by: User, **entry: Any) -> PlacementDay:
    """Record a day on `placement`; `entry` is given as the keyword arguments of `DayEntry`."""
    recorded = DayEntry(**entry)
    _require_student(placement, by)
    return _save(PlacementDay(placement=placement), recorded)


@transaction.atomic
def day_update(
    *, day: PlacementDay, by: User, answer: str | None = None, **entry: Any
) -> PlacementDay:
    """Change a day not yet confirmed; `entry` is given as the keyword arguments of `DayEntry`.

    A day the practice educator has queried is changed with an `answer` to the
    query: the query is then answered, and the practice educator is told."""
    changed = DayEntry(**entry)
    placement = day.placement
    _require_student(placement, by)
    current = PlacementDay.objects.select_for_update().get(pk=day.pk)
    if current.is_confirmed:
        raise ValidationError(
            {"date": "A confirmed day cannot be changed; ask your practice educator."}
        )
    queried = current.has_open_query
    answer = (answer or "").strip()
    if queried and not answer:
        raise ValidationError({"answer": "Answer your practice educator's question."})
    current.placement = placement
    if queried:
        current.query_answer = answer
        current.query_answered_at = timezone.now()
    saved = _save(current, changed, exclude_pk=day.pk)
    if queried:
        _answered(saved, by)
    return saved


def _day_url(day: PlacementDay) -> str:
    return reverse("placements:day_update", args=[day.placement_id, day.pk])


def _answered(day: PlacementDay, by: User) -> None:
    """The student answered the query: their notification about it is done, and the
    practice educator who asked is told (the answer itself in the portal only)."""
    notifications_done_for(user=by, url=_day_url(day))
    if day.queried_by_id:
        notify(
            user=day.queried_by,
            title=f"{by} answered your query about {long_date(day.date)}",
            body=day.query_answer,
            url=reverse("placements:ledger", args=[day.placement_id]),
            kind="days",
        )


@transaction.atomic
def day_query(*, day: PlacementDay, by: User, comment: str) -> PlacementDay:
    """The practice educator queries a day not yet confirmed: the student is told, and
    the day waits for their answer (day_update) before it is confirmed."""
    placement = day.placement
    if by.pk != placement.practice_educator_id:
        raise PermissionDenied("Only the practice educator of the placement queries days.")
    if is_finished(placement):
        raise ValidationError({"comment": read_only_message(placement, "its days are")})
    current = PlacementDay.objects.select_for_update().get(pk=day.pk)
    if current.is_confirmed:
        raise ValidationError({"comment": "A confirmed day cannot be queried."})
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": "Enter your question about this day."})
    current.query = comment
    current.queried_by = by
    current.queried_at = timezone.now()
    current.query_answer = ""
    current.query_answered_at = None
    current.save(
        update_fields=["query", "queried_by", "queried_at", "query_answer", "query_answered_at"]
    )
    notify(
        user=placement.student,
        title=f"{by} queried {long_date(current.date)} of your placement days",
        body=comment,
        url=_day_url(current),
        kind="days",
    )
    return current


@transaction.atomic
def days_confirm(
    *, placement: Placement, by: User, days: Iterable[PlacementDay]
) -> list[PlacementDay]:
    """Confirm pending days of `placement` together: all of them, or none."""
    if by.pk != placement.practice_educator_id:
        raise PermissionDenied("Only the practice educator of the placement confirms days.")
    if is_finished(placement):
        raise ValidationError({"days": read_only_message(placement, "its days are")})
    wanted = {day.pk for day in days}
    if not wanted:
        raise ValidationError({"days": "There are no days to confirm."})
    locked = list(
        PlacementDay.objects.select_for_update()
        .filter(pk__in=wanted, placement=placement)
        .order_by("date")
    )
    if len(locked) != len(wanted):
        raise ValidationError({"days": "Some of these days are not on this placement."})
    already = [day for day in locked if day.is_confirmed]
    if already:
        listed = ", ".join(long_date(day.date) for day in already)
        raise ValidationError(
            {"days": f"Already confirmed: {listed}. Nothing was confirmed; reload and try again."}
        )
    queried = [day for day in locked if day.has_open_query]
    if queried:
        listed = ", ".join(long_date(day.date) for day in queried)
        raise ValidationError(
            {
                "days": f"{listed} {'is' if len(queried) == 1 else 'are'} queried: wait for "
                "the student's answer. Nothing was confirmed."
            }
        )
    now = timezone.now()
    for day in locked:
        day.confirmed_by = by
        day.confirmed_at = now
        day.save(update_fields=["confirmed_by", "confirmed_at"])
    count = len(locked)
    if not placement.days.filter(confirmed_at__isnull=True).exists():
        # Nothing left to confirm: the educator's notifications about the days are done.
        notifications_done_for(user=by, url=reverse("placements:ledger", args=[placement.pk]))
    notify(
        user=placement.student,
        title=f"{by} confirmed {count} day{'s' if count != 1 else ''} of your placement",
        body=f"From {long_date(locked[0].date)} to {long_date(locked[-1].date)}.",
        url=reverse("placements:ledger", args=[placement.pk]),
        kind="days",
    )
    return locked
