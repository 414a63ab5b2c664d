"""Helpers shared by the university oversight tests (RAG status, exports, dashboards).

(No tests here; the name keeps it with the oversight test modules.)
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from placements.models import Placement, PlacementDay
from placements.services.agreement import agreement_save, agreement_sign
from placements.services.concern import concern_raise, concern_step
from portal import signatures
from portal.workingdays import WorkingDays
from supervision import oversight

SECTIONS = {
    "learning_needs": "Assessment skills",
    "learning_opportunities": "Duty desk",
    "supervision_day": 1,
    "supervision_time": time(14, 0),
    "supervision_arrangements": "Team room",
    "reasonable_adjustments": "",
    "induction": "Shadowing",
}


def sign_agreement(placement: Placement) -> None:
    """Write the placement's agreement and have everyone named sign it (the services)."""
    agreement = agreement_save(placement=placement, by=placement.practice_educator, **SECTIONS)
    for person in set(signatures.required_capacities(agreement).values()):
        agreement_sign(agreement=agreement, by=person)


def confirm_days(placement: Placement, count: int, *, kind=PlacementDay.Kind.PLACEMENT) -> None:
    """`count` confirmed days on the placement's first working days."""
    working_days = WorkingDays()
    day = placement.starts_on - timedelta(days=1)
    for _ in range(count):
        day = working_days.add(day, 1)
        PlacementDay.objects.create(
            placement=placement,
            date=day,
            kind=kind,
            hours=7,
            confirmed_at=timezone.now(),
            confirmed_by=placement.practice_educator,
        )


def working_day_after_start(placement: Placement, n: int) -> date:
    """The n-th working day of the placement (1 = its first)."""
    return WorkingDays().add(placement.starts_on - timedelta(days=1), n)


def raise_concern(placement: Placement, *, stage: int = 1):
    concern = concern_raise(
        placement=placement,
        by=placement.practice_educator,
        summary="Late to visits",
        action_plan="Weekly check-in",
    )
    if stage == 2:
        concern = concern_step(concern=concern, name="escalate", by=placement.practice_educator)
    return concern


def answer_cannot_tell(monkeypatch) -> set[int]:
    """Have the supervision app answer None, "cannot tell" (its contract still allows
    it), for the placements whose pk is put in the returned set.

    Every other placement gets the selectors' real answer, so a test can set a
    "no data" placement beside placements rated on their real supervision records.
    """
    cannot_tell: set[int] = set()

    def unless_cannot_tell(selector):
        def answer(placements, *, today=None):
            placements = list(placements)
            known = selector([p for p in placements if p.pk not in cannot_tell], today=today)
            return {p.pk: None if p.pk in cannot_tell else known[p.pk] for p in placements}

        return answer

    for name in ("supervision_gaps_for", "observations_overdue_for"):
        monkeypatch.setattr(oversight, name, unless_cannot_tell(getattr(oversight, name)))
    return cannot_tell
