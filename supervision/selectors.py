"""Reads about supervision that other apps depend on.

University oversight (placements.oversight) reads weekly supervision and
direct observations only through the two functions below, so the placement
RAG status does not need to know how supervision is recorded.

The supervision app has no records yet (issue 5 builds them), so both answer
None ("no data") for every placement: there is nothing to read, and the RAG
rules show that as "no data", never as green. Issue 5 replaces the bodies and
must keep the contract written in each docstring (the oversight tests pin it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from placements.models import Placement


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

    Until supervision records exist the answer is None for every placement.
    """
    return {placement.pk: None for placement in placements}


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

    Until observation records exist the answer is None for every placement.
    """
    return {placement.pk: None for placement in placements}
