"""The due-soon and overdue conditions of assessments and of initial child
protection conferences (selectors.assessments), and the dashboards' read of the
first rows of each (selectors.assessments.dashboard_lists)."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date, timedelta
from functools import reduce

from django.db.models import Q, QuerySet

from portal.workingdays import WorkingDays

from ..models import Assessment
from ..models.assessments import DUE_SOON_WORKING_DAYS


def _soon_window(today: date, calendar: WorkingDays) -> tuple[date, date]:
    # The last day before the next working day past the limit: working days left <= 5.
    return today, calendar.add(today, DUE_SOON_WORKING_DAYS + 1) - timedelta(days=1)


# A child protection enquiry whose initial conference has not been held.
CONFERENCE_WAITING = Q(kind=Assessment.Kind.SECTION_47, conference_held_on__isnull=True)


def _due_soon_q(today: date, calendar: WorkingDays) -> Q:
    first, last = _soon_window(today, calendar)
    return Q(due_date__gte=first, due_date__lte=last)


def _conference_due_soon_q(today: date, calendar: WorkingDays) -> Q:
    first, last = _soon_window(today, calendar)
    return CONFERENCE_WAITING & Q(conference_due_on__gte=first, conference_due_on__lte=last)


def _first_of_each(
    assessments: QuerySet[Assessment], flags: dict[str, tuple[Q, Callable, str]], limit: int
) -> dict[str, list[int]]:
    """For each flag (its condition, the same test on a row's FLAG_FIELDS and the date
    its rows go by), the pks of the first `limit` rows with it: one narrow query of
    the rows with any flag, flagged and ranked here (issue 20: a window per flag
    filtered by rank, then a CASE per flag, took Django longest to build)."""
    rows = list(
        assessments.filter(reduce(operator.or_, (condition for condition, _, _ in flags.values())))
        .order_by()
        .values_list(*FLAG_FIELDS)
    )
    first = {}
    for name, (_, flagged, by) in flags.items():
        at = FLAG_FIELDS.index(by)
        ranked = sorted((row for row in rows if flagged(*row)), key=lambda row: (row[at], row[0]))
        first[name] = [row[0] for row in ranked[:limit]]
    return first


# What _first_of_each reads of each row, in the order its tests take them.
FLAG_FIELDS = ("pk", "due_date", "conference_due_on", "kind", "conference_held_on")


def _between(day: date | None, first: date, last: date) -> bool:
    return day is not None and first <= day <= last


def _conference_waiting(kind: str, held_on: date | None) -> bool:
    """CONFERENCE_WAITING, on a row."""
    return kind == Assessment.Kind.SECTION_47 and held_on is None


def dashboard_flags(today: date, calendar: WorkingDays) -> dict[str, tuple[Q, Callable, str]]:
    """Due soon and overdue, of assessments and of initial conferences: each flag's
    condition, the same test in Python (on FLAG_FIELDS) and the date it goes by."""
    first, last = _soon_window(today, calendar)
    return {
        "soon": (
            _due_soon_q(today, calendar),
            lambda pk, due, conference, kind, held: _between(due, first, last),
            "due_date",
        ),
        "conference_soon": (
            _conference_due_soon_q(today, calendar),
            lambda pk, due, conference, kind, held: (
                _conference_waiting(kind, held) and _between(conference, first, last)
            ),
            "conference_due_on",
        ),
        "late": (
            Q(due_date__lt=today),
            lambda pk, due, conference, kind, held: due < today,
            "due_date",
        ),
        "conference_late": (
            CONFERENCE_WAITING & Q(conference_due_on__lt=today),
            lambda pk, due, conference, kind, held: (
                _conference_waiting(kind, held) and conference is not None and conference < today
            ),
            "conference_due_on",
        ),
    }
