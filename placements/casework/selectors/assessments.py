"""Reads about child and family assessments (issue 6, requirement 8).

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
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.dates import month_year
from portal.workingdays import WorkingDays

from ..models import Allocation, Assessment
from ..models.assessments import DUE_SOON_WORKING_DAYS
from . import NOTHING, allocation_window, role_scope


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
    today = today or timezone.localdate()
    calendar = calendar or WorkingDays()
    due = assessment.due_date
    if due >= today:
        return calendar.between(today, due)
    return -calendar.between(due, today)


def is_due_soon(left: int) -> bool:
    return 0 <= left <= DUE_SOON_WORKING_DAYS


def with_days_left(
    assessments, *, today: date | None = None, calendar: WorkingDays | None = None
) -> list[Assessment]:
    """Set `days_left`, `days_overdue`, `due_soon` and `overdue` on each (no queries
    beyond the calendar's one)."""
    today = today or timezone.localdate()
    calendar = calendar or WorkingDays()
    rows = list(assessments)
    for row in rows:
        open_ = row.status != Assessment.Status.AUTHORISED
        row.days_left = working_days_left(row, today=today, calendar=calendar)
        row.days_overdue = -row.days_left
        row.due_soon = open_ and is_due_soon(row.days_left)
        row.overdue = open_ and row.days_left < 0
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
    calendar = calendar or WorkingDays()
    # The last day before the next working day past the limit: working_days_left <= 5.
    last = calendar.add(today, DUE_SOON_WORKING_DAYS + 1) - timedelta(days=1)
    return _open(assessments).filter(due_date__gte=today, due_date__lte=last)


def overdue(
    assessments: QuerySet[Assessment], *, today: date | None = None
) -> QuerySet[Assessment]:
    """Not authorised and past the due date."""
    today = today or timezone.localdate()
    return _open(assessments).filter(due_date__lt=today)


def assessment_list_for(
    user: User,
    *,
    status: str = "",
    timing: str = "",
    calendar: WorkingDays | None = None,
) -> QuerySet[Assessment]:
    """The list page: visible assessments, by status, or due soon / overdue."""
    assessments = assessments_visible_to(user)
    if status:
        assessments = assessments.filter(status=status)
    if timing == "due_soon":
        assessments = due_soon(assessments, calendar=calendar)
    elif timing == "overdue":
        assessments = overdue(assessments)
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


def dashboard_lists(assessments: QuerySet[Assessment], *, limit: int = 10) -> dict:
    calendar = WorkingDays()
    soon = with_days_left(due_soon(assessments, calendar=calendar)[:limit], calendar=calendar)
    late = with_days_left(overdue(assessments)[:limit], calendar=calendar)
    return {
        "casework_assessments_due_soon": soon,
        "casework_assessments_overdue": late,
        "casework_assessments_due_soon_days": DUE_SOON_WORKING_DAYS,
    }
