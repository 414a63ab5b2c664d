"""The shape of a status transition table (DESIGN.md: one table per model, one
service that applies it).

Each move names who may take it (a `rules` predicate on the record), the
checks that must pass, and whether it needs a reason; pages and the API read
the tables to know which buttons to offer, and each app's one apply function
runs them. Supervision records and casework plans, requests and assessments
use this shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rules.predicates import Predicate

Check = Callable[[object], list[str]]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: frozenset[str]
    target: str
    who: Predicate
    who_text: str
    explanation: str  # shown on the confirmation page
    needs_reason: bool = False
    checks: tuple[Check, ...] = field(default=())
    signs: str = ""  # the signature capacity this move is taken by, if any
    warning: bool = False

    def allowed_from(self, status: str) -> bool:
        return status in self.sources


def available(table: dict[str, Transition], record, user) -> list[Transition]:
    """The moves `user` may offer on `record` now (checks are run when applied)."""
    return [t for t in table.values() if t.allowed_from(record.status) and t.who(user, record)]
