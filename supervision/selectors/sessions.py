"""Reads of supervision records: the weeks a placement went without its weekly
supervision (the contract university oversight reads, through
supervision.oversight) and a placement's records for the pages.

The arithmetic lives in supervision/compliance.py; the contract is in the
docstring below (the oversight tests pin it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Max, QuerySet

from placements.models import Placement

from ..models import SupervisionSession


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
    from ..compliance import gaps_for

    return gaps_for(list(placements), today=today)


def supervision_held_for(placement_ids: Iterable[int]) -> dict[int, tuple[int, date]]:
    """{placement pk: (supervision sessions held, the date of the last)}, counted by
    the database in one query. A session held is one that took place (HELD_STATUSES);
    a record and the amendment correcting it count once. A placement without any
    is left out."""
    rows = (
        SupervisionSession.objects.filter(
            placement_id__in=list(placement_ids),
            status__in=SupervisionSession.HELD_STATUSES,
            amendment__isnull=True,
        )
        .order_by()
        .values("placement_id")
        .annotate(held=Count("pk"), last=Max("date"))
    )
    return {row["placement_id"]: (row["held"], row["last"]) for row in rows}


def sessions_for_placement(placement: Placement, user) -> QuerySet[SupervisionSession]:
    """The placement's supervision records, newest first, with what a list shows."""
    return (
        SupervisionSession.objects.filter(placement=placement)
        .select_related("placement", "placement__student", "placement__practice_educator")
        .select_related("amends")
        .order_by("-date", "-starts_at", "-pk")
    )
