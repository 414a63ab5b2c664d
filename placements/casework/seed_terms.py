"""Demo data: the partner schools' term dates for 2026-27 and the services each works
with (issue 22, requirement 8). Idempotent: what exists is left as it is.

Seeded after the demo's plans and sessions (seed.seed_casework), whose dates are
relative to the day the demo is made: a session that now falls in a holiday is
shown as such on its plan's page rather than moved.
"""

from __future__ import annotations

from datetime import date

from portal.accounts.models import Organisation, User
from portal.audit.context import acting_as

from .models import SchoolService, SchoolTerm, SupportKind, TermHoliday

# Typical English local-authority dates for 2026-27 (Easter Sunday is 28 March 2027);
# each school has its own INSET days.
TERMS = [
    ("Autumn term 2026", date(2026, 9, 1), date(2026, 12, 18)),
    ("Spring term 2027", date(2027, 1, 4), date(2027, 3, 25)),
    ("Summer term 2027", date(2027, 4, 12), date(2027, 7, 21)),
]
HOLIDAYS = {
    "school_a": {
        "Autumn term 2026": [
            ("INSET day", date(2026, 9, 1), date(2026, 9, 1)),
            ("October half-term", date(2026, 10, 26), date(2026, 10, 30)),
        ],
        "Spring term 2027": [
            ("INSET day", date(2027, 1, 4), date(2027, 1, 4)),
            ("February half-term", date(2027, 2, 15), date(2027, 2, 19)),
        ],
        "Summer term 2027": [
            ("Early May bank holiday", date(2027, 5, 3), date(2027, 5, 3)),
            ("May half-term", date(2027, 5, 31), date(2027, 6, 4)),
            ("INSET day", date(2027, 6, 7), date(2027, 6, 7)),
        ],
    },
    "school_b": {
        "Autumn term 2026": [
            ("INSET day", date(2026, 9, 1), date(2026, 9, 1)),
            ("INSET day (October)", date(2026, 10, 23), date(2026, 10, 23)),
            ("October half-term", date(2026, 10, 26), date(2026, 10, 30)),
            ("INSET day (November)", date(2026, 11, 27), date(2026, 11, 27)),
        ],
        "Spring term 2027": [
            ("INSET day", date(2027, 2, 12), date(2027, 2, 12)),
            ("February half-term", date(2027, 2, 15), date(2027, 2, 19)),
        ],
        "Summer term 2027": [
            ("Early May bank holiday", date(2027, 5, 3), date(2027, 5, 3)),
            ("May half-term", date(2027, 5, 31), date(2027, 6, 4)),
        ],
    },
}
# The kinds of support each school asks the council for.
SERVICES = {
    "school_a": (SupportKind.DIRECT_WORK, SupportKind.ASSESSMENT, SupportKind.LIFE_STORY),
    "school_b": (SupportKind.DIRECT_WORK, SupportKind.ASSESSMENT),
}


def seed_school_terms_and_services(*, organisations: dict, admin: User) -> None:
    council: Organisation = organisations["council"]
    with acting_as(admin):
        for key, kinds in SERVICES.items():
            school = organisations[key]
            for kind in kinds:
                SchoolService.objects.get_or_create(school=school, service=council, kind=kind)
            for name, starts_on, ends_on in TERMS:
                term, _ = SchoolTerm.objects.get_or_create(
                    school=school,
                    name=name,
                    defaults={"starts_on": starts_on, "ends_on": ends_on},
                )
                for holiday, first, last in HOLIDAYS[key][name]:
                    TermHoliday.objects.get_or_create(
                        term=term, name=holiday, defaults={"starts_on": first, "ends_on": last}
                    )
