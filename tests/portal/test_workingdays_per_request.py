"""Within one request the bank holidays are read once, however many parts of the
page count working days; the next request, and any work outside a request, reads
them afresh (a holiday added is seen at once)."""

from datetime import date

import pytest
from django.core.signals import request_finished, request_started
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import BankHoliday
from portal.workingdays import WorkingDays

pytestmark = pytest.mark.django_db

TEST_DAY = date(2026, 12, 23)  # a Wednesday, no bank holiday


def holiday_reads(context) -> int:
    return sum('"portal_bankholiday"' in query["sql"] for query in context.captured_queries)


def test_one_request_reads_the_holidays_once():
    request_started.send(sender=None)
    try:
        with CaptureQueriesContext(connection) as context:
            for _ in range(4):
                WorkingDays()
        assert holiday_reads(context) == 1
    finally:
        request_finished.send(sender=None)


def test_a_holiday_added_during_a_request_counts_at_once():
    request_started.send(sender=None)
    try:
        assert WorkingDays().is_working_day(TEST_DAY)
        BankHoliday.objects.create(date=TEST_DAY, name="Test day")
        assert not WorkingDays().is_working_day(TEST_DAY)
    finally:
        request_finished.send(sender=None)


def test_outside_a_request_each_calculator_reads_afresh():
    with CaptureQueriesContext(connection) as context:
        WorkingDays()
        WorkingDays()
    assert holiday_reads(context) == 2


def test_the_next_request_sees_a_holiday_added_after_the_last():
    request_started.send(sender=None)
    assert WorkingDays().is_working_day(TEST_DAY)
    request_finished.send(sender=None)
    BankHoliday.objects.bulk_create([BankHoliday(date=TEST_DAY, name="Test day")])
    request_started.send(sender=None)
    try:
        assert not WorkingDays().is_working_day(TEST_DAY)
    finally:
        request_finished.send(sender=None)


def test_a_dashboard_reads_the_holidays_once(client):
    from portal.accounts.roles import Role
    from tests.factories import user_with_role

    client.force_login(user_with_role(Role.STUDENT))
    with CaptureQueriesContext(connection) as context:
        assert client.get("/portal/").status_code == 200
    assert holiday_reads(context) <= 1
