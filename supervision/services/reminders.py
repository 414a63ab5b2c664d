"""The daily supervision reminders (issue 5, requirement 6).

Four rules find what needs someone's attention; each thing found becomes a
`Reminder` (unique per person, rule and subject, so it is sent once however
often the task runs); everything new for one person on one day goes into one
`ReminderDigest` with one notification (in-app, and by email after commit).

The rules, and the judgements in them
- Week without supervision (to the practice educator). For each placement in
  practice (active, midpoint reviewed or final report submitted; not
  suspended) the week looked at is the most recent one whose last working day
  within the placement (Monday to Friday, not a bank holiday) is before today:
  by then the week's supervision should have happened. Students often log
  their days after the fact, so a week with no days recorded yet is taken as a
  working week of the placement; a week whose recorded days include no
  placement day (all sickness, study or bank holiday) owes no supervision.
  The reminder goes when no held session (written, waiting for a signature or
  locked) is dated in that week. Only the latest such week is looked at, so a
  first run does not flood anyone with old weeks (compliance shows those).
- Reflection waiting (to the student): a session or observation that has been
  waiting for the student for more than REFLECTION_AFTER_DAYS days.
- Signature waiting: a record waiting for the same person for more than
  SIGNATURE_AFTER_DAYS days: the student (awaiting student), the practice
  educator (a session awaiting the educator) or the observer (an observation
  awaiting the observer).
  The wait is measured from the history row in which the record entered its
  current status (updated_at moves with any edit, so it would restart the
  clock whenever someone touched the record). A record sent back and sent
  again starts a new wait, and its subject names the day the wait began, so it
  can be reminded about again.
- Observation not booked (to the practice educator): from
  OBSERVATION_LEAD_DAYS days before the midpoint up to the midpoint itself,
  when the placement has no observation (other than cancelled ones) dated on
  or before the midpoint. After the midpoint the observation checklist shows
  it as overdue instead.

A person gets at most one digest a day: a reminder that comes due after
today's digest was sent waits for tomorrow's. Two runs at once are safe: the
unique constraints decide, and the loser skips (IntegrityError inside a
savepoint).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement, PlacementDay
from placements.oversight import midpoint_of
from portal.accounts.models import User
from portal.dates import long_date, monday_of
from portal.reminders import Due, reminders_from_sources
from portal.services import notify
from portal.workingdays import WorkingDays

from ..models import Observation, Reminder, ReminderDigest, SupervisionSession
from .workflow import describe, record_url

REFLECTION_AFTER_DAYS = 3
SIGNATURE_AFTER_DAYS = 5
OBSERVATION_LEAD_DAYS = 14

# Placements in which the student is in practice and supervision is owed.
IN_PRACTICE = frozenset(
    {
        Placement.Status.ACTIVE,
        Placement.Status.MIDPOINT_REVIEWED,
        Placement.Status.FINAL_REPORT_SUBMITTED,
    }
)

Rule = Reminder.Rule
# The digest of a person whose reminders are all these is titled "Supervision".
SUPERVISION_RULES = frozenset(Rule.values) - {Rule.DEADLINE}


# --- Week without supervision ---------------------------------------------------------


def last_working_day_in(monday: date, placement, working_days: WorkingDays) -> date | None:
    """The week's last working day that falls within the placement, if any."""
    for offset in range(4, -1, -1):
        day = monday + timedelta(days=offset)
        if placement.starts_on <= day <= placement.ends_on and working_days.is_working_day(day):
            return day
    return None


def week_due(placement, today: date, working_days: WorkingDays) -> date | None:
    """Monday of the latest week whose last working day in the placement is before today."""
    monday = monday_of(min(today, placement.ends_on))
    while monday + timedelta(days=6) >= placement.starts_on:
        last = last_working_day_in(monday, placement, working_days)
        if last is not None and last < today:
            return monday
        monday -= timedelta(days=7)
    return None


