"""People and records for the enrolment and delivery tests (issue 18, requirement 4).

Rows are written straight to the database for the tests that need them to
exist; the services are what the tests exercise."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from django.utils import timezone

from placements.programmes.models import (
    Enrolment,
    GroupSession,
    Referral,
    ReferredChild,
    Strand,
)

# The delivery, outcomes and leaders tests call the people of people.py by these names.
from .people import programme_worker as worker_on  # noqa: F401
from .people import provider_coordinator as coordinator_of  # noqa: F401
from .support import pocar

_numbers = count(1)


def programme_with_strands(*, men_running: bool = False, **changes):
    """POCAR with its women's strand running and its men's strand as asked."""
    programme = pocar(**changes)
    programme.strands.filter(name="Women's group").update(
        for_gender=Strand.For.WOMEN, running_now=True
    )
    programme.strands.filter(name="Men's group").update(
        for_gender=Strand.For.MEN, running_now=men_running
    )
    return programme


def other_programme():
    """A programme of another provider (its staff see nothing of POCAR)."""
    from placements.programmes.models import Programme
    from portal.accounts.models import Organisation

    provider = Organisation.objects.create(
        name="Another Provider", kind=Organisation.Kind.SERVICE_PROVIDER
    )
    return Programme.objects.create(
        name="Another programme",
        slug="another",
        kind=Programme.Kind.PARENT_SUBSTANCE_MISUSE,
        provider=provider,
        length_weeks=8,
    )


def strand(programme, gender: str) -> Strand:
    return programme.strands.get(for_gender=gender)


def referral(
    programme,
    *,
    gender: str = Referral.Gender.FEMALE,
    status: str = Referral.Status.ACCEPTED,
    care_coordinator=None,
    children: tuple[tuple[str, date], ...] = (),
) -> Referral:
    number = next(_numbers)
    today = timezone.localdate()
    made = Referral.objects.create(
        programme=programme,
        reference=f"POC-TEST-{number:04d}",
        status=status,
        received_at=timezone.now() - timedelta(days=30),
        contact_due_on=today,
        referrer_name="Rowan Referrer",
        referrer_local_authority="Midshire Council",
        referrer_team="Family Support East",
        referrer_email="rowan@midshire.example.org",
        referrer_phone="01234 567890",
        parent_name=f"Jordan Parent{number}",
        parent_date_of_birth=date(1990, 1, 1),
        parent_gender=gender,
        parent_address="1 Example Road",
        substances="Alcohol",
        care_coordinator=care_coordinator,
    )
    for name, born in children:
        ReferredChild.objects.create(
            referral=made, name=name, date_of_birth=born, social_care_status="cin"
        )
    return made


def enrolment(
    programme,
    *,
    starts_on: date,
    by,
    gender: str = Referral.Gender.FEMALE,
    weeks: int = 16,
    keywork_only: bool = False,
    care_coordinator=None,
    children=(),
) -> Enrolment:
    made = referral(programme, gender=gender, care_coordinator=care_coordinator, children=children)
    chosen = None if keywork_only else strand(programme, gender)
    return Enrolment.objects.create(
        referral=made,
        programme=programme,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=weeks),
        strand=chosen,
        keywork_only_reason="Keywork only." if keywork_only else "",
        created_by=by,
    )


def group_session(programme, *, on: date, gender: str = Strand.For.WOMEN, **fields):
    from datetime import time

    return GroupSession.objects.create(
        programme=programme,
        strand=strand(programme, gender),
        on=on,
        starts_at=fields.pop("starts_at", time(10, 30)),
        ends_at=time(12, 0),
        **fields,
    )


def years_before(day: date, years: int, days: int = 0) -> date:
    """The date `years` years before `day`, moved `days` earlier."""
    try:
        back = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        back = day.replace(year=day.year - years, day=28)
    return back - timedelta(days=days)
