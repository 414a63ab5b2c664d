"""Reads for a child's support-group history page (issue 19, requirement 6).

The page shows one child of a Children's Program family: their steps (queued,
attending, finished) in date order, what the family said when they registered,
and, for each run the family holds a place on, whether the run came before or
after the support group (selectors.support_groups.support_group_path)."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import ReferredChild, RunPlace, SupportGroupStep
from .support_groups import PATHS, support_group_path


@dataclass(frozen=True)
class RunPath:
    place: RunPlace
    path: str  # support_groups.BEFORE, AFTER or NONE
    label: str


def child_for_support_group_page(pk: int) -> ReferredChild | None:
    return ReferredChild.objects.select_related("referral__programme").filter(pk=pk).first()


def support_group_steps(child: ReferredChild) -> list[SupportGroupStep]:
    """The child's steps, oldest first, with who recorded each."""
    return list(
        SupportGroupStep.objects.filter(child=child)
        .select_related("recorded_by")
        .order_by("on", "pk")
    )


def run_paths(child: ReferredChild, steps: list[SupportGroupStep]) -> list[RunPath]:
    """The family's held places (invited or arrived), soonest run first, each with
    whether that run came before or after the child's support group."""
    places = (
        RunPlace.objects.filter(referral_id=child.referral_id, status__in=RunPlace.HOLDING)
        .select_related("run")
        .order_by("run__starts_on", "pk")
    )
    rows = []
    for place in places:
        path = support_group_path(child, place.run.starts_on, steps=steps)
        rows.append(RunPath(place=place, path=path, label=str(PATHS[path])))
    return rows
