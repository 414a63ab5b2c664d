"""The direct-observation checklist per placement (issue 5, requirement 5).

Each course sets its rule (placements.Course): so many observations in total,
so many of them by the practice educator, so many before the midpoint. The
checklist shows each part as a line, met, due (with its date) or overdue:

- "before the midpoint" is due on the midpoint (placements.oversight.midpoint_of),
  and an observation on the midpoint itself counts;
- "by the practice educator" and "in total" are due on the placement's last day.

An observation counts once it has taken place (Observation.DONE_STATUSES: a
planned or cancelled one does not) and only as the newest version of its
amendment chain, so a locked original and its correction count once.

`overdue_for` feeds the university RAG status (supervision.selectors keeps its
contract). Everything here reads all the placements' observations in one query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from placements.models import Course, Placement
from portal.dates import long_date
from portal.request_cache import per_request

from .models import Observation

MET = "met"
DUE = "due"
OVERDUE = "overdue"

STATE_LABELS = {MET: "Met", DUE: "Due", OVERDUE: "Overdue"}

# Which line an observation counts towards.
BEFORE_MIDPOINT = "before_midpoint"
BY_EDUCATOR = "by_educator"
TOTAL = "total"

_ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)


@dataclass(frozen=True)
class ChecklistLine:
    requirement: str  # "At least 1 observation before the midpoint (12 January 2027)"
    required: int
    done: int
    due_on: date
    state: str  # MET, DUE or OVERDUE
    kind: str = TOTAL  # BEFORE_MIDPOINT, BY_EDUCATOR or TOTAL

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def missing(self) -> int:
        return max(self.required - self.done, 0)


@dataclass(frozen=True)
class Checklist:
    lines: tuple[ChecklistLine, ...] = ()
    observations: tuple = field(default=())  # the placement's observations, oldest first

    @property
    def all_met(self) -> bool:
        return all(line.state == MET for line in self.lines)


def _observations(count: int) -> str:
    return "observation" if count == 1 else "observations"


def counted(observations: Iterable[Observation]) -> list[Observation]:
    """The observations that count: taken place, and not replaced by an amendment.

    `observations` must hold whole amendment chains (all of a placement's
    observations do: a correction belongs to the same placement).
    """
    observations = list(observations)
    superseded = {o.amends_id for o in observations if o.amends_id is not None}
    return [o for o in observations if o.pk not in superseded and o.took_place]


def _state(done: int, required: int, due_on: date, today: date) -> str:
    if done >= required:
        return MET
    return OVERDUE if today > due_on else DUE


def _lines(placement: Placement, course: Course, observations, today: date) -> tuple:
    from placements.oversight import midpoint_of

    midpoint = midpoint_of(placement)
    ends = placement.ends_on
    done = counted(observations)
    by_educator = sum(
        1 for o in done if o.observer_role == Observation.ObserverRole.PRACTICE_EDUCATOR
    )
    before_midpoint = sum(1 for o in done if o.date <= midpoint)
    lines = []
    need = course.observations_before_midpoint
    if need:
        lines.append(
            ChecklistLine(
                requirement=f"At least {need} {_observations(need)} before the midpoint "
                f"({long_date(midpoint)})",
                required=need,
                done=before_midpoint,
                due_on=midpoint,
                state=_state(before_midpoint, need, midpoint, today),
                kind=BEFORE_MIDPOINT,
            )
        )
    need = course.observations_by_educator
    if need:
        lines.append(
            ChecklistLine(
                requirement=f"At least {need} {_observations(need)} by the practice educator",
                required=need,
                done=by_educator,
                due_on=ends,
                state=_state(by_educator, need, ends, today),
                kind=BY_EDUCATOR,
            )
        )
    need = course.observations_total
    lines.append(
        ChecklistLine(
            requirement=f"{need} {_observations(need)} in total",
            required=need,
            done=len(done),
            due_on=ends,
            state=_state(len(done), need, ends, today),
            kind=TOTAL,
        )
    )
    return tuple(lines)


def _courses(placements: list[Placement]) -> dict[int, Course]:
    """The placements' courses: those already loaded, and the rest in one query."""
    known = {}
    missing = set()
    course_field = Placement._meta.get_field("course")
    for placement in placements:
        if course_field.is_cached(placement):
            known[placement.course_id] = placement.course
        else:
            missing.add(placement.course_id)
    missing -= set(known)
    if missing:
        known.update(Course.objects.in_bulk(missing))
    return known


