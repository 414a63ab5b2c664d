"""Leaders and runs of the Children's Program, for the leader register tests (issue 19).

Rows are written straight to the database; the services are what the tests exercise."""

from __future__ import annotations

from datetime import date
from itertools import count

from placements.programmes.models import Leader, Run

_numbers = count(1)


def leader(
    programme,
    name: str = "Karin Ek",
    *,
    issued_on: date,
    expires_on: date,
    municipality: str = "Norrby",
    **fields,
) -> Leader:
    return Leader.objects.create(
        programme=programme,
        name=name,
        organisation=fields.pop("organisation", "Öppenvården Norrby"),
        municipality=municipality,
        job_title=fields.pop("job_title", "Familjebehandlare"),
        certificate_number=fields.pop("certificate_number", f"CP-T-{next(_numbers):04d}"),
        issued_by=fields.pop("issued_by", "Children's Program Sverige"),
        issued_on=issued_on,
        expires_on=expires_on,
        **fields,
    )


def run(programme, starts_on: date, **fields) -> Run:
    return Run.objects.create(
        programme=programme,
        starts_on=starts_on,
        venue=fields.pop("venue", "Kursgården Sjövik"),
        places=fields.pop("places", 10),
        **fields,
    )
