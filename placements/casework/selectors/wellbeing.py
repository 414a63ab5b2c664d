"""Reads: wellbeing measures, per child and aggregated for co-ordinators.

A child's change on a scale is their last-session total minus their
first-session total on the same plan; only children with both count. Every
read here runs a fixed number of queries whatever the number of rows: the
measures come back as plain values and are paired up in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q

from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role

from ..measures import SCALES, Scale
from ..models import Allocation, Child, DirectWorkPlan, PlanChild, WellbeingMeasure
from ..rules import HOLDING_KINDS
from . import allocation_window

# Groups smaller than this are shown without scores, so that no child's own
# results can be worked out from a report (issue 6, requirement 5).
MIN_GROUP_SIZE = 5
SUPPRESSED_TEXT = "Fewer than 5 children: not shown, to protect their privacy"


@dataclass
class Change:
    """One child's first and last totals on one scale of one plan."""

    plan_id: int
    child_id: int
    scale: Scale
    first: int | None = None
    last: int | None = None
    first_pk: int | None = None
    last_pk: int | None = None

    @property
    def complete(self) -> bool:
        return self.first is not None and self.last is not None

    @property
    def change(self) -> int | None:
        return self.last - self.first if self.complete else None

    @property
    def first_low(self) -> bool:
        return self.scale.is_low(self.first)

    @property
    def last_low(self) -> bool:
        return self.scale.is_low(self.last)


def _pair(rows: Iterable[dict]) -> dict[tuple[int, int, str], Change]:
    """Rows with plan_id, child_id, scale, point, total, pk → a Change per plan, child and scale."""
    pairs: dict[tuple[int, int, str], Change] = {}
    for row in rows:
        key = (row["plan_id"], row["child_id"], row["scale"])
        change = pairs.get(key)
        if change is None:
            change = pairs[key] = Change(row["plan_id"], row["child_id"], SCALES[row["scale"]])
        if row["point"] == WellbeingMeasure.Point.FIRST:
            change.first, change.first_pk = row["total"], row["pk"]
        else:
            change.last, change.last_pk = row["total"], row["pk"]
    return pairs


MEASURE_VALUES = ("pk", "plan_id", "child_id", "scale", "point", "total")


# --- one child -----------------------------------------------------------------------


@dataclass
class PlanWellbeing:
    member: PlanChild
    changes: list[Change]  # one per scale, in SCALES order


def wellbeing_for_child(child: Child) -> list[PlanWellbeing]:
    """Each plan `child` is on, with their first and last totals per scale (2 queries)."""
    members = list(
        PlanChild.objects.filter(child=child)
        .select_related("plan__school")
        .order_by("-plan__first_session_on", "-plan__pk")
    )
    pairs = _pair(WellbeingMeasure.objects.filter(child=child).values(*MEASURE_VALUES))
    result = []
    for member in members:
        changes = [
            pairs.get((member.plan_id, child.pk, key)) or Change(member.plan_id, child.pk, scale)
            for key, scale in SCALES.items()
        ]
        result.append(PlanWellbeing(member=member, changes=changes))
    return result


def measures_for(plan: DirectWorkPlan, child: Child) -> dict[tuple[str, str], WellbeingMeasure]:
    """The measures recorded for `child` on `plan`, by (scale, point)."""
    return {(m.scale, m.point): m for m in WellbeingMeasure.objects.filter(plan=plan, child=child)}


# --- a practice educator's students' children ----------------------------------------


@dataclass
class EducatorRow:
    child: Child
    plan: DirectWorkPlan
    changes: list[Change]


def educator_wellbeing(user: User, *, limit: int = 25) -> list[EducatorRow]:
    """Children of the students `user` oversees with any measure recorded (3 queries)."""
    children = Allocation.objects.filter(allocation_window(), practice_educator=user).values(
        "child_id"
    )
    measured = WellbeingMeasure.objects.filter(plan=OuterRef("plan"), child=OuterRef("child"))
    members = list(
        PlanChild.objects.filter(Exists(measured), child_id__in=children)
        .select_related("child", "plan__school")
        .order_by("-plan__first_session_on", "child__reference")[:limit]
    )
    if not members:
        return []
    pairs = _pair(
        WellbeingMeasure.objects.filter(
            Q(plan_id__in={m.plan_id for m in members})
            & Q(child_id__in={m.child_id for m in members})
        ).values(*MEASURE_VALUES)
    )
    rows = []
    for member in members:
        changes = [
            pairs.get((member.plan_id, member.child_id, key))
            or Change(member.plan_id, member.child_id, scale)
            for key, scale in SCALES.items()
        ]
        rows.append(EducatorRow(child=member.child, plan=member.plan, changes=changes))
    return rows


# --- the co-ordinators' report -------------------------------------------------------


