"""The iCalendar feed of a person's supervision and observations (issue 5, req. 2).

A calendar app subscribes to a secret address and reads it without signing
in, so the address is the credential: only its SHA-256 is kept (as with API
tokens), it is shown once, a person has one active address at a time, and
revoking it stops the old address at once.

The feed says when and with whom (by first name), never what was discussed:
a calendar is synced to phones and shared with assistants, so it carries no
record content and nothing about children.

The iCalendar text (RFC 5545: CRLF line endings, lines folded at 75 octets,
TEXT values escaped) is written by the icalendar library; times are in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from portal.accounts.models import User, hash_secret, new_secret
from portal.audit.context import acting_as

from ..models import CalendarFeed, Observation, SupervisionSession

# How far back the feed reaches: enough for a calendar to show the recent
# weeks of a placement, without every session since the start.
LOOK_BACK = timedelta(weeks=8)
# Writing `last_read_at` on every poll would be a write per poll; once in a
# while is enough to show the person when their address was last used.
READ_MARK_INTERVAL = timedelta(minutes=15)


# --- the address --------------------------------------------------------------------


@transaction.atomic
def calendar_feed_create(user: User) -> tuple[CalendarFeed, str]:
    """A new secret address for `user`'s feed; any earlier active address stops working.

    Returns (feed, secret): the secret is not kept, so it can be shown only now.
    Refused for roles that have no sessions or observations (PermissionDenied).
    """
    if not user.has_perm("supervision.use_calendar"):
        raise PermissionDenied(
            "Calendar feeds are for students, practice educators and supervisors."
        )
    now = timezone.now()
    with acting_as(user):
        for earlier in CalendarFeed.objects.select_for_update().filter(
            user=user, revoked_at__isnull=True
        ):
            earlier.revoked_at = now
            earlier.save(update_fields=["revoked_at"])
        secret = new_secret()
        feed = CalendarFeed.objects.create(user=user, token_hash=hash_secret(secret))
    return feed, secret


@transaction.atomic
def calendar_feed_revoke(feed: CalendarFeed, by: User) -> CalendarFeed:
    """Stop `feed`'s address working. Only its owner revokes it (or an admin)."""
    if feed.user_id != by.pk and not getattr(by, "is_portal_admin", False):
        raise PermissionDenied("Only the person whose calendar it is can revoke its address.")
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        with acting_as(by):
            feed.save(update_fields=["revoked_at"])
    return feed


def calendar_feed_for_secret(secret: str) -> CalendarFeed | None:
    """The active feed the secret opens, or None (unknown, revoked, or an inactive user)."""
    if not secret:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_secret(secret), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed


def active_feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def mark_read(feed: CalendarFeed) -> None:
    now = timezone.now()
    if feed.last_read_at is None or now - feed.last_read_at > READ_MARK_INTERVAL:
        # Not history-worthy (excluded from the feed's history): a plain update.
        CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=now)


# --- what the feed holds ------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    description: str
    status: str  # CONFIRMED, TENTATIVE or CANCELLED
    starts: datetime | date  # a datetime (UTC) or, for a whole-day event, a date
    ends: datetime | date
    modified: datetime


def _first_name(person: User | None, fallback: str) -> str:
    if person is None or not (person.name or "").strip():
        return fallback
    return person.name.split()[0]


def _session_event(session: SupervisionSession, user: User, domain: str) -> CalendarEvent:
    placement = session.placement
    if placement.student_id == user.pk:
        other = _first_name(placement.practice_educator, "your practice educator")
    else:
        other = _first_name(placement.student, "your student")
    starts = timezone.make_aware(
        datetime.combine(session.date, session.starts_at), timezone.get_default_timezone()
    ).astimezone(UTC)
    S = SupervisionSession.Status
    status = {S.CANCELLED: "CANCELLED", S.SCHEDULED: "CONFIRMED"}.get(session.status, "CONFIRMED")
    return CalendarEvent(
        uid=f"supervision-session-{session.pk}@{domain}",
        summary=f"Supervision with {other}",
        description=f"{session.get_arrangement_display()}, {session.get_mode_display().lower()}. "
        f"Status: {session.get_status_display().lower()}. The record is in the practice "
        "education portal.",
        status=status,
        starts=starts,
        ends=starts + timedelta(minutes=session.duration_minutes),
        modified=session.updated_at,
    )


def _observation_event(observation: Observation, user: User, domain: str) -> CalendarEvent:
    placement = observation.placement
    if placement.student_id == user.pk:
        summary = f"Direct observation by {_first_name(observation.observer, 'your observer')}"
    else:
        summary = f"Direct observation of {_first_name(placement.student, 'your student')}"
    O = Observation.Status  # noqa: E741 - the model's status, as elsewhere
    status = {O.CANCELLED: "CANCELLED", O.PLANNED: "TENTATIVE"}.get(observation.status, "CONFIRMED")
    # An observation has a date but no time: a whole-day event.
    return CalendarEvent(
        uid=f"supervision-observation-{observation.pk}@{domain}",
        summary=summary,
        description=f"Status: {observation.get_status_display().lower()}. The details are in "
        "the practice education portal.",
        status=status,
        starts=observation.date,
        ends=observation.date + timedelta(days=1),
        modified=observation.updated_at,
    )


def calendar_events_for(
    user: User, *, domain: str, today: date | None = None
) -> list[CalendarEvent]:
    """`user`'s supervision sessions (as student or practice educator) and direct
    observations (as student, practice educator or observer) from LOOK_BACK ago
    onwards. Two queries, however many events."""
    since = (today or timezone.localdate()) - LOOK_BACK
    sessions = (
        SupervisionSession.objects.filter(
            Q(placement__student=user) | Q(placement__practice_educator=user),
            date__gte=since,
            # The original of a corrected record is the same meeting: show it once.
            amendment__isnull=True,
        )
        .select_related("placement__student", "placement__practice_educator")
        .order_by("date", "starts_at", "pk")
    )
    observations = (
        Observation.objects.filter(
            Q(placement__student=user) | Q(placement__practice_educator=user) | Q(observer=user),
            date__gte=since,
            amendment__isnull=True,
        )
        .select_related("placement__student", "observer")
        .order_by("date", "pk")
    )
    events = [_session_event(s, user, domain) for s in sessions]
    events += [_observation_event(o, user, domain) for o in observations]
    return events


# --- iCalendar text -----------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _when(value: datetime | date) -> datetime | date:
    # A datetime is written in UTC ("...Z"); a date is a whole-day value (VALUE=DATE).
    return _utc(value) if isinstance(value, datetime) else value


def render_ics(
    events: list[CalendarEvent], *, calendar_name: str, now: datetime | None = None
) -> str:
    """The feed as iCalendar text; the icalendar library escapes, folds and ends lines."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//Practice education portal//Supervision calendar//EN")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", _utc(now))
        event.add("dtstart", _when(item.starts))
        event.add("dtend", _when(item.ends))
        event.add("last-modified", _utc(item.modified))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("status", item.status)
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical().decode()
