"""Reads of enrolment and delivery (issue 18, requirement 4).

- The strand rule: which group strand a referred parent joins, or why they have
  keywork only (`strand_for`), read by the enrolment service and the enrol page.
- Attendance: the sessions offered to a parent and those they came to, for one
  enrolment or a list of them in a constant number of queries.
- Who is expected at a group session (its register and creche).
- The keywork plan's next review.
- What the pages read, with the joins that keep their queries flat.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.accounts.models import User

from ..models import (
    Attendance,
    CrecheBooking,
    Enrolment,
    GroupSession,
    KeyworkPlan,
    KeyworkSession,
    Programme,
    Referral,
    Strand,
)
from ..models.delivery import KEYWORK_REVIEW_DAYS

REVIEW_WARNING_DAYS = 7  # a review is "due soon" a week before its date


# --- the strand rule ------------------------------------------------------------------


@dataclass(frozen=True)
class StrandChoice:
    strand: Strand | None
    keywork_only_reason: str  # empty when the parent joins the groups


def _the(name: str) -> str:
    """ "Men's group" -> "the men's group"."""
    return f"the {name[:1].lower()}{name[1:]}" if name else "the group"


def strand_for(referral: Referral) -> StrandChoice:
    """The strand for the parent's gender if it is running now; otherwise keywork only.

    POCAR's groups are gender-specific; when the strand for a parent is not
    running, the parent still joins the programme with keywork only (DOMAIN.md).
    A strand "for anyone" takes parents no gendered strand is for. A programme
    with groups but no strands meets as one group (strand None)."""
    programme = referral.programme
    if not programme.has_groups:
        return StrandChoice(None, "This programme has no group sessions, so keywork only.")
    strands = list(programme.strands.all())
    if not strands:
        return StrandChoice(None, "")
    candidates = [s for s in strands if s.for_gender and s.for_gender == referral.parent_gender]
    if not candidates:
        candidates = [s for s in strands if not s.for_gender]
    if not candidates:
        return StrandChoice(
            None, "No group strand is for this parent, so this parent has keywork only."
        )
    running = [s for s in candidates if s.running_now]
    if running:
        return StrandChoice(running[0], "")
    return StrandChoice(
        None,
        f"{_the(candidates[0].name).capitalize()} is not running now, "
        "so this parent has keywork only.",
    )


def ends_on_for(programme: Programme, starts_on: date) -> date:
    if programme.length_weeks:
        return starts_on + timedelta(weeks=programme.length_weeks)
    return starts_on + timedelta(days=programme.length_days or 0)


# --- attendance -----------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    offered: int
    attended: int

    @property
    def exact_share(self) -> Decimal:
        if not self.offered:
            return Decimal(0)
        return Decimal(self.attended * 100) / Decimal(self.offered)

    @property
    def share(self) -> int:
        """The share attended, in whole per cent (half rounds up)."""
        return int(self.exact_share.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def meets(self, percent: int) -> bool:
        """The completion rule: at least `percent` of the sessions offered, exactly."""
        return self.offered > 0 and self.attended * 100 >= percent * self.offered

    def share_text(self, percent: int | None = None) -> str:
        """'77%'; one decimal place where whole per cent would hide a shortfall ('74.6%')."""
        if percent is not None and self.share >= percent and not self.meets(percent):
            return f"{self.exact_share.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"
        return f"{self.share}%"

    def summary(self, percent: int) -> str:
        """'attended 20 of 26 sessions (77%); the programme asks for 75%'."""
        noun = "session" if self.offered == 1 else "sessions"
        return (
            f"attended {self.attended} of {self.offered} {noun} ({self.share_text(percent)}); "
            f"the programme asks for {percent}%"
        )


def in_groups(enrolment: Enrolment) -> bool:
    """Whether the parent joins group sessions (not keywork only)."""
    return not enrolment.keywork_only_reason


def _cutoff(enrolment: Enrolment, on: date) -> date:
    return min(on, enrolment.ends_on)


def attendance_for(enrolments, on: date | None = None) -> dict[int, Figures]:
    """{enrolment id: Figures} up to `on` (today), in three queries whatever the count.

    Offered: the group sessions of the parent's strand that were not cancelled,
    from the start date to `on` (or the end date, if sooner), and the keywork
    sessions recorded in that time. Attended: the registers' "present" marks and
    the keywork sessions the parent came to."""
    on = on or timezone.localdate()
    enrolments = [e for e in enrolments]
    if not enrolments:
        return {}
    ids = [e.pk for e in enrolments]
    grouped = [e for e in enrolments if in_groups(e)]
    sessions: dict[tuple[int, int | None], list[date]] = {}
    if grouped:
        earliest = min(e.starts_on for e in grouped)
        latest = max(_cutoff(e, on) for e in grouped)
        rows = (
            GroupSession.objects.filter(
                programme_id__in={e.programme_id for e in grouped},
                status=GroupSession.Status.SCHEDULED,
                on__gte=earliest,
                on__lte=latest,
            )
            .filter(
                Q(strand_id__in={e.strand_id for e in grouped if e.strand_id})
                | Q(strand__isnull=True)
            )
            .values_list("programme_id", "strand_id", "on")
        )
        for programme_id, strand_id, day in rows:
            sessions.setdefault((programme_id, strand_id), []).append(day)
    present: dict[int, list[date]] = {}
    for enrolment_id, day in Attendance.objects.filter(
        enrolment_id__in=ids,
        mark=Attendance.Mark.PRESENT,
        group_session__status=GroupSession.Status.SCHEDULED,
    ).values_list("enrolment_id", "group_session__on"):
        present.setdefault(enrolment_id, []).append(day)
    keywork: dict[int, list[tuple[date, bool]]] = {}
    for enrolment_id, day, came in KeyworkSession.objects.filter(enrolment_id__in=ids).values_list(
        "enrolment_id", "held_on", "attended"
    ):
        keywork.setdefault(enrolment_id, []).append((day, came))
    figures = {}
    for enrolment in enrolments:
        first, last = enrolment.starts_on, _cutoff(enrolment, on)

        def within(day: date, first=first, last=last) -> bool:
            return first <= day <= last

        offered = attended = 0
        if in_groups(enrolment):
            key = (enrolment.programme_id, enrolment.strand_id)
            offered += sum(1 for day in sessions.get(key, []) if within(day))
            attended += sum(1 for day in present.get(enrolment.pk, []) if within(day))
        kept = [came for day, came in keywork.get(enrolment.pk, []) if within(day)]
        offered += len(kept)
        attended += sum(1 for came in kept if came)
        figures[enrolment.pk] = Figures(offered=offered, attended=attended)
    return figures


def attendance_of(enrolment: Enrolment, on: date | None = None) -> Figures:
    return attendance_for([enrolment], on)[enrolment.pk]


# --- who is expected at a group session ---------------------------------------------


def expected_at(group_session: GroupSession) -> QuerySet[Enrolment]:
    """The parents on the session's register: active enrolments on its strand whose
    dates cover its day (on a programme without strands, everyone in the groups)."""
    enrolments = Enrolment.objects.filter(
        programme_id=group_session.programme_id,
        status=Enrolment.Status.ACTIVE,
        starts_on__lte=group_session.on,
        ends_on__gte=group_session.on,
        keywork_only_reason="",
    )
    if group_session.strand_id:
        enrolments = enrolments.filter(strand_id=group_session.strand_id)
    else:
        enrolments = enrolments.filter(strand__isnull=True)
    return enrolments.select_related("referral").order_by("referral__parent_name", "pk")


# --- keywork reviews -------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewDue:
    due_on: date
    state: str  # "overdue", "due" (within a week) or "" (later)

    @property
    def label(self) -> str:
        return {"overdue": "Review overdue", "due": "Review due soon"}.get(self.state, "")


def review_due(plan: KeyworkPlan, today: date | None = None) -> ReviewDue:
    """The plan is reviewed every 4 weeks from its last review (or its agreement)."""
    today = today or timezone.localdate()
    due_on = (plan.last_reviewed_on or plan.agreed_on) + timedelta(days=KEYWORK_REVIEW_DAYS)
    if due_on < today:
        state = "overdue"
    elif due_on <= today + timedelta(days=REVIEW_WARNING_DAYS):
        state = "due"
    else:
        state = ""
    return ReviewDue(due_on=due_on, state=state)


# --- what the pages read ---------------------------------------------------------------


def referral_for_enrolling(pk: int) -> Referral | None:
    return (
        Referral.objects.select_related("programme", "care_coordinator")
        .prefetch_related("programme__strands")
        .filter(pk=pk)
        .first()
    )


def enrolment_for_page(pk: int) -> Enrolment | None:
    return (
        Enrolment.objects.select_related(
            "referral", "referral__care_coordinator", "programme", "strand"
        )
        .prefetch_related("referral__children")
        .filter(pk=pk)
        .first()
    )


def keywork_plan_of(enrolment: Enrolment) -> KeyworkPlan | None:
    return KeyworkPlan.objects.prefetch_related("goals").filter(enrolment=enrolment).first()


def keywork_sessions_of(enrolment: Enrolment) -> QuerySet[KeyworkSession]:
    return enrolment.keywork_sessions.select_related("recorded_by").order_by("-held_on", "-pk")


def group_session_for_page(pk: int) -> GroupSession | None:
    return (
        GroupSession.objects.select_related("programme", "strand", "register_taken_by")
        .prefetch_related(
            Prefetch(
                "creche_bookings",
                queryset=CrecheBooking.objects.select_related("child", "child__referral"),
            ),
            Prefetch("students", queryset=User.objects.order_by("name", "pk")),
        )
        .filter(pk=pk)
        .first()
    )


def group_sessions_of(
    programme: Programme, *, month: date | None = None, strand: Strand | None = None
) -> QuerySet[GroupSession]:
    sessions = GroupSession.objects.filter(programme=programme)
    if month is not None:
        sessions = sessions.filter(on__year=month.year, on__month=month.month)
    if strand is not None:
        sessions = sessions.filter(strand=strand)
    return (
        sessions.select_related("strand", "register_taken_by")
        .annotate(
            present=Count(
                "attendances",
                filter=Q(attendances__mark=Attendance.Mark.PRESENT),
                distinct=True,
            ),
            creche=Count("creche_bookings", distinct=True),
        )
        .order_by("on", "starts_at", "pk")
    )


def marks_of(group_session: GroupSession) -> dict[int, str]:
    return dict(group_session.attendances.values_list("enrolment_id", "mark"))
