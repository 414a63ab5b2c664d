"""The iCalendar feed: a secret, revocable address; what the feed holds; RFC 5545 text."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.accounts.roles import Role
from supervision.models import CalendarFeed, Observation, SupervisionSession
from supervision.services.calendar import (
    CalendarEvent,
    calendar_feed_create,
    calendar_feed_for_secret,
    calendar_feed_revoke,
    render_ics,
)
from tests.factories import user_with_role
from tests.placements.support import make_cast
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status


def feed_url(secret: str) -> str:
    return reverse("supervision:calendar_feed", args=[secret])


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def vevents(body: str) -> list[dict[str, str]]:
    events, current = [], None
    for line in unfold(body):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and ":" in line:
            name, value = line.split(":", 1)
            current[name] = value
    return events


@pytest.fixture
def cast():
    cast = make_cast(status="active")
    cast.educator.name = "Priya Educator"
    cast.educator.save(update_fields=["name"])
    return cast


# --- the address ---------------------------------------------------------------------


def test_the_secret_is_kept_only_as_its_hash_and_opens_the_feed(cast):
    feed, secret = calendar_feed_create(cast.student)

    assert feed.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(CalendarFeed.objects.values_list().get(pk=feed.pk))
    assert calendar_feed_for_secret(secret) == feed
    assert calendar_feed_for_secret("not-the-secret-at-all-no") is None


def test_a_second_address_replaces_the_first(client, cast):
    _, first = calendar_feed_create(cast.student)
    _, second = calendar_feed_create(cast.student)

    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200
    assert CalendarFeed.objects.filter(user=cast.student, revoked_at__isnull=True).count() == 1


def test_a_revoked_address_answers_404(client, cast):
    feed, secret = calendar_feed_create(cast.student)
    assert client.get(feed_url(secret)).status_code == 200

    calendar_feed_revoke(feed, cast.student)

    assert client.get(feed_url(secret)).status_code == 404


def test_only_the_owner_revokes_an_address(cast):
    feed, secret = calendar_feed_create(cast.student)
    with pytest.raises(PermissionDenied):
        calendar_feed_revoke(feed, cast.educator)
    assert calendar_feed_for_secret(secret) == feed


def test_an_unknown_address_answers_404(client):
    assert client.get(feed_url("x" * 43)).status_code == 404


def test_the_page_makes_the_address_and_shows_it_once(client, cast):
    client.force_login(cast.student)
    page = reverse("supervision:calendar")
    assert "Make my calendar address" in client.get(page).content.decode()

    response = client.post(page)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    address = response.context["address"]
    assert address.startswith("http://testserver/portal/supervision/calendar/")
    assert address.endswith(".ics")
    assert address in response.content.decode()
    secret = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert calendar_feed_for_secret(secret).user == cast.student
    # Shown once: the page afterwards offers a new one, without the old address.
    again = client.get(page).content.decode()
    assert secret not in again
    assert "Make a new address" in again


def test_revoking_from_the_page_asks_first_then_stops_the_address(client, cast):
    _, secret = calendar_feed_create(cast.student)
    client.force_login(cast.student)
    revoke = reverse("supervision:calendar_revoke")

    confirm = client.get(revoke)
    assert confirm.status_code == 200
    assert "Revoke your calendar address?" in confirm.content.decode()
    assert client.get(feed_url(secret)).status_code == 200  # nothing happened yet

    response = client.post(revoke, follow=True)

    assert response.redirect_chain[-1][0] == reverse("supervision:calendar")
    assert "was revoked" in response.content.decode()
    client.logout()
    assert client.get(feed_url(secret)).status_code == 404


def test_the_page_needs_signing_in_but_the_feed_does_not(client, cast):
    _, secret = calendar_feed_create(cast.student)
    response = client.get(reverse("supervision:calendar"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(feed_url(secret)).status_code == 200


# --- what the feed holds -------------------------------------------------------------


def test_the_feed_lists_the_students_sessions_and_observations_by_first_name(client, cast):
    when = timezone.localdate() + timedelta(days=3)
    session = SupervisionSessionFactory(
        placement=cast.placement,
        date=when,
        starts_at=time(14, 0),
        duration_minutes=90,
        status=S.SCHEDULED,
        agenda_case_discussion="A case we must not see in a calendar",
    )
    observation = ObservationFactory(
        placement=cast.placement, date=when + timedelta(days=1), status=Observation.Status.PLANNED
    )
    _, secret = calendar_feed_create(cast.student)

    response = client.get(feed_url(secret))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert "A case we must not see" not in body
    assert "Settling in well" not in body  # the factory's wellbeing text
    events = {e["UID"].split("@")[0]: e for e in vevents(body)}
    meeting = events[f"supervision-session-{session.pk}"]
    start = timezone.make_aware(datetime.combine(when, time(14, 0))).astimezone(UTC)
    assert meeting["DTSTART"] == start.strftime("%Y%m%dT%H%M%SZ")
    assert meeting["DTEND"] == (start + timedelta(minutes=90)).strftime("%Y%m%dT%H%M%SZ")
    assert meeting["SUMMARY"] == "Supervision with Priya"
    assert meeting["STATUS"] == "CONFIRMED"
    assert meeting["DTSTAMP"].endswith("Z")
    visit = events[f"supervision-observation-{observation.pk}"]
    assert visit["SUMMARY"] == "Direct observation by Priya"
    assert visit["DTSTART;VALUE=DATE"] == f"{observation.date:%Y%m%d}"


def test_the_educators_feed_names_the_student_and_marks_cancelled_sessions(client, cast):
    cancelled = SupervisionSessionFactory(placement=cast.placement, status=S.CANCELLED)
    _, secret = calendar_feed_create(cast.educator)

    [event] = vevents(client.get(feed_url(secret)).content.decode())

    assert event["UID"].startswith(f"supervision-session-{cancelled.pk}@")
    assert event["SUMMARY"] == "Supervision with Sam"
    assert event["STATUS"] == "CANCELLED"


def test_an_observer_from_elsewhere_sees_the_observation(client, cast):
    observer = user_with_role(Role.PRACTICE_EDUCATOR, name="Olu Observer")
    ObservationFactory(
        placement=cast.placement, observer=observer, observer_role=Observation.ObserverRole.OTHER
    )
    _, secret = calendar_feed_create(observer)

    [event] = vevents(client.get(feed_url(secret)).content.decode())

    assert event["SUMMARY"] == "Direct observation of Sam"


def test_other_peoples_and_old_sessions_are_left_out(client, cast):
    mine = SupervisionSessionFactory(placement=cast.placement)
    SupervisionSessionFactory(
        placement=cast.placement, date=timezone.localdate() - timedelta(weeks=9)
    )
    SupervisionSessionFactory()  # someone else's placement
    ObservationFactory()
    _, secret = calendar_feed_create(cast.student)

    events = vevents(client.get(feed_url(secret)).content.decode())

    assert [e["UID"].split("@")[0] for e in events] == [f"supervision-session-{mine.pk}"]


def test_a_name_with_special_characters_is_escaped_and_long_lines_are_folded(client, cast):
    cast.educator.name = (
        "Zoë;Ann,Lee\\Þórunn-Ægir-Øystein-Åsa-Ðorðe-Łukasz-Śmigły-Żaneta-Ćwik Smith"
    )
    cast.educator.save(update_fields=["name"])
    SupervisionSessionFactory(placement=cast.placement)
    _, secret = calendar_feed_create(cast.student)

    body = client.get(feed_url(secret)).content.decode()

    for line in body.split("\r\n"):
        assert len(line.encode()) <= 75
    [event] = vevents(body)
    assert event["SUMMARY"] == (
        "Supervision with Zoë\\;Ann\\,Lee\\\\"
        "Þórunn-Ægir-Øystein-Åsa-Ðorðe-Łukasz-Śmigły-Żaneta-Ćwik"
    )


def test_escape_and_fold_follow_rfc_5545():
    # The text is written by the icalendar library; this holds it to RFC 5545.
    event = CalendarEvent(
        uid="x@portal",
        summary="a,b;c\\d\ne" + "é" * 100,
        description="",
        status="CONFIRMED",
        starts=datetime(2027, 1, 11, 14, tzinfo=UTC),
        ends=datetime(2027, 1, 11, 15, tzinfo=UTC),
        modified=datetime(2027, 1, 1, tzinfo=UTC),
    )
    body = render_ics([event], calendar_name="Test")
    physical = body.split("\r\n")
    assert any(p.startswith(" ") for p in physical)  # the long summary is folded
    assert all(len(p.encode()) <= 75 for p in physical)
    [parsed] = vevents(body)
    assert parsed["SUMMARY"] == "a\\,b\\;c\\\\d\\ne" + "é" * 100


def test_the_feed_parses_as_icalendar_with_its_times_summaries_and_uids(client, cast):
    when = timezone.localdate() + timedelta(days=3)
    session = SupervisionSessionFactory(
        placement=cast.placement, date=when, starts_at=time(9, 30), duration_minutes=60
    )
    observation = ObservationFactory(placement=cast.placement, date=when + timedelta(days=1))
    _, secret = calendar_feed_create(cast.student)

    calendar = icalendar.Calendar.from_ical(client.get(feed_url(secret)).content)

    assert str(calendar["VERSION"]) == "2.0"
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"supervision-session-{session.pk}",
        f"supervision-observation-{observation.pk}",
    }
    meeting = events[f"supervision-session-{session.pk}"]
    start = timezone.make_aware(datetime.combine(when, time(9, 30)))
    assert meeting.decoded("DTSTART") == start
    assert meeting.decoded("DTEND") == start + timedelta(minutes=60)
    assert str(meeting["SUMMARY"]) == "Supervision with Priya"
    visit = events[f"supervision-observation-{observation.pk}"]
    assert visit.decoded("DTSTART") == observation.date
    assert visit.decoded("DTEND") == observation.date + timedelta(days=1)
    assert str(visit["SUMMARY"]) == "Direct observation by Priya"


def test_the_feed_makes_the_same_queries_for_5_and_50_sessions(
    client, cast, django_assert_max_num_queries
):
    _, secret = calendar_feed_create(cast.student)
    # The first read marks the address as used (one write); later polls do not.
    # One more reads the person's roles: a feed stops when its owner's role ends.
    with django_assert_max_num_queries(5):
        client.get(feed_url(secret))

    def queries_for(count: int) -> int:
        SupervisionSession.objects.filter(placement=cast.placement).delete()
        for offset in range(count):
            SupervisionSessionFactory(
                placement=cast.placement, date=timezone.localdate() + timedelta(days=offset)
            )
            if offset % 10 == 0:
                ObservationFactory(placement=cast.placement)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(feed_url(secret))
        assert len(vevents(response.content.decode())) >= count
        return len(captured)

    few, many = queries_for(5), queries_for(50)
    assert few == many == 4  # the address, the owner's roles, the sessions, the observations


def test_a_feed_stops_when_its_owner_no_longer_has_a_supervision_role(client, cast):
    from portal.accounts.models import Membership

    _, secret = calendar_feed_create(cast.student)
    assert client.get(feed_url(secret)).status_code == 200
    yesterday = timezone.localdate() - timedelta(days=1)
    Membership.objects.filter(user=cast.student).update(
        starts_on=yesterday - timedelta(days=30), ends_on=yesterday
    )
    assert client.get(feed_url(secret)).status_code == 404