# What the checklist's arithmetic reads from an observation (`counted`, `_lines`).
_COUNTED_FIELDS = ("placement_id", "amends_id", "status", "observer_role", "date")


def _observations_by_placement(
    placements: list[Placement], *, slim: bool = False
) -> dict[int, list[Observation]]:
    """Each placement's observations, with their observers; `slim`: only the fields
    the arithmetic reads (for RAG over many placements, where none is shown)."""
    if not placements:
        return {}
    pks = tuple(sorted({p.pk for p in placements}))
    # One placement's (its page: progress, RAG and checklist) are read whole, once.
    return _observation_rows(pks, slim and len(pks) > 1)


@per_request
def _observation_rows(pks: tuple[int, ...], slim: bool) -> dict[int, list[Observation]]:
    """One query, kept for the request: the placement page's progress panel and its
    checklist read the same placement's observations (callers must not change them)."""
    grouped: dict[int, list[Observation]] = defaultdict(list)
    rows = Observation.objects.filter(placement_id__in=pks).order_by("date", "pk")
    rows = rows.only(*_COUNTED_FIELDS) if slim else rows.select_related("observer")
    for observation in rows:
        grouped[observation.placement_id].append(observation)
    return dict(grouped)


def checklists_for(
    placements: Iterable, *, today: date | None = None, slim: bool = False
) -> dict[int, Checklist]:
    """The checklist of each placement (its pk), in a fixed number of queries.
    With `slim`, its observations carry only what the lines are worked out from."""
    placements = list(placements)
    today = today or timezone.localdate()
    courses = _courses(placements)
    grouped = _observations_by_placement(placements, slim=slim)
    result = {}
    for placement in placements:
        observations = grouped.get(placement.pk, [])
        result[placement.pk] = Checklist(
            lines=_lines(placement, courses[placement.course_id], observations, today),
            observations=tuple(observations),
        )
    return result


def observation_checklist(placement, *, today: date | None = None) -> Checklist:
    return checklists_for([placement], today=today)[placement.pk]


def _ordinal(number: int) -> str:
    return _ORDINALS[number - 1] if 0 < number <= len(_ORDINALS) else f"number {number}"


def _overdue(checklist: Checklist):
    from .selectors.observations import OverdueObservation

    lines = {line.kind: line for line in checklist.lines if line.state == OVERDUE}
    overdue = []
    midpoint = lines.get(BEFORE_MIDPOINT)
    if midpoint is not None:
        for number in range(midpoint.done + 1, midpoint.required + 1):
            which = "one" if midpoint.required == 1 else _ordinal(number)
            overdue.append(OverdueObservation(f"the {which} before the midpoint", midpoint.due_on))
    educator = lines.get(BY_EDUCATOR)
    if educator is not None:
        for number in range(educator.done + 1, educator.required + 1):
            which = "one" if educator.required == 1 else _ordinal(number)
            overdue.append(
                OverdueObservation(f"the {which} by the practice educator", educator.due_on)
            )
    total = lines.get(TOTAL)
    if total is not None:
        # The observations listed above count towards the total too: list only the
        # ones the total needs on top of them.
        extra = total.missing - len(overdue)
        for number in range(total.required - extra + 1, total.required + 1):
            overdue.append(OverdueObservation(f"the {_ordinal(number)} observation", total.due_on))
    return sorted(overdue, key=lambda item: item.due_on)


def overdue_for(placements: Iterable, *, today: date | None = None) -> dict:
    """The observations each placement should have had by `today` and has not
    (the contract is on supervision.selectors.observations.observations_overdue_for).

    Only a live placement that has started can be behind; any other answers an
    empty list (a draft has nothing due yet; a finished one is no longer rated).
    """
    placements = list(placements)
    today = today or timezone.localdate()
    rated = [p for p in placements if p.status in Placement.LIVE_STATUSES and p.starts_on <= today]
    checklists = checklists_for(rated, today=today, slim=True)
    return {p.pk: _overdue(checklists[p.pk]) if p.pk in checklists else [] for p in placements}
