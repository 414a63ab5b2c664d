"""The one working-day calculator: weekends and bank holidays (kept as data) are
not working days. Statutory timescales (decision in 1 working day, assessment
in 45, conference in 15) and placement projections all count with it."""

from __future__ import annotations

from datetime import date, timedelta

from .models import BankHoliday


class WorkingDays:
    """Load the holidays once, then answer many questions without more queries."""

    def __init__(self, region: str = BankHoliday.Region.ENGLAND_AND_WALES) -> None:
        self.holidays = frozenset(
            BankHoliday.objects.filter(region=region).values_list("date", flat=True)
        )

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count
