"""Reads of direct observations: the observations a placement should have had
and has not (the contract university oversight reads, through
supervision.oversight) and a placement's observations for the pages.

The arithmetic lives in supervision/checklist.py; the contract is in the
docstring below (the oversight tests pin it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from placements.models import Placement

from ..models import Observation


@dataclass(frozen=True)
class OverdueObservation:
    """A direct observation the course's rule required by `due_on` that has not happened."""

    description: str  # a short phrase, e.g. "the one before the midpoint"
    due_on: date


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
    from ..checklist import overdue_for

    return overdue_for(list(placements), today=today)


def observations_done_for(placement_ids: Iterable[int]) -> dict[int, int]:
    """{placement pk: direct observations done}, counted by the database in one
    query as the checklist counts them (supervision.checklist.counted): taken place,
    and a record and the amendment correcting it once. A placement without any is
    left out."""
    rows = (
        Observation.objects.filter(
            placement_id__in=list(placement_ids),
            status__in=Observation.DONE_STATUSES,
            amendment__isnull=True,
        )
        .order_by()
        .values("placement_id")
        .annotate(done=Count("pk"))
    )
    return {row["placement_id"]: row["done"] for row in rows}


def observations_for_placement(placement: Placement) -> QuerySet[Observation]:
    return (
        Observation.objects.filter(placement=placement)
        .select_related("observer", "placement", "placement__student")
        .order_by("date", "pk")
    )