def academic_year(day: date) -> str:
    """The English school year a date falls in, from 1 September: "2026/27"."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


@dataclass
class Group:
    label: str
    children: int
    mean_first: float | None
    mean_last: float | None
    mean_change: float | None

    @property
    def shown(self) -> bool:
        return self.children >= MIN_GROUP_SIZE


@dataclass
class Bar:
    label: str
    value: float
    x: float
    width: float
    y: float
    text_x: float
    negative: bool

    @property
    def text_y(self) -> float:
        return round(self.y + 17, 1)


@dataclass
class Chart:
    bars: list[Bar]
    hidden: list[str]
    height: float
    zero_x: float
    label_width: float
    width: float
    top: float

    @property
    def axis_bottom(self) -> float:
        return self.height - 4

    @property
    def label_x(self) -> float:
        return self.label_width - 10


@dataclass
class ScaleReport:
    scale: Scale
    by_school: list[Group] = field(default_factory=list)
    by_theme: list[Group] = field(default_factory=list)
    by_cohort: list[Group] = field(default_factory=list)
    children: int = 0
    chart: Chart | None = None

    @property
    def groupings(self) -> list[tuple[str, str, list[Group]]]:
        return [
            ("school", "By school", self.by_school),
            ("theme", "By theme", self.by_theme),
            ("cohort", "By cohort (school year the work started)", self.by_cohort),
        ]


def report_organisations(user: User) -> list[Organisation] | None:
    """The organisations whose children `user` reports on; None means all (admin)."""
    if user.is_portal_admin:
        return None
    return [o for o in user.organisations_where(Role.COORDINATOR) if o.kind in HOLDING_KINDS]


def _group(label: str, changes: list[Change]) -> Group:
    children = len({c.child_id for c in changes})
    if children < MIN_GROUP_SIZE:
        return Group(label, children, None, None, None)
    count = len(changes)
    return Group(
        label,
        children,
        round(sum(c.first for c in changes) / count, 1),
        round(sum(c.last for c in changes) / count, 1),
        round(sum(c.change for c in changes) / count, 1),
    )


def _groups(buckets: dict[str, list[Change]]) -> list[Group]:
    return [_group(label, buckets[label]) for label in sorted(buckets)]


CHART_WIDTH = 640.0
CHART_LABEL_WIDTH = 220.0
CHART_BAR_HEIGHT = 24.0
CHART_GAP = 12.0
CHART_TOP = 8.0


def _chart(groups: list[Group]) -> Chart:
    """Horizontal bars of mean change by school, drawn around a zero line."""
    shown = [g for g in groups if g.shown]
    hidden = [g.label for g in groups if not g.shown]
    span = max([abs(g.mean_change) for g in shown] + [1.0])
    plot_left = CHART_LABEL_WIDTH
    plot_right = CHART_WIDTH - 60
    zero_x = plot_left + (plot_right - plot_left) / 2
    half = (plot_right - plot_left) / 2
    bars = []
    for index, group in enumerate(shown):
        length = half * abs(group.mean_change) / span
        negative = group.mean_change < 0
        x = zero_x - length if negative else zero_x
        y = CHART_TOP + index * (CHART_BAR_HEIGHT + CHART_GAP)
        bars.append(
            Bar(
                label=group.label,
                value=group.mean_change,
                x=round(x, 1),
                width=round(max(length, 1.0), 1),
                y=round(y, 1),
                text_x=round((x - 6) if negative else (x + length + 6), 1),
                negative=negative,
            )
        )
    height = CHART_TOP * 2 + max(len(bars), 1) * (CHART_BAR_HEIGHT + CHART_GAP)
    return Chart(
        bars=bars,
        hidden=hidden,
        height=round(height, 1),
        zero_x=round(zero_x, 1),
        label_width=CHART_LABEL_WIDTH,
        width=CHART_WIDTH,
        top=CHART_TOP,
    )


def wellbeing_report(user: User) -> list[ScaleReport]:
    """Change from first to last session by school, theme and cohort, per scale.

    Children with both a first and a last measure on the same plan count. The
    cohort is the school year (from 1 September) of the plan's first session.
    Three queries whatever the number of children.
    """
    organisations = report_organisations(user)
    measures = WellbeingMeasure.objects.all()
    if organisations is not None:
        measures = measures.filter(child__held_by__in=organisations)
    rows = list(measures.values(*MEASURE_VALUES, "plan__school__name", "plan__first_session_on"))
    plan_info = {r["plan_id"]: (r["plan__school__name"], r["plan__first_session_on"]) for r in rows}
    themes: dict[int, list[str]] = defaultdict(list)
    if plan_info:
        for plan_id, name in DirectWorkPlan.themes.through.objects.filter(
            directworkplan_id__in=plan_info
        ).values_list("directworkplan_id", "theme__name"):
            themes[plan_id].append(name)
    complete = [c for c in _pair(rows).values() if c.complete]
    reports = []
    for key, scale in SCALES.items():
        changes = [c for c in complete if c.scale.key == key]
        by_school: dict[str, list[Change]] = defaultdict(list)
        by_theme: dict[str, list[Change]] = defaultdict(list)
        by_cohort: dict[str, list[Change]] = defaultdict(list)
        for change in changes:
            school, first_session_on = plan_info[change.plan_id]
            by_school[school].append(change)
            by_cohort[academic_year(first_session_on)].append(change)
            for theme in themes.get(change.plan_id) or ["No theme recorded"]:
                by_theme[theme].append(change)
        report = ScaleReport(
            scale=scale,
            by_school=_groups(by_school),
            by_theme=_groups(by_theme),
            by_cohort=_groups(by_cohort),
            children=len({c.child_id for c in changes}),
        )
        report.chart = _chart(report.by_school)
        reports.append(report)
    return reports


def coordinator_wellbeing_summary(user: User) -> dict:
    """How many children of `user`'s organisations have first and last measures (1 query)."""
    organisations = report_organisations(user)
    measures = WellbeingMeasure.objects.all()
    if organisations is not None:
        measures = measures.filter(child__held_by__in=organisations)
    pairs = _pair(measures.values(*MEASURE_VALUES))
    return {
        "children_measured": len({c.child_id for c in pairs.values() if c.complete}),
    }
