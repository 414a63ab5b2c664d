"""Reads about supervision that other apps depend on, and the pages' reads.

University oversight (placements.oversight) reads weekly supervision and
direct observations only through `supervision_gaps_for` and
`observations_overdue_for`, so the placement RAG status does not need to know
how supervision is recorded. Their arithmetic lives in supervision/compliance.py
and supervision/checklist.py; the contracts are in the docstrings below (the
oversight tests pin them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from placements.models import Placement

from .models import Observation, SupervisionSession


@dataclass(frozen=True)
class OverdueObservation:
    """A direct observation the course's rule required by `due_on` that has not happened."""

    description: str  # a short phrase, e.g. "the one before the midpoint"
    due_on: date


def supervision_gaps_for(
    placements: Iterable[Placement], *, today: date | None = None
) -> dict[int, list[date] | None]:
    """The weeks each placement went without its weekly supervision.

    Contract (issue 5 must keep it):
    - one key per placement passed in (its pk), whatever its status;
    - the value is the list of weeks, each given by its Monday, from the week
      the placement started up to the last full week before `today` (today by
      default), in which the supervision recorded fell short of the course's
      `weekly_supervision_minutes`; oldest first, weeks the placement was
      suspended left out;
    - an empty list means no week was missed (including a placement that has
      not started); None means the app cannot tell (no data);
    - a fixed number of queries however many placements are passed.

    """
    from .compliance import gaps_for

    return gaps_for(list(placements), today=today)


def observations_overdue_for(
    placements: Iterable[Placement], *, today: date | None = None
) -> dict[int, list[OverdueObservation] | None]:
    """The direct observations each placement should have had by `today` and has not.

    Contract (issue 5 must keep it):
    - one key per placement passed in (its pk), whatever its status;
    - the value lists the observations the course's rule (`observations_total`,
      `observations_by_educator`, `observations_before_midpoint`) required by
      `today` (today by default) that are not recorded, earliest due first;
    - an empty list means none is overdue; None means the app cannot tell;
    - a fixed number of queries however many placements are passed.

    """
    from .checklist import overdue_for

    return overdue_for(list(placements), today=today)


def sessions_for_placement(placement: Placement, user) -> QuerySet[SupervisionSession]:
    """The placement's supervision records, newest first, with what a list shows."""
    return (
        SupervisionSession.objects.filter(placement=placement)
        .select_related("placement", "placement__student", "placement__practice_educator")
        .select_related("amends")
        .order_by("-date", "-starts_at", "-pk")
    )


def observations_for_placement(placement: Placement) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(placement=placement)
        .select_related("observer", "placement", "placement__student")
        .order_by("date", "pk")
    )
