"""Reads about assessments (issue 6, requirement 8): child and family assessments
and child protection enquiries (issue 16, requirement 3), whose initial child
protection conference is flagged due soon and overdue like the due date.

Who sees an assessment:
- admins: all of them;
- the accountable qualified social worker: theirs;
- a team manager: those of children their organisation holds;
- a co-ordinator: those of children their organisation holds;
- a student: those they co-work;
- a practice educator: those co-worked by a student they oversee on a current
  (or grace-period) allocation of that child;
- school contacts, university roles and everyone else: none.

Working days are counted with one `portal.workingdays.WorkingDays` per
request: build it once and pass it as `calendar`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.defaultfilters import pluralize
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.dates import long_date, month_year
from portal.workingdays import WorkingDays

from ..models import Allocation, Assessment
from ..models.assessments import ASSESSMENT_WORKING_DAYS, DUE_SOON_WORKING_DAYS
from . import NOTHING, allocation_window, role_scope
from .assessment_flags import (
    CONFERENCE_WAITING,
    _conference_due_soon_q,
    _due_soon_q,
    _first_of_each,
    dashboard_flags,
)


@role_scope
def assessment_scope(user: User) -> Q | None:
    """The filter on Assessment for those `user` may see; None means all."""
    roles = user.active_roles
    scope = NOTHING
    if Role.SOCIAL_WORKER in roles:
        scope |= Q(social_worker=user)
    managed = user.organisations_where(Role.TEAM_MANAGER)
    if managed:
        scope |= Q(child__held_by__in=managed)
    coordinated = user.organisations_where(Role.COORDINATOR)
    if coordinated:
        scope |= Q(child__held_by__in=coordinated)
    if Role.STUDENT in roles:
        scope |= Q(student=user)
    if Role.PRACTICE_EDUCATOR in roles:
        overseen = Allocation.objects.filter(
            allocation_window(),
            practice_educator=user,
            child=OuterRef("child"),
            student=OuterRef("student"),
        )
        scope |= Q(student__isnull=False) & Q(Exists(overseen))
    return scope


def assessments_visible_to(user: User) -> QuerySet[Assessment]:
    assessments = Assessment.objects.select_related("child", "social_worker", "student")
    scope = assessment_scope(user)
    if scope is not None:
        assessments = assessments.filter(scope)
    return assessments


def can_see_assessment(user: User, assessment: Assessment) -> bool:
    if assessment is None:
        return False
    scope = assessment_scope(user)
    if scope is None:
        return True
    return Assessment.objects.filter(scope, pk=assessment.pk).exists()


def assessment_for_page(pk: int) -> Assessment | None:
    return (
        Assessment.objects.select_related(
            "child",
            "child__held_by",
            "child__school",
            "social_worker",
            "student",
            "authorised_by",
            "created_by",
        )
        .filter(pk=pk)
        .first()
    )


# --- working days ------------------------------------------------------------------------


def working_days_left(
    assessment: Assessment, today: date | None = None, calendar: WorkingDays | None = None
) -> int:
    """Working days until the due date; negative once it has passed (0 on the day).

    Pass one `calendar` per request: it reads the bank holidays once.
    """
    return _days_to(assessment.due_date, today or timezone.localdate(), calendar or WorkingDays())


def left_in_words(left: int) -> str:
    """Working days left (negative: overdue) as the lists and dashboards say them."""
    if left < 0:
        return f"{-left} working day{pluralize(-left)} overdue"
    if left == 0:
        return "due today"
    return f"{left} working day{pluralize(left)} left"


def due_notice(
    assessment: Assessment, today: date | None = None, calendar: WorkingDays | None = None
) -> str:
    """The due date and the working days left, counted by `working_days_left` like
    every list and dashboard, for messages and notifications."""
    today = today or timezone.localdate()
    left = working_days_left(assessment, today=today, calendar=calendar)
    return (
        f"Due by {long_date(assessment.due_date)} ({ASSESSMENT_WORKING_DAYS} working days "
        f"after the referral on {long_date(assessment.referral_date)}): "
        f"{left_in_words(left)} on {long_date(today)}."
    )


def is_due_soon(left: int) -> bool:
    return 0 <= left <= DUE_SOON_WORKING_DAYS


def _days_to(day: date, today: date, calendar: WorkingDays) -> int:
    if day >= today:
        return calendar.between(today, day)
    return -calendar.between(day, today)


def conference_days_left(
    assessment: Assessment, today: date | None = None, calendar: WorkingDays | None = None
) -> int | None:
    """Working days until the initial child protection conference is due (negative
    once past); None unless it is a child protection enquiry."""
    if assessment.conference_due_on is None:
        return None
    return _days_to(
        assessment.conference_due_on, today or timezone.localdate(), calendar or WorkingDays()
    )


def with_days_left(
    assessments, *, today: date | None = None, calendar: WorkingDays | None = None
) -> list[Assessment]:
    """Set `days_left`, `days_overdue`, `due_soon` and `overdue` on each, and for a
    child protection enquiry `conference_days_left`, `conference_days_overdue`,
    `conference_due_soon` and `conference_overdue` (flagged while the enquiry is
    open and the conference not held). No queries beyond the calendar's one."""
    today = today or timezone.localdate()
    calendar = calendar or WorkingDays()
    rows = list(assessments)
    for row in rows:
        open_ = row.status != Assessment.Status.AUTHORISED
        row.days_left = working_days_left(row, today=today, calendar=calendar)
        row.days_overdue = -row.days_left
        row.due_soon = open_ and is_due_soon(row.days_left)
        row.overdue = open_ and row.days_left < 0
        left = conference_days_left(row, today=today, calendar=calendar)
        waiting = open_ and left is not None and row.conference_held_on is None
        row.conference_days_left = left
        row.conference_days_overdue = None if left is None else -left
        row.conference_due_soon = waiting and is_due_soon(left)
        row.conference_overdue = waiting and left < 0
    return rows


