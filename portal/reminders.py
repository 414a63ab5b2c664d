"""The daily reminder digest's sources beyond supervision.

Supervision owns the digest (supervision/services/reminders.py: one digest a
person a day, each reminder sent once). Apps that come later and must not be
imported by it (Life Story Books' deadlines) register a source here at start-up:
a function `(today) -> list[Due]`. Each `Due` names its person, a rule
(`DEADLINE` for a date coming or passed), a subject unique to what it is about
(so it is sent once), the text and a link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

DEADLINE = "deadline"


@dataclass(frozen=True)
class Due:
    """A reminder a rule found (not yet sent)."""

    user: Any
    rule: str
    subject: str
    text: str
    url: str


Source = Callable[[date], list[Due]]
_sources: list[Source] = []


def reminder_source(source: Source) -> Source:
    if source not in _sources:
        _sources.append(source)
    return source


def reminders_from_sources(today: date) -> list[Due]:
    return [due for source in _sources for due in source(today)]
