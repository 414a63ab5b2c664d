"""Demo practice-learning data for `seed_demo`: two universities' students at
every stage, so each dashboard shows something real.

Everything is written through the services (as the co-ordinator, student and
practice educator would), so history, checks and notifications are real too.
Dates are relative to today, so the demo looks current whenever it is seeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from portal.workingdays import WorkingDays

from .models import Course, Placement, PlacementDay
from .services.agreement import agreement_save, agreement_sign
from .services.concern import concern_raise, concern_step
from .services.ledger import day_record, days_confirm
from .services.lifecycle import placement_create, placement_transition
from .services.profiles import educator_profile_save, student_profile_save

SECOND_UNIVERSITY = "Northbridge University"


@dataclass(frozen=True)
class Stage:
    """Where a demo placement has got to."""

    transitions: tuple[str, ...]
    weeks_ago: int  # when it started
    attendance: float  # share of past working days recorded as placement days
    confirm: bool = True  # the PE has confirmed what was recorded
    signed: bool = True  # the learning agreement is signed by everyone


PROPOSED = Stage(("propose",), weeks_ago=-3, attendance=0, signed=False)
CONFIRMED = Stage(("propose", "confirm"), weeks_ago=-1, attendance=0, signed=False)
EARLY = Stage(("propose", "confirm", "start"), weeks_ago=2, attendance=1.0)
UNSIGNED = Stage(("propose", "confirm", "start"), weeks_ago=3, attendance=1.0, signed=False)
BEHIND = Stage(("propose", "confirm", "start"), weeks_ago=9, attendance=0.55)
MIDPOINT = Stage(("propose", "confirm", "start", "review_midpoint"), weeks_ago=12, attendance=0.9)
AWAITING_PANEL = Stage(
    ("propose", "confirm", "start", "review_midpoint", "submit_final_report"),
    weeks_ago=21,
    attendance=0.95,
)
PASSED = Stage(
    ("propose", "confirm", "start", "review_midpoint", "submit_final_report", "pass"),
    weeks_ago=30,
    attendance=1.0,
)

# name, university key, stage
COHORT = [
    ("Amira Hussain", "midshire", PROPOSED),
    ("Ben Clarke", "midshire", CONFIRMED),
    ("Chloe Evans", "midshire", EARLY),
    ("Daniel Okafor", "midshire", UNSIGNED),
    ("Ellie Robinson", "midshire", BEHIND),
    ("Farah Ali", "midshire", MIDPOINT),
    ("George Patel", "midshire", AWAITING_PANEL),
    ("Hannah Wright", "northbridge", PROPOSED),
    ("Isaac Mensah", "northbridge", EARLY),
    ("Jade Thompson", "northbridge", BEHIND),
    ("Kieran Walsh", "northbridge", MIDPOINT),
    ("Lucy Bennett", "northbridge", AWAITING_PANEL),
    ("Mohammed Rahman", "northbridge", PASSED),
]

EDUCATORS = [
    ("Grace Mitchell", "SW214365", 2, "off_site", 4),
    ("Tom Harding", "SW318842", 1, "on_site", 3),
    ("Nadia Kowalski", "SW402219", 2, "on_site", 3),
    ("Rob Fielding", "SW527731", 2, "off_site", 4),
]


def _person(email: str, name: str, password_hash: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, name=name, password=password_hash)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _role(user: User, organisation: Organisation, role: str) -> None:
    if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
        membership_grant(
            user=user,
            organisation=organisation,
            role=role,
            starts_on=timezone.localdate() - timedelta(days=400),
        )


def seed_practice_learning(*, organisations: dict, admin: User, password_hash: str) -> None:
    if Placement.objects.exists():
        return  # seeded already: running seed_demo again changes nothing
    today = timezone.localdate()
    council = organisations["council"]
    midshire = organisations["university"]
    northbridge, _ = Organisation.objects.get_or_create(
        name=SECOND_UNIVERSITY, defaults={"kind": Organisation.Kind.UNIVERSITY}
    )
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    coordinator = users["coordinator@example.org"]
    tutor = users["tutor@example.org"]
    supervisor = users["supervisor@example.org"]
    # The demo co-ordinator works for the council and Midshire's placement team.
    _role(coordinator, midshire, Role.COORDINATOR)
    _role(coordinator, northbridge, Role.COORDINATOR)
    tutor_north = _person("tutor2@example.org", "Noel Northbridge", password_hash)
    _role(tutor_north, northbridge, Role.TUTOR)
    tutors = {"midshire": tutor, "northbridge": tutor_north}

    courses = {
        "midshire": Course.objects.get_or_create(
            university=midshire,
            title="BA (Hons) Social Work",
            defaults={"level": Course.Level.BA},
        )[0],
        "northbridge": Course.objects.get_or_create(
            university=northbridge,
            title="MA Social Work",
            defaults={
                "level": Course.Level.MA,
                "first_placement_days": 70,
                "final_placement_days": 100,
                "weekly_supervision_minutes": 60,
            },
        )[0],
    }
    Course.objects.get_or_create(
        university=midshire,
        title="Social Work Degree Apprenticeship",
        defaults={"level": Course.Level.APPRENTICESHIP},
    )

    dbs_date = today - timedelta(days=300)
    educators = [users["educator@example.org"]]
    educator_profile_save(
        person=users["educator@example.org"],
        by=admin,
        swe_registration="SW100234",
        peps_stage=2,
        location="on_site",
        max_students=3,
        dbs_checked_on=dbs_date,
    )
    for name, number, stage, location, capacity in EDUCATORS:
        email = name.split()[0].lower() + ".pe@example.org"
        educator = _person(email, name, password_hash)
        _role(educator, council, Role.PRACTICE_EDUCATOR)
        educator_profile_save(
            person=educator,
            by=admin,
            swe_registration=number,
            peps_stage=stage,
            location=location,
            max_students=capacity,
            dbs_checked_on=dbs_date,
        )
        educators.append(educator)

    # The demo student first, on an active placement with the demo PE, so the
    # student and educator dashboards, ledger and agreement have something to show.
    students = [("Sam Student", "midshire", EARLY, users["student@example.org"])]
    for number, (name, key, stage) in enumerate(COHORT, start=1):
        email = f"student{number:02d}@example.org"
        person = _person(email, name, password_hash)
        university = midshire if key == "midshire" else northbridge
        _role(person, university, Role.STUDENT)
        students.append((name, key, stage, person))

    working_days = WorkingDays()
    load = {educator.pk: 0 for educator in educators}
    for index, (_, key, stage, student) in enumerate(students):
        course = courses[key]
        student_profile_save(
            person=student,
            by=admin,
            university=course.university,
            course=course,
            cohort="2025",
            student_number=f"{'M' if key == 'midshire' else 'N'}{240100 + index}",
            dbs_checked_on=dbs_date,
        )
        level = (
            Placement.Level.FINAL if stage in (AWAITING_PANEL, PASSED) else Placement.Level.FIRST
        )
        if index == 0:
            educator = users["educator@example.org"]
        else:
            # The least-loaded educator with room; PEPS stage 2 for a final placement.
            candidates = [
                e
                for e in educators[1:]
                if load[e.pk] < e.educator_profile.max_students
                and (level == Placement.Level.FIRST or e.educator_profile.peps_stage == 2)
            ]
            educator = min(candidates, key=lambda e: load[e.pk])
        load[educator.pk] += 1
        starts_on = _monday(today - timedelta(weeks=stage.weeks_ago))
        required = course.required_days_for(level)
        ends_on = working_days.add(starts_on, required + 15)
        placement = placement_create(
            by=coordinator,
            student=student,
            course=course,
            host=council,
            team="Positive Outcomes Project" if index % 2 == 0 else "Early Help Hub",
            practice_educator=educator,
            onsite_supervisor=supervisor if index % 3 == 0 else None,
            tutor=tutors[key],
            level=level,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        passing_by = {"pass": tutors[key]}

        def move(placement, names, educator=educator, passing_by=passing_by):
            for name in names:
                actor = passing_by.get(name) or (
                    educator if name in ("review_midpoint", "submit_final_report") else coordinator
                )
                placement = placement_transition(placement=placement, name=name, by=actor)
            return placement

        # Up to the start, then the agreement and the days, then what followed.
        split = stage.transitions.index("start") + 1 if "start" in stage.transitions else None
        placement = move(placement, stage.transitions[:split])
        if stage.signed or stage is EARLY:
            _agreement(placement, educator, signed=stage.signed)
        _days(placement, student, educator, stage, today, working_days)
        if split is not None:
            move(placement, stage.transitions[split:])
        _concerns(placement, educator, stage)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _agreement(placement: Placement, educator: User, *, signed: bool) -> None:
    agreement = agreement_save(
        placement=placement,
        by=educator,
        learning_needs="Confidence in direct work with children; recording analysis clearly.",
        learning_opportunities=(
            "Weekly 1-1 sessions in a partner school, co-working a child and family "
            "assessment, shadowing a strategy discussion."
        ),
        supervision_day=2,
        supervision_time=time(10, 0),
        supervision_arrangements="Ninety minutes every Wednesday, in person at the team base.",
        reasonable_adjustments="None requested.",
        induction="First week: team induction, case recording system, safeguarding procedures.",
    )
    if signed:
        for person in {
            p.pk: p
            for p in (
                placement.student,
                placement.practice_educator,
                placement.onsite_supervisor,
                placement.tutor,
            )
            if p is not None
        }.values():
            agreement_sign(agreement=agreement, by=person)


def _days(placement, student, educator, stage: Stage, today, working_days) -> None:
    """Record the past working days (Fridays are study days), leaving gaps for a
    student who is behind, and have the PE confirm all but the current week."""
    if stage.attendance <= 0 or placement.starts_on >= today:
        return
    attended_in_twenty = round(stage.attendance * 20)
    last = min(today - timedelta(days=1), placement.ends_on)
    recorded: list[PlacementDay] = []
    counter = 0
    day = placement.starts_on
    while day <= last and len(recorded) < placement.required_days:
        if working_days.is_working_day(day):
            counter += 1
            if day.weekday() == 4:
                kind, hours = PlacementDay.Kind.STUDY, Decimal("7")
            elif counter % 20 < attended_in_twenty:
                kind, hours = PlacementDay.Kind.PLACEMENT, Decimal("7.5")
            elif counter % 3 == 0:
                kind, hours = PlacementDay.Kind.SICKNESS, Decimal("0")
            else:
                kind = None  # a gap: nothing recorded
            if kind is not None:
                recorded.append(
                    day_record(placement=placement, by=student, date=day, kind=kind, hours=hours)
                )
        day += timedelta(days=1)
    if stage.confirm:
        this_week = _monday(last)
        to_confirm = [d for d in recorded if d.date < this_week]
        if to_confirm:
            days_confirm(placement=placement, by=educator, days=to_confirm)


def _concerns(placement: Placement, educator: User, stage: Stage) -> None:
    """A concern at midpoint (stage 1) and one escalated for a student far behind."""
    if stage is MIDPOINT:
        concern_raise(
            placement=placement,
            by=educator,
            summary="Case recording is often late and assessments lack analysis.",
            action_plan=(
                "Weekly recording check in supervision; co-write one assessment analysis "
                "with the practice educator before week 16."
            ),
        )
    elif stage is BEHIND:
        concern = concern_raise(
            placement=placement,
            by=educator,
            summary="Attendance has fallen well below the agreed pattern.",
            action_plan="Agree a make-up plan for missed days and review attendance weekly.",
        )
        concern_step(concern=concern, name="escalate", by=educator)
