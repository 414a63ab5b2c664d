"""Outcome checks (issue 18, requirement 6): when they are created.

When a parent is enrolled, each child gets a check at `referral`, recorded at
once with the status the referrer gave (the baseline). When the enrolment ends,
each child gets checks at `completion` (due the day it ended) and 3 and 12
months after it, to be recorded by the care co-ordinator on their due dates.
"""

from __future__ import annotations

from datetime import date

from portal.audit.context import acting_as
from portal.dates import add_months

from ..models import Enrolment, OutcomeCheck

P = OutcomeCheck.Point

# Each follow-up and how many months after the end it is due.
FOLLOW_UPS = ((P.COMPLETION, 0), (P.THREE_MONTHS, 3), (P.TWELVE_MONTHS, 12))


def outcome_checks_open(*, enrolment: Enrolment, by) -> list[OutcomeCheck]:
    """The baseline: each referred child's status at referral, as the referrer gave it."""
    referral = enrolment.referral
    received_on = referral.received_at.date()
    made = []
    with acting_as(by):
        for child in referral.children.all():
            check, _ = OutcomeCheck.objects.get_or_create(
                child=child,
                point=P.REFERRAL,
                defaults={
                    "due_on": received_on,
                    "status": child.social_care_status,
                    "recorded_on": received_on,
                },
            )
            made.append(check)
    return made


def follow_up_due_on(ended_on: date, point: str) -> date:
    return add_months(ended_on, dict(FOLLOW_UPS)[point])


def outcome_checks_schedule(*, enrolment: Enrolment, by) -> list[OutcomeCheck]:
    """The follow-ups, due from the day the enrolment ended (idempotent)."""
    made = []
    with acting_as(by):
        for child in enrolment.referral.children.all():
            for point, _months in FOLLOW_UPS:
                check, _ = OutcomeCheck.objects.get_or_create(
                    child=child,
                    point=point,
                    defaults={"due_on": follow_up_due_on(enrolment.ended_on, point)},
                )
                made.append(check)
    return made
