from datetime import date

import pytest

from portal.models import BankHoliday
from portal.workingdays import WorkingDays

pytestmark = pytest.mark.django_db


def test_weekends_and_bank_holidays_are_not_working_days():
    days = WorkingDays()
    assert days.is_working_day(date(2026, 11, 23))  # a Monday
    assert not days.is_working_day(date(2026, 11, 21))  # Saturday
    assert not days.is_working_day(date(2026, 12, 28))  # Boxing Day substitute
    assert not days.is_working_day(date(2027, 3, 26))  # Good Friday


def test_adding_working_days_skips_christmas():
    days = WorkingDays()
    # Thursday 24 December 2026 + 1 working day: Fri 25 and Mon 28 are holidays.
    assert days.add(date(2026, 12, 24), 1) == date(2026, 12, 29)
    # 45 working days from a referral on Monday 2 November 2026.
    assert days.add(date(2026, 11, 2), 45) == date(2027, 1, 7)


def test_between_counts_the_days_after_start_up_to_end():
    days = WorkingDays()
    assert days.between(date(2026, 11, 20), date(2026, 11, 27)) == 5
    assert days.between(date(2026, 11, 27), date(2026, 11, 20)) == 0


def test_holidays_are_data_an_added_day_counts():
    BankHoliday.objects.create(date=date(2026, 11, 24), name="Extra day")
    assert not WorkingDays().is_working_day(date(2026, 11, 24))


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError):
        WorkingDays().add(date(2026, 11, 23), -1)


def test_loading_holidays_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        days = WorkingDays()
    with django_assert_num_queries(0):
        days.add(date(2026, 1, 1), 200)
