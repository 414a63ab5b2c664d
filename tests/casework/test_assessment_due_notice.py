"""The due-date notice an assessment's people are sent (and shown when it starts)
gives the same working days left as the dashboard and the assessment's page, across
a weekend and a bank holiday: all are counted by selectors.assessments.working_days_left."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.casework.models import Assessment
from placements.casework.services.assessments import assessment_create
from portal.models import BankHoliday, Notification
from portal.workingdays import WorkingDays
from tests.accounts.support import visible_text
from tests.casework.support import assessment_world

pytestmark = pytest.mark.django_db


def is_working_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def walk_back(day: date, working_days: int, holidays: set[date]) -> date:
    """The day `working_days` working days before `day`, counted one day at a time."""
    while working_days:
        day -= timedelta(days=1)
        working_days -= is_working_day(day, holidays)
    return day


def left_on(text: str, due: date) -> str:
    due_words = f"{due.day} {due:%B %Y}"
    assert due_words in text
    return re.search(r"(\d+) working days? left", text.split(due_words, 1)[1]).group(1)


def test_the_notice_the_page_and_the_dashboard_count_the_same_days_left(client, clock):
    # A Tuesday: the walk back below counts working days from a working day.
    clock.today_is(date(2026, 12, 1))
    today = timezone.localdate()
    # A bank holiday on the next weekday: the five working days left then run over
    # the holiday and a weekend.
    holiday = today + timedelta(days=1)
    while holiday.weekday() >= 5:
        holiday += timedelta(days=1)
    BankHoliday.objects.get_or_create(
        date=holiday, region=BankHoliday.Region.ENGLAND_AND_WALES, defaults={"name": "Test day"}
    )
    holidays = set(
        BankHoliday.objects.filter(region=BankHoliday.Region.ENGLAND_AND_WALES).values_list(
            "date", flat=True
        )
    )
    world = assessment_world()
    Assessment.objects.all().delete()  # only the one started here on the dashboard
    referral = walk_back(today, 40, holidays)

    assessment = assessment_create(
        by=world.team_manager,
        child=world.child,
        referral_date=referral,
        start_date=referral,
        social_worker=world.social_worker,
    )

    # 45 working days after the referral, counted by hand: 5 are still to come.
    due = assessment.due_date
    assert (
        sum(
            is_working_day(referral + timedelta(days=n), holidays)
            for n in range(1, 1 + (due - referral).days)
        )
        == 45
    )
    assert is_working_day(due, holidays)
    assert (due - today).days > 7  # a weekend and the holiday lie in between
    assert WorkingDays().between(today, due) == 5

    notice = Notification.objects.get(user=world.social_worker).body
    assert left_on(notice, due) == "5"
    client.force_login(world.social_worker)
    page = visible_text(client.get(reverse("casework:assessment_detail", args=[assessment.pk])))
    dashboard = visible_text(client.get(reverse("portal:dashboard")))
    assert left_on(page, due) == left_on(dashboard, due) == left_on(notice, due) == "5"
