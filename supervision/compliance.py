"""Weekly supervision against the course minimum (issue 5, requirement 4).

PLACEHOLDER while the lead's helper writes it this session: the interface is
fixed, the arithmetic is not written yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ComplianceWeek:
    monday: date
    placement_days: int  # placement days the ledger has in the week
    minutes: int  # supervision minutes held in the week (current versions only)
    minimum: int  # the course's weekly_supervision_minutes
    counted: bool  # the week has placement days and is over (or is the current week)
    met: bool | None  # None: not counted


@dataclass(frozen=True)
class Compliance:
    minimum: int
    weeks: tuple[ComplianceWeek, ...]
    percentage: int | None  # weeks met / weeks counted (full weeks only); None if none


def compliance_for_many(
    placements: Iterable, *, today: date | None = None
) -> dict[int, Compliance]:
    return {p.pk: Compliance(p.course.weekly_supervision_minutes, (), None) for p in placements}


def compliance_for(placement, *, today: date | None = None) -> Compliance:
    return compliance_for_many([placement], today=today)[placement.pk]


def gaps_for(placements: Iterable, *, today: date | None = None) -> dict[int, list[date] | None]:
    return {p.pk: None for p in placements}