def _open(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.exclude(status=Assessment.Status.AUTHORISED)


def due_soon(
    assessments: QuerySet[Assessment],
    *,
    today: date | None = None,
    calendar: WorkingDays | None = None,
) -> QuerySet[Assessment]:
    """Not authorised, due today or within DUE_SOON_WORKING_DAYS working days."""
    today = today or timezone.localdate()
    return _open(assessments).filter(_due_soon_q(today, calendar or WorkingDays()))


def overdue(
    assessments: QuerySet[Assessment], *, today: date | None = None
) -> QuerySet[Assessment]:
    """Not authorised and past the due date."""
    today = today or timezone.localdate()
    return _open(assessments).filter(due_date__lt=today)


def conference_due_soon(
    assessments: QuerySet[Assessment],
    *,
    today: date | None = None,
    calendar: WorkingDays | None = None,
) -> QuerySet[Assessment]:
    """Open child protection enquiries whose initial conference, not yet held, is due
    today or within DUE_SOON_WORKING_DAYS working days."""
    today = today or timezone.localdate()
    return _open(assessments).filter(_conference_due_soon_q(today, calendar or WorkingDays()))


def conference_overdue(
    assessments: QuerySet[Assessment], *, today: date | None = None
) -> QuerySet[Assessment]:
    """Open child protection enquiries whose initial conference is past due, not held."""
    today = today or timezone.localdate()
    return _open(assessments).filter(CONFERENCE_WAITING, conference_due_on__lt=today)


TIMINGS = {
    "due_soon": due_soon,
    "overdue": lambda assessments, calendar=None: overdue(assessments),
    "conference_due_soon": conference_due_soon,
    "conference_overdue": lambda assessments, calendar=None: conference_overdue(assessments),
}


def assessment_list_for(
    user: User,
    *,
    status: str = "",
    timing: str = "",
    kind: str = "",
    calendar: WorkingDays | None = None,
) -> QuerySet[Assessment]:
    """The list page: visible assessments, by status, kind, or due soon / overdue
    (the due date, or a child protection enquiry's initial conference)."""
    assessments = assessments_visible_to(user)
    if status:
        assessments = assessments.filter(status=status)
    if kind:
        assessments = assessments.filter(kind=kind)
    if timing in TIMINGS:
        assessments = TIMINGS[timing](assessments, calendar=calendar)
    return assessments.order_by("due_date", "pk")


def assessments_of_child(user: User, child) -> list[Assessment]:
    return list(assessments_visible_to(user).filter(child=child).order_by("-referral_date", "-pk"))


# --- the on-time report --------------------------------------------------------------------


@dataclass
class OnTimeRow:
    label: str
    authorised: int = 0
    on_time: int = 0

    @property
    def share(self) -> float | None:
        if not self.authorised:
            return None
        return self.on_time / self.authorised

    @property
    def percent(self) -> str:
        share = self.share
        return "–" if share is None else f"{round(share * 100)}%"


@dataclass
class OnTimeReport:
    overall: OnTimeRow
    months: list[OnTimeRow]


def on_time_report(user: User) -> OnTimeReport:
    """Authorised assessments completed within 45 working days: overall and by month
    of completion (newest first)."""
    rows = (
        assessments_visible_to(user)
        .filter(status=Assessment.Status.AUTHORISED, completed_on__isnull=False)
        .values_list("completed_on", "due_date")
    )
    overall = OnTimeRow(label="All authorised assessments")
    months: dict[tuple[int, int], OnTimeRow] = {}
    for completed_on, due_date in rows:
        key = (completed_on.year, completed_on.month)
        row = months.get(key)
        if row is None:
            row = months[key] = OnTimeRow(label=f"{month_year(completed_on)}")
        on_time = completed_on <= due_date
        for target in (overall, row):
            target.authorised += 1
            target.on_time += int(on_time)
    ordered = OrderedDict(sorted(months.items(), reverse=True))
    return OnTimeReport(overall=overall, months=list(ordered.values()))


# --- dashboards ------------------------------------------------------------------------------


def _nearest_first(rows: list[Assessment]) -> list[Assessment]:
    """By the nearer of the due date and the conference's, then pk."""
    return sorted(rows, key=lambda r: (min(r.due_date, r.conference_due_on or r.due_date), r.pk))


def dashboard_lists(assessments: QuerySet[Assessment], *, limit: int = 10) -> dict:
    """Due soon and overdue: assessments (their due date) and child protection
    enquiries (their initial conference). Two queries and the calendar's, however
    many rows: which are the first of each flag, then those rows, split here."""
    calendar = WorkingDays()
    today = timezone.localdate()
    first = _first_of_each(_open(assessments), dashboard_flags(today, calendar), limit)
    # Read with nothing to show too (no assessment has pk 0): the same count either way.
    wanted = {pk for pks in first.values() for pk in pks} or {0}
    # Those rows, already known to be visible: with the child, all the lists show of them.
    shown = Assessment.objects.filter(pk__in=wanted).select_related("child")
    loaded = {row.pk: row for row in with_days_left(shown, today=today, calendar=calendar)}
    soon = _nearest_first([loaded[pk] for pk in {*first["soon"], *first["conference_soon"]}])
    late = _nearest_first([loaded[pk] for pk in {*first["late"], *first["conference_late"]}])
    return {
        "casework_assessments_due_soon": [row for row in soon if row.due_soon],
        "casework_assessments_overdue": [row for row in late if row.overdue],
        "casework_conferences_due_soon": [row for row in soon if row.conference_due_soon],
        "casework_conferences_overdue": [row for row in late if row.conference_overdue],
        "casework_assessments_due_soon_days": DUE_SOON_WORKING_DAYS,
    }
