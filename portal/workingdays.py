"""The one working-day calculator: weekends and bank holidays (kept as data) are
not working days. Statutory timescales (decision in 1 working day, assessment
in 45, conference in 15) and placement projections all count with it."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from .models import BankHoliday
from .request_cache import per_request


# A page asks several parts (panels, lists, the header) for working days: within one
# request the holidays are read once (portal.request_cache; a holiday written lets
# them go). Only within a request: a worker or a command reads them afresh each time,
# so a holiday added is never missed for long.
@per_request
def _holidays(region: str) -> frozenset[date]:
    return frozenset(BankHoliday.objects.filter(region=region).values_list("date", flat=True))


class WorkingDays:
    """Load the holidays once, then answer many questions without more queries."""

    def __init__(self, region: str = BankHoliday.Region.ENGLAND_AND_WALES) -> None:
        self.holidays = _holidays(region)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        if not days:
            return start
        # The first day by which `days` working days have passed: `between` only
        # grows on working days, so that day is one. Widen, then halve the range.
        low, high = start, start + timedelta(days=days * 7 // 5 + 7)
        while self.between(start, high) < days:
            low, high = high, high + timedelta(days=(days - self.between(start, high)) * 2 + 7)
        while (high - low).days > 1:
            middle = low + timedelta(days=(high - low).days // 2)
            if self.between(start, middle) >= days:
                high = middle
            else:
                low = middle
        return high

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start).

        Arithmetic, not a walk over the days: the weekdays in the range less the
        bank holidays that fall on them (lists, dashboards and exports ask this
        for every row)."""
        if end <= start:
            return 0
        holidays = self._weekday_holidays()
        return (
            _weekdays_through(end)
            - _weekdays_through(start)
            - (bisect_right(holidays, end) - bisect_right(holidays, start))
        )

    def _weekday_holidays(self) -> list[date]:
        """The holidays that fall on a weekday, sorted (worked out once per set)."""
        cached = self.__dict__.get("_sorted")
        if cached is None or cached[0] is not self.holidays:
            cached = (self.holidays, sorted(day for day in self.holidays if day.weekday() < 5))
            self.__dict__["_sorted"] = cached
        return cached[1]


def _weekdays_through(day: date) -> int:
    """Monday to Friday dates from 1 January of year 1 (a Monday) to `day`, inclusive."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)
