"""Reads of schools' term dates: the calendar that decides which days a school is
open to direct work, the weekly session dates it suggests, and who may manage it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.dates import long_date

from ..models import Child, SchoolTerm, TermHoliday
from ..models.terms import date_range
from .safeguarding import holding_organisations

# How far past the last recorded term the weekly dates are looked for: past the
# recorded terms the school is not restricted, so the search always ends.
MAX_WEEKS = 104


@dataclass
class SchoolCalendar:
    """A school's terms (in order) with their holidays. Empty: no restriction."""

    school: Organisation
    terms: list[SchoolTerm] = field(default_factory=list)

    @property
    def recorded(self) -> bool:
        return bool(self.terms)

    def why_closed(self, day: date) -> str:
        """Why `day` is not a day for a session at the school ("" when it is one).

        Only days from the first recorded term to the last are restricted: before
        and after them the school has not given its dates."""
        if not self.terms or day < self.terms[0].starts_on or day > self.terms[-1].ends_on:
            return ""
        previous = None
        for term in self.terms:
            if day < term.starts_on:
                return (
                    f"{long_date(day)} is between terms at {self.school.name}: "
                    f"{previous.name} ends on {long_date(previous.ends_on)} and {term.name} "
                    f"starts on {long_date(term.starts_on)}."
                )
            if day <= term.ends_on:
                for holiday in term.holidays.all():
                    if holiday.starts_on <= day <= holiday.ends_on:
                        return (
                            f"{long_date(day)} is in {holiday.name} at {self.school.name} "
                            f"({date_range(holiday.starts_on, holiday.ends_on)})."
                        )
                return ""
            previous = term
        return ""

    def weekly_dates(self, first: date, count: int) -> list[date]:
        """`count` weekly dates from `first` (same weekday), skipping the weeks the
        school is closed that day (holidays and the days between terms)."""
        dates: list[date] = []
        day = first
        weeks = 0
        while len(dates) < count and weeks < count + MAX_WEEKS:
            if not self.why_closed(day):
                dates.append(day)
            day += timedelta(weeks=1)
            weeks += 1
        return dates


def _terms(schools) -> QuerySet[SchoolTerm]:
    return (
        SchoolTerm.objects.filter(school__in=schools)
        .prefetch_related(Prefetch("holidays", queryset=TermHoliday.objects.order_by("starts_on")))
        .order_by("starts_on", "pk")
    )


def school_calendar(school: Organisation) -> SchoolCalendar:
    """The school's calendar (two queries)."""
    return SchoolCalendar(school=school, terms=list(_terms([school])))


def terms_of(school: Organisation) -> list[SchoolTerm]:
    return list(_terms([school]))


def terms_of_schools(schools) -> QuerySet[SchoolTerm]:
    """The terms of `schools` with their holidays, each with its school (three
    queries however many)."""
    return _terms(schools).select_related("school")


def term_of(school: Organisation, pk: int) -> SchoolTerm | None:
    return SchoolTerm.objects.filter(school=school, pk=pk).select_related("school").first()


def schools_managed_by(user: User) -> QuerySet[Organisation]:
    """The schools whose term dates `user` manages: a school contact's own schools, the
    schools whose pupils' records a service `user` co-ordinates holds, every school
    for an admin."""
    schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL)
    if not user.is_authenticated:
        return schools.none()
    if user.is_portal_admin:
        return schools.order_by("name", "pk")
    own = [o.pk for o in user.organisations_where(Role.SCHOOL_CONTACT)]
    served = Child.objects.filter(held_by__in=holding_organisations(user)).values("school")
    return schools.filter(Q(pk__in=own) | Q(pk__in=served)).order_by("name", "pk")


def manages_terms(user: User, school: Organisation) -> bool:
    return schools_managed_by(user).filter(pk=school.pk).exists()


def school_term_dates(user: User) -> list[dict]:
    """A school contact's schools, each with whether its term dates are recorded (one
    query besides the user's memberships)."""
    schools = list(user.organisations_where(Role.SCHOOL_CONTACT))
    recorded = set(
        SchoolTerm.objects.filter(school__in=schools).values_list("school_id", flat=True)
    )
    return [{"school": school, "recorded": school.pk in recorded} for school in schools]
