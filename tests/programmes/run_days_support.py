"""A Children's Program run with families, for the tests of a run's pages and days
(issue 19, requirement 4). Today is TODAY; the run is 12 to 15 April 2027, the
parent joining on days 3 and 4 (the demo's "3, 4"). Families are invited through
the service; a test moves the clock to the run's days to confirm arrivals."""

from __future__ import annotations

from datetime import date, timedelta

from placements.programmes.services.interest import InterestChild, interest_register
from placements.programmes.services.run_days import run_place_arrive
from placements.programmes.services.runs import run_invite

from .people import fresh

TODAY = date(2027, 3, 10)
FIRST_DAY = date(2027, 4, 12)
DAYS = [FIRST_DAY + timedelta(days=n) for n in range(4)]
LONG_AGO = date(2024, 1, 1)
FAR = date(2030, 1, 1)


def family(programme, *children, name="Vera Testberg", sober_since=None):
    """A registration of interest; `children` are (first name, date of birth)."""
    return interest_register(
        programme=programme,
        details={
            "parent_name": name,
            "parent_email": "vera@example.se",
            "parent_phone": "",
            "municipality": "Norrby",
            "language": "sv",
            "treatment_stage": "aftercare",
            "sober_since": sober_since or TODAY - timedelta(days=90),
            "parent_consent": True,
        },
        children=[
            InterestChild(n, first, born, "none")
            for n, (first, born) in enumerate(
                children or [("Idun", date(2018, 5, 1)), ("Tove", date(2021, 1, 1))], start=1
            )
        ],
    )


def invited(programme, run, by, *, children=(), **kwargs):
    """A family invited to `run` (invite while it has not started: TODAY)."""
    return run_invite(run=run, referral=family(programme, *children, **kwargs), by=by)


def arrive(place, by, clock, day=FIRST_DAY):
    """The family of `place` arrives on `day`, sober long enough."""
    clock.today_is(day)
    run_place_arrive(place=place, sober_since=LONG_AGO, by=by)
    return fresh(place)
