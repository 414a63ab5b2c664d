"""The practice educator's side of logging days (issue 22, requirement 3): confirming
a student's week in one step, and querying a single day with a comment that the
student answers. A confirmed day stays locked for the student."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements.models import PlacementDay
from placements.services.ledger import day_query, day_record, day_update, days_confirm
from portal.models import Notification
from tests.placements.factories import PlacementFactory
from tests.placements.support import error_summary, text

pytestmark = pytest.mark.django_db

Kind = PlacementDay.Kind
TODAY = date(2027, 5, 14)  # a Friday
LAST_MONDAY = date(2027, 5, 3)  # a bank holiday: the week's days are Tuesday to Friday


@pytest.fixture
def placement(clock):
    clock.today_is(TODAY)
    return PlacementFactory(starts_on=date(2027, 4, 5), ends_on=date(2027, 8, 27))


def record(placement, day, hours="7.5", note=""):
    return day_record(
        placement=placement,
        by=placement.student,
        date=day,
        kind=Kind.PLACEMENT,
        hours=Decimal(hours),
        note=note,
    )


def week_of_days(placement, monday=LAST_MONDAY):
    return [record(placement, monday + timedelta(days=n)) for n in range(1, 5)]


def confirm_url(placement, monday=LAST_MONDAY):
    return reverse("placements:days_confirm", args=[placement.pk]) + f"?week={monday:%Y-%m-%d}"


def query_url(day):
    return reverse("placements:day_query", args=[day.placement_id, day.pk])


def change_url(day):
    return reverse("placements:day_update", args=[day.placement_id, day.pk])


def confirmed():
    return set(PlacementDay.objects.filter(confirmed_at__isnull=False).values_list("pk", flat=True))


# --- Confirming a week -------------------------------------------------------------------


def test_the_practice_educator_confirms_the_weeks_unconfirmed_days_in_one_step(client, placement):
    week = week_of_days(placement)
    days_confirm(placement=placement, by=placement.practice_educator, days=week[:1])
    other_week = record(placement, LAST_MONDAY + timedelta(days=7))
    other_student = PlacementFactory(
        practice_educator=placement.practice_educator, host=placement.host
    )
    theirs = record(other_student, LAST_MONDAY + timedelta(days=2))
    client.force_login(placement.practice_educator)

    page = text(client.get(confirm_url(placement)))
    assert "Confirm these 3 days" in page
    assert "Tue 4 May" not in page  # confirmed already
    assert "Wed 5 May" in page and "Fri 7 May" in page

    response = client.post(
        confirm_url(placement), {"days": [day.pk for day in week[1:]]}, follow=True
    )

    assert "You confirmed 3 days in the week beginning 3 May 2027." in text(response)
    assert confirmed() == {day.pk for day in week}
    assert other_week.pk not in confirmed() and theirs.pk not in confirmed()
    told = Notification.objects.filter(user=placement.student).first()  # the newest
    assert told.title.endswith("confirmed 3 days of your placement")


def test_another_practice_educators_student_is_not_found(client, placement):
    week = week_of_days(placement)
    someone_else = PlacementFactory().practice_educator
    client.force_login(someone_else)
    assert client.get(confirm_url(placement)).status_code == 404
    response = client.post(confirm_url(placement), {"days": [day.pk for day in week]})
    assert response.status_code == 404
    assert confirmed() == set()
    assert client.get(query_url(week[0])).status_code == 404
    assert client.post(query_url(week[0]), {"comment": "Why?"}).status_code == 404
    assert not PlacementDay.objects.filter(queried_at__isnull=False).exists()


def test_days_of_another_placement_are_not_confirmed_through_this_one(client, placement):
    week_of_days(placement)
    other = PlacementFactory(practice_educator=placement.practice_educator, host=placement.host)
    theirs = record(other, LAST_MONDAY + timedelta(days=1))
    client.force_login(placement.practice_educator)
    response = client.post(confirm_url(placement), {"days": [theirs.pk]})
    assert response.status_code == 200
    assert confirmed() == set()


# --- Querying a day --------------------------------------------------------------------


def test_a_queried_day_tells_the_student_and_shows_the_comment(client, placement):
    week = week_of_days(placement)
    client.force_login(placement.practice_educator)
    form = text(client.get(query_url(week[1])))
    assert "Query Wednesday 5 May 2027" in form

    response = client.post(
        query_url(week[1]), {"comment": "You were on leave that afternoon, weren't you?"}
    )

    assert response.status_code == 302
    day = PlacementDay.objects.get(pk=week[1].pk)
    assert day.has_open_query
    assert day.query == "You were on leave that afternoon, weren't you?"
    assert day.queried_by == placement.practice_educator
    told = Notification.objects.get(user=placement.student)
    assert told.title == f"{placement.practice_educator} queried 5 May 2027 of your placement days"
    assert "afternoon" not in told.title  # the comment is free text: the portal only
    assert told.body == "You were on leave that afternoon, weren't you?"
    assert told.url == change_url(day)

    client.force_login(placement.student)
    ledger = text(client.get(reverse("placements:ledger", args=[placement.pk])))
    assert "Queried by your practice educator" in ledger
    assert "You were on leave that afternoon, weren't you?" in ledger


def test_the_student_answers_a_query_by_changing_the_day(client, placement):
    week = week_of_days(placement)
    day_query(day=week[1], by=placement.practice_educator, comment="Only half a day?")
    client.force_login(placement.student)
    form = client.get(change_url(week[1]))
    assert "Only half a day?" in text(form)

    missing = client.post(
        change_url(week[1]), {"date": "2027-05-05", "kind": Kind.PLACEMENT, "hours": "4"}
    )
    assert error_summary(missing) == ["Answer your practice educator's question"]
    assert PlacementDay.objects.get(pk=week[1].pk).hours == Decimal("7.5")

    response = client.post(
        change_url(week[1]),
        {"date": "2027-05-05", "kind": Kind.PLACEMENT, "hours": "4", "answer": "Yes, corrected."},
        follow=True,
    )

    day = PlacementDay.objects.get(pk=week[1].pk)
    assert (day.hours, day.query_answer, day.has_open_query) == (
        Decimal("4"),
        "Yes, corrected.",
        False,
    )
    assert "You changed 5 May 2027" in text(response)
    # The student's notification is done; the practice educator is told.
    assert not Notification.objects.filter(user=placement.student).unread().exists()
    told = Notification.objects.get(user=placement.practice_educator)
    assert told.title == f"{placement.student} answered your query about 5 May 2027"
    assert told.body == "Yes, corrected."
    ledger = text(client.get(reverse("placements:ledger", args=[placement.pk])))
    assert "Only half a day?" in ledger and "Yes, corrected." in ledger


def test_a_queried_day_waits_for_the_answer_before_it_is_confirmed(client, placement):
    week = week_of_days(placement)
    day_query(day=week[0], by=placement.practice_educator, comment="Which team?")
    client.force_login(placement.practice_educator)

    page = text(client.get(confirm_url(placement)))
    assert "Confirm these 3 days" in page
    assert "Waiting for the student's answer" in page

    client.post(confirm_url(placement), {"days": [day.pk for day in week[1:]]})
    assert confirmed() == {day.pk for day in week[1:]}
    with pytest.raises(ValidationError) as refused:
        days_confirm(placement=placement, by=placement.practice_educator, days=week[:1])
    assert refused.value.messages == [
        "4 May 2027 is queried: wait for the student's answer. Nothing was confirmed."
    ]
    day_update(
        day=PlacementDay.objects.get(pk=week[0].pk),
        by=placement.student,
        date=week[0].date,
        kind=Kind.PLACEMENT,
        hours=Decimal("7.5"),
        answer="The duty team.",
    )
    days_confirm(placement=placement, by=placement.practice_educator, days=week[:1])
    assert confirmed() == {day.pk for day in week}


@pytest.mark.parametrize("who", ["student", "tutor"])
def test_only_the_practice_educator_queries_a_day(client, placement, who):
    [day, *_] = week_of_days(placement)
    client.force_login(getattr(placement, who))
    assert client.get(query_url(day)).status_code == 403
    assert client.post(query_url(day), {"comment": "Why?"}).status_code == 403
    assert not PlacementDay.objects.filter(queried_at__isnull=False).exists()
    assert not Notification.objects.filter(title__contains="queried").exists()


def test_a_query_needs_a_comment(client, placement):
    [day, *_] = week_of_days(placement)
    client.force_login(placement.practice_educator)
    response = client.post(query_url(day), {"comment": "  "})
    assert error_summary(response) == ["Enter your question about this day"]
    assert not PlacementDay.objects.filter(queried_at__isnull=False).exists()
    assert not Notification.objects.exists()


def test_a_confirmed_day_cannot_be_queried(client, placement):
    [day, *_] = week_of_days(placement)
    days_confirm(placement=placement, by=placement.practice_educator, days=[day])
    Notification.objects.all().delete()
    client.force_login(placement.practice_educator)
    response = client.post(query_url(day), {"comment": "Why?"}, follow=True)
    assert "A confirmed day cannot be queried." in text(response)
    assert not PlacementDay.objects.filter(queried_at__isnull=False).exists()
    assert not Notification.objects.exists()


def test_a_confirmed_day_stays_locked_for_the_student(client, placement):
    [day, *_] = week_of_days(placement)
    days_confirm(placement=placement, by=placement.practice_educator, days=[day])
    with pytest.raises(ValidationError) as refused:
        day_update(
            day=day, by=placement.student, date=day.date, kind=Kind.STUDY, hours=Decimal("1")
        )
    assert refused.value.messages == [
        "A confirmed day cannot be changed; ask your practice educator."
    ]
    client.force_login(placement.student)
    response = client.post(
        change_url(day), {"date": day.date.isoformat(), "kind": Kind.STUDY, "hours": "1"}
    )
    assert response.status_code == 302
    day.refresh_from_db()
    assert (day.kind, day.hours) == (Kind.PLACEMENT, Decimal("7.5"))


def test_the_days_page_queries_stay_flat_with_queried_days(client, placement):
    client.force_login(placement.practice_educator)
    url = reverse("placements:ledger", args=[placement.pk])
    counts = []
    for weeks in (1, 6):
        PlacementDay.objects.all().delete()
        for n in range(weeks):
            for day in week_of_days(placement, date(2027, 4, 5) + timedelta(weeks=n)):
                if day.date.weekday() == 2:
                    day_query(day=day, by=placement.practice_educator, comment="Which team?")
        client.get(url)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert text(response).count("Which team?") == weeks
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
