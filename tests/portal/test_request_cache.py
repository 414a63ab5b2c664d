"""portal.request_cache: a read shared by the parts of one page is made once per
request, never outside one, and never kept past a write."""

import pytest
from django.core.signals import request_finished, request_started
from django.urls import reverse

from portal.models import BankHoliday
from portal.request_cache import forget_all, per_request

pytestmark = pytest.mark.django_db

calls: list[tuple] = []


@per_request
def holiday_names(region: str) -> tuple[str, ...]:
    calls.append((region,))
    return tuple(BankHoliday.objects.filter(region=region).values_list("name", flat=True))


@pytest.fixture(autouse=True)
def _fresh():
    calls.clear()
    yield
    request_finished.send(sender=None)


def test_within_a_request_the_same_arguments_are_answered_once():
    request_started.send(sender=None)
    first = holiday_names("england-and-wales")
    assert holiday_names("england-and-wales") is first
    holiday_names(region="scotland")
    assert calls == [("england-and-wales",), ("scotland",)]


def test_outside_a_request_every_call_reads_afresh():
    holiday_names("england-and-wales")
    holiday_names("england-and-wales")
    assert len(calls) == 2


def test_a_write_in_the_request_is_seen_by_the_next_read():
    request_started.send(sender=None)
    before = holiday_names("england-and-wales")
    BankHoliday.objects.create(date="2026-12-23", name="A made-up holiday")
    after = holiday_names("england-and-wales")
    assert "A made-up holiday" in after and "A made-up holiday" not in before


def test_a_delete_lets_the_kept_answers_go():
    holiday = BankHoliday.objects.create(date="2026-12-23", name="A made-up holiday")
    request_started.send(sender=None)
    assert "A made-up holiday" in holiday_names("england-and-wales")
    holiday.delete()
    assert "A made-up holiday" not in holiday_names("england-and-wales")


def test_the_next_request_reads_afresh():
    request_started.send(sender=None)
    holiday_names("england-and-wales")
    request_finished.send(sender=None)
    request_started.send(sender=None)
    holiday_names("england-and-wales")
    assert len(calls) == 2


def test_forget_all_lets_go_of_what_was_kept():
    request_started.send(sender=None)
    holiday_names("england-and-wales")
    forget_all()
    holiday_names("england-and-wales")
    assert len(calls) == 2


def test_requests_through_the_client_do_not_leak_answers_between_them(client):
    client.get(reverse("account_login"))
    holiday_names("england-and-wales")
    holiday_names("england-and-wales")
    assert len(calls) == 2  # after the response, nothing is kept
