"""Properties of the one working-day calculator (portal.workingdays), checked with
hypothesis over 2025–2028, where the bank holidays (Christmas, Boxing Day and New
Year substitute days included) are seeded as data. One calendar per test: the
holidays are read once, each example asks it questions without more queries."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.workingdays import WorkingDays

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 10, 31))
YEAR_ENDS = st.builds(
    lambda year, offset: date(year, 12, 1) + timedelta(days=offset),
    st.integers(2025, 2027),
    st.integers(0, 45),
)
COUNTS = st.integers(min_value=0, max_value=60)


def test_add_lands_on_a_working_day():
    calendar = WorkingDays()

    @SETTINGS
    @given(start=DAYS | YEAR_ENDS, n=st.integers(min_value=1, max_value=60))
    def check(start, n):
        assert calendar.is_working_day(calendar.add(start, n))

    check()


def test_between_undoes_add():
    calendar = WorkingDays()

    @SETTINGS
    @given(start=DAYS | YEAR_ENDS, n=COUNTS)
    def check(start, n):
        assert calendar.between(start, calendar.add(start, n)) == n

    check()


def test_add_and_between_are_monotonic():
    calendar = WorkingDays()

    @SETTINGS
    @given(start=DAYS | YEAR_ENDS, n=COUNTS, more=st.integers(min_value=1, max_value=20))
    def check(start, n, more):
        assert calendar.add(start, n) < calendar.add(start, n + more)
        end = start + timedelta(days=n)
        assert calendar.between(start, end) <= calendar.between(start, end + timedelta(days=more))

    check()


def test_year_ends_skip_the_seeded_substitute_days():
    calendar = WorkingDays()

    @SETTINGS
    @given(start=YEAR_ENDS, n=COUNTS)
    def check(start, n):
        end = calendar.add(start, n)
        day = start
        while day < end:
            day += timedelta(days=1)
            if day.month == 12 and day.day in (25, 26) or (day.month, day.day) == (1, 1):
                assert not calendar.is_working_day(day)

    check()
    # The substitute days themselves (portal/migrations/0003_bank_holidays_england_and_wales.py).
    for day in (date(2026, 12, 28), date(2027, 12, 27), date(2027, 12, 28), date(2028, 1, 3)):
        assert day.weekday() < 5 and not calendar.is_working_day(day)


def test_between_is_zero_backwards():
    calendar = WorkingDays()

    @SETTINGS
    @given(start=DAYS, back=st.integers(min_value=0, max_value=40))
    def check(start, back):
        assert calendar.between(start, start - timedelta(days=back)) == 0

    check()


def test_add_agrees_with_a_count_by_hand_against_the_seeded_list():
    """An independent count: step day by day, skipping Saturdays, Sundays and the dates
    listed in the bank-holiday migration (not the calculator's own idea of a holiday)."""
    from importlib import import_module

    seeded = import_module("portal.migrations.0003_bank_holidays_england_and_wales").HOLIDAYS
    holidays = {date.fromisoformat(day) for day, _name in seeded}
    calendar = WorkingDays()

    @SETTINGS
    @given(start=DAYS | YEAR_ENDS, n=COUNTS)
    def check(start, n):
        day, left = start, n
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in holidays:
                left -= 1
        assert calendar.add(start, n) == day
        assert day.weekday() < 5 or n == 0
        assert day not in holidays or n == 0

    check()
