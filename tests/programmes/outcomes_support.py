"""Families, enrolments and outcome checks for the outcomes and evaluation tests."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from placements.programmes.models import (
    Enrolment,
    KeyworkGoal,
    KeyworkPlan,
    OutcomeCheck,
    Programme,
    Referral,
    ReferredChild,
    SelfEsteemScore,
)
from placements.programmes.models.referrals import new_reference
from placements.programmes.services.outcomes import outcome_checks_open, outcome_checks_schedule

from .delivery_support import coordinator_of

_numbers = itertools.count(1)


def family(
    programme: Programme,
    *,
    statuses=("cp",),
    care_coordinator=None,
    ended_on: date | None = None,
    enrolment_status: str = Enrolment.Status.COMPLETED,
    follow_ups: dict[str, tuple[str, ...]] | None = None,
    by=None,
) -> Enrolment:
    """An ended enrolment with a child per status at referral, its baseline checks and
    its follow-ups scheduled; `follow_ups` {point: statuses per child} records some."""
    n = next(_numbers)
    ended_on = ended_on or timezone.localdate() - timedelta(days=400)
    starts_on = ended_on - timedelta(weeks=16)
    received = starts_on - timedelta(days=20)
    by = by or care_coordinator or coordinator_of(programme)
    referral = Referral.objects.create(
        programme=programme,
        reference=new_reference(programme.slug),
        status=Referral.Status.ACCEPTED,
        received_at=timezone.make_aware(datetime.combine(received, time(9))),
        contact_due_on=received + timedelta(days=14),
        referrer_name="Test Referrer",
        referrer_local_authority="Test Council",
        referrer_team="Test team",
        referrer_email="referrer@example.org",
        referrer_phone="01632 960001",
        parent_name=f"Test Parent {n}",
        parent_date_of_birth=date(1990, 1, 1),
        parent_gender=Referral.Gender.FEMALE,
        parent_address="1 Test Street",
        substances="Test",
        care_coordinator=care_coordinator,
    )
    for c, status in enumerate(statuses):
        ReferredChild.objects.create(
            referral=referral,
            name=f"Test Child {n}-{c}",
            date_of_birth=date(2016, 1, 1),
            social_care_status=status,
        )
    enrolment = Enrolment.objects.create(
        referral=referral,
        programme=programme,
        status=enrolment_status,
        starts_on=starts_on,
        ends_on=ended_on,
        ended_on=ended_on,
        created_by=by,
    )
    outcome_checks_open(enrolment=enrolment, by=by)
    outcome_checks_schedule(enrolment=enrolment, by=by)
    for point, answers in (follow_ups or {}).items():
        checks = OutcomeCheck.objects.filter(child__referral=referral, point=point).order_by(
            "child_id"
        )
        for check, status in zip(checks, answers, strict=True):
            check.status = status
            check.recorded_on = check.due_on
            check.save()
    return enrolment


def goals(enrolment: Enrolment, *pairs: tuple[int, int | None]) -> None:
    plan = KeyworkPlan.objects.create(enrolment=enrolment, agreed_on=enrolment.starts_on)
    for start, end in pairs:
        KeyworkGoal.objects.create(plan=plan, goal="A goal", score_start=start, score_end=end)


def rosenberg(enrolment: Enrolment, start: int | None, end: int | None) -> None:
    for point, score in (("start", start), ("end", end)):
        if score is not None:
            SelfEsteemScore.objects.create(
                enrolment=enrolment, point=point, score=score, recorded_on=enrolment.starts_on
            )
