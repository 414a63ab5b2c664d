"""How dates read to a person, in pages, messages, emails and the admin (GOV.UK style).

"3 March 2026": the day without a leading zero, the month in full; "3 Mar 2026" where
space is short; times in 24 hours, "14:05", in the portal's time zone (Europe/London).
Every date a person reads is formatted here: tests/portal/test_dates_one_place.py fails
on a month format (`%B`) written anywhere else in the apps' Python. Templates use
Django's `date` filter with the same formats ("j F Y", "j M Y").
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.utils import timezone


def long_date(day: date) -> str:
    """'3 March 2026'."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    """'3 Mar 2026': lists and the admin, where space is short."""
    return f"{day.day} {day:%b %Y}"


def month_year(day: date) -> str:
    """'March 2026': a month of figures or a table's row."""
    return f"{day:%B %Y}"


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def long_date_time(moment: datetime) -> str:
    """'3 March 2026 at 14:05' (local time)."""
    local = _local(moment)
    return f"{long_date(local)} at {local:%H:%M}"


def time_on_date(moment: datetime) -> str:
    """'14:05 on 3 March 2026' (local time)."""
    local = _local(moment)
    return f"{local:%H:%M} on {long_date(local)}"


def monday_of(day: date) -> date:
    """The Monday of `day`'s week (weeks run Monday to Sunday)."""
    return day - timedelta(days=day.weekday())


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def age_on(born: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
