"""The evaluation of a programme (requirement 7), read by the page, its CSV,
the API and `seed_outcomes` alike, so they cannot disagree.

Cohort: the enrolments of the programme that were *completed* (not those that
did not complete or left) with their end date (`ended_on`) in the range; the
children are the children on those enrolments' referrals.

Child protection plans, after NEF's 2015 evaluation of POCAR (DOMAIN.md):
reduction at t = (CP plans at baseline − CP plans at t) / CP plans at baseline.
- Baseline: the referral-point check (what the referrer gave).
- The comparison at t (3 or 12 months after the end) is made over the cohort's
  children whose check at t is recorded, counting *every* one of them on a plan
  (a child who was not on a plan at referral and is at t counts against the
  programme, as NEF counted plans, not the baseline children only). A check
  still due is in neither side, so missing answers never pass for a fall; how
  many are still due is shown beside the figures.
- Percentages are whole numbers, halves rounded up (52.5 % reads 53 %).

Every figure carries `n`, the size of the group it describes; a figure whose n
is under 5 is suppressed ("fewer than 5"), to keep families unidentifiable.
Only recorded checks count. Five queries whatever the cohort's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F
from django.utils import timezone

from ..models import (
    Enrolment,
    KeyworkGoal,
    OutcomeCheck,
    Programme,
    ReferredChild,
    SelfEsteemScore,
    SocialCareStatus,
)

MIN_GROUP = 5
SUPPRESSED_TEXT = f"fewer than {MIN_GROUP}"

P = OutcomeCheck.Point
CP = SocialCareStatus.CP
LAC = SocialCareStatus.LAC
FOLLOW_UPS = (P.COMPLETION, P.THREE_MONTHS, P.TWELVE_MONTHS)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float | None
    n: int
    unit: str = ""  # "%" or "points"; a count of children has none
    n_of: str = "children"

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_GROUP

    @property
    def display(self) -> str:
        """How the figure reads on the page."""
        if self.suppressed:
            return SUPPRESSED_TEXT
        if self.value is None:
            return "not enough records"
        if self.unit == "%":
            return f"{self.value}%"
        if self.unit == "points":
            return f"{self.value:+.1f}"
        return str(self.value)

    @property
    def shown(self) -> int | float | None:
        """The value, or None where it is suppressed (or cannot be worked out)."""
        return None if self.suppressed else self.value


@dataclass
class Evaluation:
    programme: Programme
    date_from: date | None
    date_to: date | None
    enrolments: int
    n_children: int
    figures: dict[str, Figure] = field(default_factory=dict)
    # Follow-up checks of the cohort not recorded yet: {point: (still due, of which overdue)}.
    still_due: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def suppressed(self) -> list[str]:
        return [key for key, figure in self.figures.items() if figure.suppressed]

    @property
    def checks_still_due(self) -> int:
        return sum(due for due, _overdue in self.still_due.values())

    def value(self, key: str):
        return self.figures[key].shown


def percent(part: int, whole: int) -> int | None:
    """`part` of `whole` as a whole-number percentage, halves rounded up."""
    if not whole:
        return None
    exact = Decimal(part) * 100 / Decimal(whole)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _mean(values: list[int]) -> float | None:
    if not values:
        return None
    exact = Decimal(sum(values)) / Decimal(len(values))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def cohort(programme: Programme, date_from: date | None, date_to: date | None):
    enrolments = Enrolment.objects.filter(programme=programme, status=Enrolment.Status.COMPLETED)
    if date_from:
        enrolments = enrolments.filter(ended_on__gte=date_from)
    if date_to:
        enrolments = enrolments.filter(ended_on__lte=date_to)
    return enrolments


def programme_evaluation(
    programme: Programme,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    today: date | None = None,
) -> Evaluation:
    today = today or timezone.localdate()
    enrolments = cohort(programme, date_from, date_to)
    children = list(
        ReferredChild.objects.filter(referral__enrolment__in=enrolments).values_list(
            "pk", flat=True
        )
    )
    status: dict[int, dict[str, str]] = {pk: {} for pk in children}
    still_due = {point: [0, 0] for point in FOLLOW_UPS}
    for child_id, point, recorded, due_on in OutcomeCheck.objects.filter(
        child__referral__enrolment__in=enrolments
    ).values_list("child_id", "point", "status", "due_on"):
        if recorded:
            status.setdefault(child_id, {})[point] = recorded
        elif point in still_due:
            still_due[point][0] += 1
            still_due[point][1] += due_on < today
    evaluation = Evaluation(
        programme=programme,
        date_from=date_from,
        date_to=date_to,
        enrolments=enrolments.count(),
        n_children=len(children),
        still_due={point: (due, overdue) for point, (due, overdue) in still_due.items()},
    )
    add = evaluation.figures.__setitem__
    with_baseline = [s for s in status.values() if P.REFERRAL in s]
    add(
        "cp_plans_baseline",
        Figure(
            "cp_plans_baseline",
            "Children on a child protection plan at referral",
            sum(s[P.REFERRAL] == CP for s in with_baseline),
            len(with_baseline),
            n_of="children with their status at referral",
        ),
    )
    for point, words in ((P.THREE_MONTHS, "3 months"), (P.TWELVE_MONTHS, "12 months")):
        compared = [s for s in with_baseline if point in s]
        baseline = sum(s[P.REFERRAL] == CP for s in compared)
        at_t = sum(s[point] == CP for s in compared)
        add(
            f"cp_plans_{point}",
            Figure(
                f"cp_plans_{point}",
                f"Children on a child protection plan {words} after completing",
                at_t,
                len(compared),
                n_of=f"children with the {words} check recorded",
            ),
        )
        add(
            f"cp_reduction_{point}",
            Figure(
                f"cp_reduction_{point}",
                f"Reduction in child protection plans {words} after completing",
                percent(baseline - at_t, baseline),
                baseline,
                unit="%",
                n_of="children on a plan at referral (of those with the check recorded)",
            ),
        )
    twelve = [s for s in with_baseline if P.TWELVE_MONTHS in s and s[P.REFERRAL] != LAC]
    became = sum(any(s.get(p) == LAC for p in FOLLOW_UPS) for s in twelve)
    add(
        "looked_after_12m",
        Figure(
            "looked_after_12m",
            "Children who became looked after by 12 months after completing",
            percent(became, len(twelve)),
            len(twelve),
            unit="%",
            n_of="children not looked after at referral, with the 12-month check recorded",
        ),
    )
    both = [s for s in status.values() if P.COMPLETION in s and P.THREE_MONTHS in s]
    add(
        "status_changes_3m",
        Figure(
            "status_changes_3m",
            "Children whose status changed between completion and 3 months after",
            sum(s[P.COMPLETION] != s[P.THREE_MONTHS] for s in both),
            len(both),
            n_of="children with both checks recorded",
        ),
    )
    goals = KeyworkGoal.objects.filter(
        plan__enrolment__in=enrolments, score_end__isnull=False
    ).aggregate(change=Avg(F("score_end") - F("score_start")), n=Count("pk"))
    add(
        "goal_change",
        Figure(
            "goal_change",
            "Parents' goal scores: mean change from the start to the end (0 to 10)",
            None if goals["change"] is None else _mean_of_avg(goals["change"]),
            goals["n"],
            unit="points",
            n_of="goals scored at the start and the end",
        ),
    )
    scores: dict[int, dict[str, int]] = {}
    for enrolment_id, point, score in SelfEsteemScore.objects.filter(
        enrolment__in=enrolments
    ).values_list("enrolment_id", "point", "score"):
        scores.setdefault(enrolment_id, {})[point] = score
    changes = [s["end"] - s["start"] for s in scores.values() if "start" in s and "end" in s]
    add(
        "rosenberg_change",
        Figure(
            "rosenberg_change",
            "Parents' Rosenberg self-esteem: mean change from the start to the end (0 to 30)",
            _mean(changes),
            len(changes),
            unit="points",
            n_of="parents scored at the start and the end",
        ),
    )
    return evaluation


def _mean_of_avg(value) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