def _weeks_without_supervision(placements, today: date, working_days: WorkingDays) -> list[Due]:
    weeks = {p.pk: week_due(p, today, working_days) for p in placements}
    weeks = {pk: monday for pk, monday in weeks.items() if monday is not None}
    if not weeks:
        return []
    earliest = min(weeks.values())
    kinds: dict[tuple[int, date], set[str]] = defaultdict(set)
    for placement_id, day, kind in PlacementDay.objects.filter(
        placement_id__in=weeks, date__gte=earliest, date__lt=today
    ).values_list("placement_id", "date", "kind"):
        kinds[(placement_id, monday_of(day))].add(kind)
    supervised = {
        (placement_id, monday_of(day))
        for placement_id, day in SupervisionSession.objects.filter(
            placement_id__in=weeks,
            status__in=SupervisionSession.HELD_STATUSES,
            date__gte=earliest,
        ).values_list("placement_id", "date")
    }
    found = []
    for placement in placements:
        monday = weeks.get(placement.pk)
        if monday is None or (placement.pk, monday) in supervised:
            continue
        recorded = kinds.get((placement.pk, monday))
        if recorded and PlacementDay.Kind.PLACEMENT not in recorded:
            continue  # only sickness, study or holidays that week
        found.append(
            Due(
                user=placement.practice_educator,
                rule=Rule.WEEK_WITHOUT_SUPERVISION,
                subject=f"placement:{placement.pk}:week:{monday.isoformat()}",
                text=f"No supervision is recorded for {placement.student} in the week "
                f"beginning {long_date(monday)}.",
                url=reverse("placements:placement_detail", args=[placement.pk]) + "#supervision",
            )
        )
    return found


# --- Records waiting for someone -------------------------------------------------------


def waiting_since(records, model) -> dict[int, date]:
    """{pk: the day each record entered its current status}, from its history (one query)."""
    if not records:
        return {}
    statuses = {r.pk: r.status for r in records}
    since: dict[int, date] = {}
    done: set[int] = set()
    rows = (
        model.history.filter(id__in=statuses)
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "status", "history_date")
    )
    for pk, status, when in rows:
        if pk in done:
            continue
        if status != statuses[pk]:
            done.add(pk)  # the row before the current status began
            continue
        since[pk] = timezone.localdate(when)
    for record in records:  # no history (rows written outside the ORM)
        since.setdefault(record.pk, timezone.localdate(record.updated_at))
    return since


def _waiting(model, statuses, related) -> list:
    return list(
        model.objects.filter(status__in=statuses, placement__status__in=IN_PRACTICE).select_related(
            *related
        )
    )


def _records_waiting(today: date) -> list[Due]:
    S, OS = SupervisionSession.Status, Observation.Status
    placement_people = ("placement", "placement__student", "placement__practice_educator")
    sessions = _waiting(
        SupervisionSession, {S.AWAITING_STUDENT, S.AWAITING_EDUCATOR}, placement_people
    )
    observations = _waiting(
        Observation, {OS.AWAITING_STUDENT, OS.AWAITING_OBSERVER}, (*placement_people, "observer")
    )
    since = {
        SupervisionSession: waiting_since(sessions, SupervisionSession),
        Observation: waiting_since(observations, Observation),
    }
    found = []
    for record in [*sessions, *observations]:
        began = since[type(record)][record.pk]
        waited = (today - began).days
        kind = "session" if isinstance(record, SupervisionSession) else "observation"
        subject = f"{kind}:{record.pk}:{record.status}:{began.isoformat()}"
        what = describe(record)
        url = record_url(record)
        if record.status in (S.AWAITING_STUDENT, OS.AWAITING_STUDENT):
            student = record.placement.student
            if waited > REFLECTION_AFTER_DAYS:
                found.append(
                    Due(
                        student,
                        Rule.REFLECTION_WAITING,
                        subject,
                        f"Add your reflection to {what}: it has waited since {long_date(began)}.",
                        url,
                    )
                )
            if waited > SIGNATURE_AFTER_DAYS:
                found.append(
                    Due(
                        student,
                        Rule.SIGNATURE_WAITING,
                        subject,
                        f"Sign {what}: it has waited for your signature since {long_date(began)}.",
                        url,
                    )
                )
            continue
        if waited <= SIGNATURE_AFTER_DAYS:
            continue
        if isinstance(record, SupervisionSession):
            signer = record.placement.practice_educator
        else:
            signer = record.observer
        if signer is None:
            continue
        found.append(
            Due(
                signer,
                Rule.SIGNATURE_WAITING,
                subject,
                f"Sign {what} for {record.placement.student}: the student signed it on "
                f"{long_date(began)}.",
                url,
            )
        )
    return found


# --- Observation not booked --------------------------------------------------------------


