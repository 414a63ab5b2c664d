"""The direct-observation checklist per placement (issue 5, requirement 5).

PLACEHOLDER while the lead's helper writes it this session: the interface is
fixed, the rules are not written yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

MET = "met"
DUE = "due"
OVERDUE = "overdue"


@dataclass(frozen=True)
class ChecklistLine:
    requirement: str  # "At least 1 observation before the midpoint (12 January 2027)"
    required: int
    done: int
    due_on: date
    state: str  # MET, DUE or OVERDUE


@dataclass(frozen=True)
class Checklist:
    lines: tuple[ChecklistLine, ...] = ()
    observations: tuple = field(default=())  # the placement's observations, oldest first


def checklists_for(placements: Iterable, *, today: date | None = None) -> dict[int, Checklist]:
    return {p.pk: Checklist() for p in placements}


def observation_checklist(placement, *, today: date | None = None) -> Checklist:
    return checklists_for([placement], today=today)[placement.pk]


def overdue_for(placements: Iterable, *, today: date | None = None) -> dict:
    return {p.pk: None for p in placements}
