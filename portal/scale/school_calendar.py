"""Each scale school's term dates for the current school year (three terms, each
with its half-term and an INSET day) and the services it works with: the hosts,
for direct work and assessments. A few rows a school (issue 22, requirement 8)."""

from __future__ import annotations

from datetime import date, timedelta

from placements.casework.models import SchoolService, SchoolTerm, SupportKind, TermHoliday

from .base import Context, by_scale_user, delete_rows, insert

KINDS = (SupportKind.DIRECT_WORK, SupportKind.ASSESSMENT)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _terms(year: int) -> list[tuple[str, date, date, date]]:
    """(name, first day, last day, Monday of the half-term) for the school year
    starting in September of `year` (English dates, roughly)."""
    return [
        (
            f"Autumn term {year}",
            _monday(date(year, 9, 3)) + timedelta(days=1),
            _monday(date(year, 12, 18)) + timedelta(days=4),
            _monday(date(year, 10, 26)),
        ),
        (
            f"Spring term {year + 1}",
            _monday(date(year + 1, 1, 6)),
            _monday(date(year + 1, 3, 27)) + timedelta(days=3),
            _monday(date(year + 1, 2, 16)),
        ),
        (
            f"Summer term {year + 1}",
            _monday(date(year + 1, 4, 15)),
            _monday(date(year + 1, 7, 21)) + timedelta(days=2),
            _monday(date(year + 1, 5, 29)),
        ),
    ]


def generate(ctx: Context) -> dict[str, int]:
    schools, hosts = ctx.made["schools"], ctx.made["hosts"]
    year = ctx.today.year if ctx.today.month >= 8 else ctx.today.year - 1
    terms = insert(
        SchoolTerm,
        (
            SchoolTerm(school=school, name=name, starts_on=first, ends_on=last)
            for school in schools
            for name, first, last, _ in _terms(year)
        ),
    )
    half_terms = {name: monday for name, _, _, monday in _terms(year)}
    holidays = []
    for term in terms:
        monday = half_terms[term.name]
        holidays.append(
            TermHoliday(
                term=term,
                name="Half-term",
                starts_on=monday,
                ends_on=monday + timedelta(days=4),
            )
        )
        holidays.append(
            TermHoliday(
                term=term, name="INSET day", starts_on=term.starts_on, ends_on=term.starts_on
            )
        )
    insert(TermHoliday, holidays)
    services = insert(
        SchoolService,
        (
            SchoolService(school=school, service=host, kind=kind)
            for school in schools
            for host in hosts
            for kind in KINDS
        ),
    )
    return {
        "school terms": len(terms),
        "term holidays": len(holidays),
        "school services": len(services),
    }


def clear() -> dict[str, int]:
    school = "school__memberships__user"
    return delete_rows(
        (TermHoliday, by_scale_user("term__" + school)),
        (SchoolTerm, by_scale_user(school)),
        (SchoolService, by_scale_user(school)),
    )