def _observations_not_booked(placements, today: date) -> list[Due]:
    midpoints = {p.pk: midpoint_of(p) for p in placements}
    near = {
        pk
        for pk, midpoint in midpoints.items()
        if midpoint - timedelta(days=OBSERVATION_LEAD_DAYS) <= today <= midpoint
    }
    if not near:
        return []
    booked = {
        (placement_id, day)
        for placement_id, day in Observation.objects.filter(placement_id__in=near)
        .exclude(status=Observation.Status.CANCELLED)
        .values_list("placement_id", "date")
    }
    found = []
    for placement in placements:
        if placement.pk not in near:
            continue
        midpoint = midpoints[placement.pk]
        if any(pk == placement.pk and day <= midpoint for pk, day in booked):
            continue
        found.append(
            Due(
                user=placement.practice_educator,
                rule=Rule.OBSERVATION_NOT_BOOKED,
                subject=f"placement:{placement.pk}:observation-before:{midpoint.isoformat()}",
                text=f"Book a direct observation of {placement.student} before the midpoint "
                f"of the placement ({long_date(midpoint)}): none is booked yet.",
                url=reverse("placements:placement_detail", args=[placement.pk]) + "#supervision",
            )
        )
    return found


# --- Sending ----------------------------------------------------------------------------------


def reminders_due(*, today: date | None = None) -> list[Due]:
    """Everything the rules find today, sent before or not."""
    today = today or timezone.localdate()
    working_days = WorkingDays()
    placements = list(
        Placement.objects.filter(
            status__in=IN_PRACTICE,
            starts_on__lt=today,
            practice_educator__isnull=False,
        ).select_related("student", "practice_educator")
    )
    return [
        *_weeks_without_supervision(placements, today, working_days),
        *_records_waiting(today),
        *_observations_not_booked(placements, today),
        *reminders_from_sources(today),
    ]


class _NothingNew(Exception):
    """Every reminder was taken by a run at the same time: undo the empty digest."""


def _digest_body(reminders: list[Reminder]) -> str:
    base = settings.WAGTAILADMIN_BASE_URL
    lines = [f"- {r.text} {base}{r.url}".rstrip() for r in reminders]
    return "\n".join(lines)


def reminders_send(*, today: date | None = None) -> int:
    """Send today's new reminders, one digest per person. Returns the digests sent."""
    today = today or timezone.localdate()
    due = reminders_due(today=today)
    if not due:
        return 0
    already = set(
        Reminder.objects.filter(user_id__in={d.user.pk for d in due}).values_list(
            "user_id", "rule", "subject"
        )
    )
    by_user: dict[int, list[Due]] = defaultdict(list)
    for item in due:
        if (item.user.pk, item.rule, item.subject) not in already:
            by_user[item.user.pk].append(item)
    sent_today = set(
        ReminderDigest.objects.filter(user_id__in=by_user, sent_on=today).values_list(
            "user_id", flat=True
        )
    )
    sent = 0
    for user_id, items in by_user.items():
        if user_id in sent_today:
            continue
        try:
            with transaction.atomic():
                if _send_digest(items[0].user, items, today):
                    sent += 1
        except _NothingNew:
            continue
    return sent


def _send_digest(user: User, items: list[Due], today: date) -> bool:
    try:
        with transaction.atomic():
            digest = ReminderDigest.objects.create(user=user, sent_on=today)
    except IntegrityError:
        return False  # another run sent this person's digest today
    reminders = []
    for item in items:
        try:
            with transaction.atomic():
                reminders.append(
                    Reminder.objects.create(
                        user=user,
                        rule=item.rule,
                        subject=item.subject,
                        text=item.text[:300],
                        url=item.url[:300],
                        digest=digest,
                    )
                )
        except IntegrityError:
            continue  # sent already, by a run at the same time
    if not reminders:
        raise _NothingNew
    count = len(reminders)
    about = "Supervision" if all(r.rule in SUPERVISION_RULES for r in reminders) else "Reminders"
    digest.notification = notify(
        user=user,
        title=f"{about}: {count} thing{'' if count == 1 else 's'} need"
        f"{'s' if count == 1 else ''} your attention",
        body=_digest_body(reminders),
        url=reminders[0].url if count == 1 else reverse("portal:dashboard"),
        kind="reminders",
    )
    digest.save(update_fields=["notification"])
    return True
