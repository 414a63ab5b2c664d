"""Logging days in one tap (issue 22, requirement 3): "Log today" on the student's
dashboard, and "Repeat last week's pattern" from the days page and the dashboard."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from placements.models import Course, Placement, PlacementDay
from placements.services.day_log import days_repeat_last_week
from placements.services.ledger import day_record
from portal.accounts.roles import Role
from tests.factories import user_with_role
from tests.placements.factories import CourseFactory, PlacementFactory
from tests.placements.support import text

pytestmark = pytest.mark.django_db

Kind = PlacementDay.Kind
# A Wednesday whose week starts with a bank holiday (Early May bank holiday, 3 May 2027).
WEDNESDAY = date(2027, 5, 5)
LAST_MONDAY = date(2027, 4, 26)
DASHBOARD = "/portal/"


@pytest.fixture
def placement(clock):
    clock.today_is(WEDNESDAY)
    return PlacementFactory(
        course=CourseFactory(usual_day_hours=Decimal("7.25")),
        starts_on=date(2027, 4, 5),
        ends_on=date(2027, 8, 27),
    )


def today_url(placement):
    return reverse("placements:day_log_today", args=[placement.pk])


def repeat_url(placement):
    return reverse("placements:days_repeat", args=[placement.pk])


def record(placement, day, kind=Kind.PLACEMENT, hours="7.5"):
    return day_record(
        placement=placement, by=placement.student, date=day, kind=kind, hours=Decimal(hours)
    )


def logged():
    return sorted(PlacementDay.objects.values_list("date", "kind", "hours"))


def test_a_course_keeps_its_usual_hours_a_day():
    assert CourseFactory().usual_day_hours == Decimal("7.5")
    assert Course._meta.get_field("usual_day_hours").default == Decimal("7.5")


# --- Log today -------------------------------------------------------------------------


def test_log_today_records_exactly_today_with_the_courses_usual_hours(client, placement):
    client.force_login(placement.student)
    before = text(client.get(DASHBOARD))
    assert "Log today" in before
    assert "Wednesday 5 May: a placement day of 7.25 hours" in before

    response = client.post(today_url(placement), follow=True)

    assert response.redirect_chain == [(DASHBOARD, 302)]
    day = PlacementDay.objects.get()
    assert (day.placement, day.date, day.kind, day.hours) == (
        placement,
        WEDNESDAY,
        Kind.PLACEMENT,
        Decimal("7.25"),
    )
    assert not day.is_confirmed
    page = text(response)
    assert "You logged today: 7.25 hours. Your practice educator will confirm it." in page
    assert "Today is logged (7.25 hours)." in page
    assert "Log today" not in page
    change = reverse("placements:day_update", args=[placement.pk, day.pk])
    assert change in response.content.decode()


def test_a_confirmed_today_shows_no_change_link(client, placement):
    day = record(placement, WEDNESDAY)
    day.confirmed_at, day.confirmed_by = day.created_at, placement.practice_educator
    day.save()
    client.force_login(placement.student)
    response = client.get(DASHBOARD)
    assert "Today is logged (7.5 hours)." in text(response)
    assert reverse("placements:day_update", args=[placement.pk, day.pk]) not in (
        response.content.decode()
    )


def _saturday(placement, clock):
    clock.today_is(date(2027, 5, 8))


def _bank_holiday(placement, clock):
    clock.today_is(date(2027, 5, 3))


def _before_start(placement, clock):
    placement.starts_on = date(2027, 5, 10)
    placement.save()


def _after_end(placement, clock):
    placement.starts_on, placement.ends_on = date(2027, 1, 4), date(2027, 5, 4)
    placement.save()


def _already_logged(placement, clock):
    record(placement, WEDNESDAY, kind=Kind.STUDY, hours="6")


def _suspended(placement, clock):
    placement.status = Placement.Status.SUSPENDED
    placement.save()


def _proposed(placement, clock):
    placement.status = Placement.Status.PROPOSED
    placement.save()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_saturday, "Today is a Saturday, not a working day. To record it, use Record a day."),
        (_bank_holiday, "Today is a bank holiday, not a working day."),
        (_before_start, "Your placement starts on 10 May 2027, so today cannot be logged yet."),
        (_after_end, "Your placement ended on 4 May 2027, so today cannot be logged."),
        (_already_logged, "Today is already logged (6 hours)."),
        (_suspended, "Days cannot be logged in one tap while the placement is suspended."),
        (_proposed, "Days cannot be logged in one tap while the placement is proposed."),
    ],
    ids=["weekend", "holiday", "before-start", "after-end", "logged", "suspended", "proposed"],
)
def test_log_today_refuses_with_a_reason_and_writes_nothing(
    client, placement, clock, make, message
):
    make(placement, clock)
    before = logged()
    client.force_login(placement.student)
    assert "Log today" not in text(client.get(DASHBOARD))  # not offered at all

    response = client.post(today_url(placement), follow=True)

    assert response.redirect_chain == [(DASHBOARD, 302)]
    assert message in text(response)
    assert logged() == before


@pytest.mark.parametrize(
    ("who", "status"), [("educator", 403), ("tutor", 403), ("other_student", 404)]
)
def test_only_the_student_logs_today_on_their_own_placement(client, placement, who, status):
    person = {
        "educator": placement.practice_educator,
        "tutor": placement.tutor,
        "other_student": PlacementFactory().student,
    }[who]
    client.force_login(person)
    assert client.post(today_url(placement)).status_code == status
    assert client.post(repeat_url(placement), {"dates": [WEDNESDAY]}).status_code == status
    assert not PlacementDay.objects.filter(placement=placement).exists()


def test_log_today_is_a_button_not_a_page(client, placement):
    client.force_login(placement.student)
    assert client.get(today_url(placement)).status_code == 405
    assert not PlacementDay.objects.exists()


# --- Repeat last week's pattern ----------------------------------------------------------


def last_week(placement):
    """Mon-Thu placement days of 7.5 hours, a study day on Friday and a sick day."""
    for n in range(4):
        record(placement, LAST_MONDAY + timedelta(days=n), hours="7.5")
    record(placement, LAST_MONDAY + timedelta(days=4), kind=Kind.STUDY, hours="7")
    record(placement, LAST_MONDAY + timedelta(days=5), kind=Kind.SICKNESS, hours="0")


def test_the_confirmation_page_lists_this_weeks_days_like_last_weeks(client, placement):
    last_week(placement)
    client.force_login(placement.student)
    page = text(client.get(repeat_url(placement)))
    # Monday is a bank holiday; Thursday and Friday are still to come; the sick
    # Saturday is not a day to repeat.
    assert "Mon 3 May Placement day 7.50 No: a bank holiday" in page
    assert "Tue 4 May Placement day 7.50 Yes" in page
    assert "Wed 5 May Placement day 7.50 Yes" in page
    assert "6 May" not in page and "8 May" not in page
    assert "Log 2 days" in page
    assert PlacementDay.objects.filter(date__gte=date(2027, 5, 3)).count() == 0


def test_repeating_logs_exactly_the_days_listed(client, placement):
    last_week(placement)
    record(placement, date(2027, 5, 4), kind=Kind.SKILLS, hours="6")  # Tuesday already
    client.force_login(placement.student)
    page = text(client.get(repeat_url(placement)))
    assert "Tue 4 May Placement day 7.50 No: already recorded" in page
    assert "Log 1 day" in page

    response = client.post(repeat_url(placement), {"dates": ["2027-05-05"]}, follow=True)

    assert "You logged 1 day like last week." in text(response)
    this_week = PlacementDay.objects.filter(date__gte=date(2027, 5, 3)).order_by("date")
    assert [(d.date, d.kind, d.hours) for d in this_week] == [
        (date(2027, 5, 4), Kind.SKILLS, Decimal("6")),
        (date(2027, 5, 5), Kind.PLACEMENT, Decimal("7.5")),
    ]


def test_a_whole_week_repeats_on_a_friday_with_each_days_kind(client, placement, clock):
    clock.today_is(date(2027, 5, 14))  # the next week: no bank holiday in it
    last_week_monday = date(2027, 5, 3)
    for n in range(1, 4):
        record(placement, last_week_monday + timedelta(days=n), hours="8")
    record(placement, last_week_monday + timedelta(days=4), kind=Kind.STUDY, hours="7")
    client.force_login(placement.student)
    assert "Log 4 days" in text(client.get(repeat_url(placement)))
    dates = ["2027-05-11", "2027-05-12", "2027-05-13", "2027-05-14"]
    client.post(repeat_url(placement), {"dates": dates})
    this_week = PlacementDay.objects.filter(date__gte=date(2027, 5, 10)).order_by("date")
    assert [(d.date.day, d.kind, d.hours) for d in this_week] == [
        (11, Kind.PLACEMENT, Decimal("8")),
        (12, Kind.PLACEMENT, Decimal("8")),
        (13, Kind.PLACEMENT, Decimal("8")),
        (14, Kind.STUDY, Decimal("7")),
    ]


def test_days_outside_the_placement_are_left_out(client, placement):
    last_week(placement)
    placement.ends_on = date(2027, 5, 4)
    placement.save()
    client.force_login(placement.student)
    page = text(client.get(repeat_url(placement)))
    assert "Wed 5 May Placement day 7.50 No: outside the placement's dates" in page
    assert "Log 1 day" in page


def test_an_empty_last_week_has_nothing_to_repeat(client, placement):
    record(placement, LAST_MONDAY + timedelta(days=1), kind=Kind.SICKNESS, hours="0")
    client.force_login(placement.student)
    response = client.get(repeat_url(placement))
    page = text(response)
    assert "You recorded no placement, skills or study days last week" in page
    assert 'type="submit">Log' not in response.content.decode()
    response = client.post(repeat_url(placement), {}, follow=True)
    assert "There are no days to log." in text(response)
    assert PlacementDay.objects.count() == 1


def test_repeating_is_all_or_nothing(placement):
    last_week(placement)
    # Wednesday is recorded in another tab after the page listed it: Tuesday is
    # written first, Wednesday then fails, and Tuesday is undone with it.
    record(placement, date(2027, 5, 5), kind=Kind.STUDY, hours="3")
    before = logged()
    with pytest.raises(ValidationError) as refused:
        days_repeat_last_week(
            placement=placement, by=placement.student, dates=[date(2027, 5, 4), date(2027, 5, 5)]
        )
    assert "You have already recorded 5 May 2027." in refused.value.messages
    assert "Nothing was logged." in refused.value.messages
    assert logged() == before


def test_a_day_recorded_meanwhile_refuses_the_whole_repeat_on_the_page(client, placement):
    last_week(placement)
    client.force_login(placement.student)
    assert "Log 2 days" in text(client.get(repeat_url(placement)))
    record(placement, date(2027, 5, 5), kind=Kind.STUDY, hours="3")  # another tab
    before = logged()

    response = client.post(
        repeat_url(placement), {"dates": ["2027-05-04", "2027-05-05"]}, follow=True
    )

    page = text(response)
    assert "You have already recorded 5 May 2027. Nothing was logged." in page
    assert "Log 1 day" in page  # the page shows the week as it now is
    assert logged() == before


def test_a_day_not_in_last_weeks_pattern_is_refused(placement):
    last_week(placement)
    with pytest.raises(ValidationError) as refused:
        days_repeat_last_week(
            placement=placement, by=placement.student, dates=[date(2027, 5, 3), date(2027, 5, 1)]
        )
    assert refused.value.messages == [
        "1 May 2027 is not a day of last week's pattern.",
        "3 May 2027 is a bank holiday.",
        "Nothing was logged.",
    ]
    assert not PlacementDay.objects.filter(date__gte=date(2027, 5, 2)).exists()


def test_the_days_page_and_the_dashboard_offer_the_repeat(client, placement):
    client.force_login(placement.student)
    url = repeat_url(placement)
    assert url in client.get(DASHBOARD).content.decode()
    assert url in client.get(reverse("placements:ledger", args=[placement.pk])).content.decode()
    placement.status = Placement.Status.SUSPENDED
    placement.save()
    assert url not in client.get(DASHBOARD).content.decode()
    response = client.get(url, follow=True)
    assert "Days cannot be logged in one tap while the placement is suspended." in text(response)


def test_the_practice_educator_is_not_offered_the_repeat(client, placement):
    client.force_login(placement.practice_educator)
    ledger = client.get(reverse("placements:ledger", args=[placement.pk])).content.decode()
    assert repeat_url(placement) not in ledger
    assert client.get(repeat_url(placement)).status_code == 403


def test_an_outsider_gets_404(client, placement):
    client.force_login(user_with_role(Role.STUDENT))
    assert client.get(repeat_url(placement)).status_code == 404
