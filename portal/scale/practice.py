"""Placements at every stage, their day ledgers and learning agreements (the
reviews that moved them on are in reviews.py).

Each student has one placement under way or about to start; a student on their
final placement also has the first one, passed the year before in a contrasting
setting (DOMAIN.md: 70 + 100 days). Statuses agree with the records, as the
transitions would leave them: "midpoint reviewed" has its review, "final report
submitted" its signed report, "passed" its countersigned (locked) report and the
panel's ratification.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from placements.models import LearningAgreement, Placement, PlacementDay
from portal.dates import monday_of
from portal.models import Signature

from .base import Context, by_scale_user, delete_rows, insert, insert_stream, signature
from .people import Setting

S = Placement.Status
# The placement each student is on now: (status, share of students).
STAGES = (
    (S.PROPOSED, 0.05),
    (S.CONFIRMED, 0.03),
    (S.ACTIVE, 0.22),
    (S.MIDPOINT_REVIEWED, 0.25),
    (S.FINAL_REPORT_SUBMITTED, 0.10),
    (S.PASSED, 0.35),
)
FINAL_SHARE = 0.65  # students now on their final placement (the rest on their first)
STARTED = frozenset({S.ACTIVE, S.MIDPOINT_REVIEWED, S.FINAL_REPORT_SUBMITTED, S.PASSED})
REVIEWED = frozenset({S.MIDPOINT_REVIEWED, S.FINAL_REPORT_SUBMITTED, S.PASSED})
REPORTED = frozenset({S.FINAL_REPORT_SUBMITTED, S.PASSED})
HOURS = {
    PlacementDay.Kind.PLACEMENT: Decimal("7.5"),
    PlacementDay.Kind.STUDY: Decimal("7"),
    PlacementDay.Kind.SICKNESS: Decimal("0"),
    PlacementDay.Kind.OTHER_ABSENCE: Decimal("0"),
}


@dataclass
class Plan:
    """One placement before it is written, with the people it needs later."""

    placement: Placement
    attendance: float
    setting: Setting


def _dates(ctx: Context, status: str, level: str, course) -> tuple[date, date]:
    """Start and end dates that put a placement of `level` at `status` today."""
    rng, today = ctx.rng, ctx.today
    required = course.required_days_for(level)
    weeks = (required + 8) // 5 + 1  # its length in weeks, bank holidays aside
    weeks_ago = {
        S.PROPOSED: -rng.randint(2, 8),
        S.CONFIRMED: -rng.randint(1, 3),
        S.ACTIVE: rng.randint(1, weeks // 2),
        S.MIDPOINT_REVIEWED: rng.randint(weeks // 2 + 1, weeks - 1),
        S.FINAL_REPORT_SUBMITTED: rng.randint(weeks, weeks + 3),
        S.PASSED: rng.randint(weeks + 3, weeks + 26),
    }[status]
    starts_on = monday_of(today - timedelta(weeks=weeks_ago))
    return starts_on, ctx.working_days.add(starts_on, required + 8)


class Educators:
    """Picks the least-loaded practice educator of a host, PEPS stage 2 for a final placement."""

    def __init__(self, ctx: Context):
        from placements.models import EducatorProfile

        profiles = {
            p.user_id: p for p in EducatorProfile.objects.filter(user__in=ctx.made["educators"])
        }
        self.by_host: dict[int, list] = {}
        for index, educator in enumerate(ctx.made["educators"]):
            host = ctx.made["hosts"][index % len(ctx.made["hosts"])]
            self.by_host.setdefault(host.pk, []).append((educator, profiles[educator.pk]))
        self.load = {educator.pk: 0 for educator in ctx.made["educators"]}

    def pick(self, host_id: int, level: str, live: bool):
        candidates = self.by_host[host_id]
        if level == Placement.Level.FINAL:
            candidates = [c for c in candidates if c[1].peps_stage == 2] or candidates
        educator, profile = min(candidates, key=lambda c: (self.load[c[0].pk], c[0].pk))
        if live:
            self.load[educator.pk] += 1
        return educator, profile


def _placement(ctx, *, student, profile, setting, level, status, educators, tutors) -> Plan:
    course = profile.course
    starts_on, ends_on = _dates(ctx, status, level, course)
    educator, educator_profile = educators.pick(
        setting.host.pk, level, status in Placement.LIVE_STATUSES
    )
    off_site = educator_profile.location == educator_profile.Location.OFF_SITE
    placement = Placement(
        student=student,
        course=course,
        host=setting.host,
        team=setting.team,
        setting_kind=setting.kind,
        service_user_group=setting.group,
        statutory_tasks=setting.statutory,
        practice_educator=educator,
        onsite_supervisor=setting.onsite_supervisor if off_site else None,
        tutor=ctx.rng.choice(tutors[profile.university_id]),
        level=level,
        starts_on=starts_on,
        ends_on=ends_on,
        required_days=course.required_days_for(level),
        status=status,
        created_at=ctx.at(starts_on - timedelta(weeks=8)),
    )
    attendance = 0.6 if ctx.chance(0.08) else 0.98
    return Plan(placement, attendance, setting)


def generate(ctx: Context) -> dict[str, int]:
    rng, made = ctx.rng, ctx.made
    settings: list[Setting] = made["settings"]
    tutors: dict[int, list] = {}
    for tutor_index, tutor in enumerate(made["tutors"]):
        tutors.setdefault(made["universities"][tutor_index % 2].pk, []).append(tutor)
    educators = Educators(ctx)
    statuses = [status for status, _ in STAGES]
    weights = [share for _, share in STAGES]
    plans: list[Plan] = []
    for student, profile in zip(made["students"], made["student_profiles"], strict=True):
        status = rng.choices(statuses, weights)[0]
        final = ctx.chance(FINAL_SHARE)
        setting = rng.choice(settings)
        if final:
            # The first placement, passed: in a setting that contrasts with this one.
            earlier = rng.choice(
                [s for s in settings if s.kind != setting.kind or s.statutory != setting.statutory]
                or settings
            )
            plan = _placement(
                ctx,
                student=student,
                profile=profile,
                setting=earlier,
                level=Placement.Level.FIRST,
                status=S.PASSED,
                educators=educators,
                tutors=tutors,
            )
            first = plan.placement
            # It ended before the final one began.
            gap = rng.randint(6, 16)
            first.starts_on = monday_of(ctx.today - timedelta(weeks=40 + gap))
            first.ends_on = ctx.working_days.add(first.starts_on, first.required_days + 8)
            first.created_at = ctx.at(first.starts_on - timedelta(weeks=8))
            plans.append(plan)
        plans.append(
            _placement(
                ctx,
                student=student,
                profile=profile,
                setting=setting,
                level=Placement.Level.FINAL if final else Placement.Level.FIRST,
                status=status,
                educators=educators,
                tutors=tutors,
            )
        )
    insert(Placement, (plan.placement for plan in plans))
    made["plans"] = plans
    counts = {"placements": len(plans)}
    counts["placement days"] = insert_stream(PlacementDay, _days(ctx, plans))
    counts.update(_agreements(ctx, plans))
    return counts


def last_day_recorded(ctx: Context, placement: Placement) -> date:
    return min(ctx.today - timedelta(days=1), placement.ends_on)


def _days(ctx: Context, plans: list[Plan]):
    """Each past working day's record: placement days, a study day every other Friday,
    some sickness; gaps for the few students behind. The practice educator has
    confirmed all but the current week."""
    rng = ctx.rng
    this_week = monday_of(ctx.today)
    for plan in plans:
        placement = plan.placement
        if placement.status not in STARTED:
            continue
        counted = 0
        for day in ctx.working_days_from(placement.starts_on, last_day_recorded(ctx, placement)):
            if counted >= placement.required_days:
                break
            roll = rng.random()
            if roll > plan.attendance:
                continue  # nothing recorded: a gap
            if roll < 0.035:
                kind = PlacementDay.Kind.SICKNESS
            elif roll < 0.045:
                kind = PlacementDay.Kind.OTHER_ABSENCE
            elif day.weekday() == 4 and (day - placement.starts_on).days // 7 % 2:
                kind = PlacementDay.Kind.STUDY
            else:
                kind = PlacementDay.Kind.PLACEMENT
            if kind in PlacementDay.COUNTED_KINDS:
                counted += 1
            confirmed = monday_of(day) < this_week
            confirmed_on = min(monday_of(day) + timedelta(days=7 + rng.randint(0, 3)), ctx.today)
            yield PlacementDay(
                placement=placement,
                date=day,
                kind=kind,
                hours=HOURS[kind],
                confirmed_by_id=placement.practice_educator_id if confirmed else None,
                confirmed_at=ctx.at(confirmed_on, 16) if confirmed else None,
                created_at=ctx.at(day, 17),
            )


LEARNING_NEEDS = (
    "Confidence in direct work with children; recording analysis clearly.",
    "Working with conflict; applying legislation to assessment decisions.",
    "Time management across a full caseload; presenting at multi-agency meetings.",
)
OPPORTUNITIES = (
    "Co-working assessments, weekly direct work in a partner school, shadowing a strategy "
    "discussion and a child protection conference.",
    "Duty shadowing, joint home visits, a small caseload of early help families.",
)


def _agreements(ctx: Context, plans: list[Plan]) -> dict[str, int]:
    """Every placement under way has its agreement, signed by everyone (a few new ones
    still wait for the tutor); a confirmed placement's is being written."""
    rng = ctx.rng
    agreements, signers = [], []
    for plan in plans:
        placement = plan.placement
        if placement.status not in STARTED and placement.status != S.CONFIRMED:
            continue
        written = placement.starts_on - timedelta(days=rng.randint(1, 5))
        agreements.append(
            LearningAgreement(
                placement=placement,
                learning_needs=rng.choice(LEARNING_NEEDS),
                learning_opportunities=rng.choice(OPPORTUNITIES),
                supervision_day=rng.randint(0, 4),
                supervision_time=time(rng.choice((9, 10, 14)), 0),
                supervision_arrangements="Ninety minutes weekly, in person at the team base.",
                reasonable_adjustments="None requested." if rng.random() < 0.8 else "",
                induction="First week: team induction, recording system, safeguarding procedures.",
                created_at=ctx.at(written),
                updated_at=ctx.at(written),
            )
        )
        if placement.status == S.CONFIRMED:
            signers.append(())  # still a draft
            continue
        people = [
            (LearningAgreement.Capacity.STUDENT, placement.student_id),
            (LearningAgreement.Capacity.PRACTICE_EDUCATOR, placement.practice_educator_id),
        ]
        if placement.onsite_supervisor_id:
            people.append(
                (LearningAgreement.Capacity.ONSITE_SUPERVISOR, placement.onsite_supervisor_id)
            )
        if not (placement.status == S.ACTIVE and ctx.chance(0.1)):
            people.append((LearningAgreement.Capacity.TUTOR, placement.tutor_id))
        signers.append(tuple((capacity, person, written) for capacity, person in people))
    insert(LearningAgreement, agreements)
    ctx.made["agreements"] = {a.placement.pk: a for a in agreements}
    signatures = insert(
        Signature,
        (
            signature(agreement, person, capacity, ctx.at(day + timedelta(days=i), 12))
            for agreement, people in zip(agreements, signers, strict=True)
            for i, (capacity, person, day) in enumerate(people)
        ),
    )
    return {"learning agreements": len(agreements), "agreement signatures": len(signatures)}


def clear() -> dict[str, int]:
    student = by_scale_user("placement__student")
    return delete_rows(
        (LearningAgreement, student),
        (PlacementDay, student),
        (Placement, by_scale_user("student")),
    )
