"""Logging days in one tap (issue 22, requirement 3): today with the course's usual
hours, or this week like last week. Both write through `day_record`, the one way a
day is created, so every check of a recorded day still applies."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import User
from portal.dates import long_date
from portal.workingdays import WorkingDays

from ..models import Placement, PlacementDay
from ..selectors.day_log import hours_text, last_week_pattern, logging_refusal, today_refusal
from .ledger import _require_student, day_record


@transaction.atomic
def day_log_today(*, placement: Placement, by: User) -> PlacementDay:
    """Record today as a placement day of the course's usual hours."""
    _require_student(placement, by)
    today = timezone.localdate()
    recorded = placement.days.filter(date=today).first()
    if recorded is not None:
        raise ValidationError(
            {"date": f"Today is already logged ({hours_text(recorded.hours)} hours)."}
        )
    refusal = today_refusal(placement, today=today, calendar=WorkingDays())
    if refusal:
        raise ValidationError({"date": refusal})
    return day_record(
        placement=placement,
        by=by,
        date=today,
        kind=PlacementDay.Kind.PLACEMENT,
        hours=placement.course.usual_day_hours,
    )


@transaction.atomic
def days_repeat_last_week(
    *, placement: Placement, by: User, dates: Iterable[date]
) -> list[PlacementDay]:
    """Log `dates` (this week's, as the confirmation page listed them) with the kind and
    hours of the same weekday last week: all of them, or none."""
    _require_student(placement, by)
    refusal = logging_refusal(placement)
    if refusal:
        raise ValidationError({"dates": refusal})
    wanted = sorted(set(dates))
    if not wanted:
        raise ValidationError({"dates": "There are no days to log."})
    calendar = WorkingDays()
    pattern = {
        source.date + timedelta(weeks=1): source
        for source in last_week_pattern(placement, calendar=calendar).last_week
    }
    problems = []
    for day in wanted:
        if day not in pattern:
            problems.append(f"{long_date(day)} is not a day of last week's pattern.")
        elif day in calendar.holidays:
            problems.append(f"{long_date(day)} is a bank holiday.")
    if problems:
        raise ValidationError({"dates": [*problems, "Nothing was logged."]})
    logged = []
    try:
        for day in wanted:
            source = pattern[day]
            logged.append(
                day_record(
                    placement=placement, by=by, date=day, kind=source.kind, hours=source.hours
                )
            )
    except ValidationError as error:
        # The days logged before this one are undone with it (one transaction).
        raise ValidationError({"dates": [*error.messages, "Nothing was logged."]}) from error
    return logged
