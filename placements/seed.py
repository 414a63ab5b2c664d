"""Demo practice-learning data for `seed_demo`: two universities' students at
every stage, so each dashboard shows something real.

Everything is written through the services (as the co-ordinator, student and
practice educator would), so history, checks and notifications are real too.
Dates are relative to today, so the demo looks current whenever it is seeded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from portal.accounts.models import Membership, Organisation, User
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from portal.workingdays import WorkingDays

from .models import Course, Placement, PlacementDay, ServiceUserGroup, SettingKind, TutorVisit
from .services.agreement import agreement_save, agreement_sign
from .services.concern import concern_raise, concern_step
from .services.ledger import day_record, days_confirm
from .services.lifecycle import placement_create, placement_transition
from .services.profiles import educator_profile_save, student_profile_save
from .services.visit import tutor_visit_record

SECOND_UNIVERSITY = "Northbridge University"

# What later apps add to each demo placement once its days are recorded and before
# its reviews move it on: function(*, placement, student, educator, today).
# Supervision registers its histories at start-up (placements never imports it).
PlacementSeeder = Callable[..., None]
_placement_seeders: list[PlacementSeeder] = []


def demo_placement_seeder(seeder: PlacementSeeder) -> PlacementSeeder:
    """Register a function that writes a later app's demo records for one placement."""
    if seeder not in _placement_seeders:
        _placement_seeders.append(seeder)
    return seeder


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
# The later stages are reached by recording the midpoint review, the final report
# and the panel's decision (_reviews), as the people would: those records move the
# status, so the demo's statuses and records agree.
MIDPOINT = Stage(("propose", "confirm", "start"), weeks_ago=12, attendance=0.9)
AWAITING_PANEL = Stage(("propose", "confirm", "start"), weeks_ago=21, attendance=0.95)
PASSED = Stage(("propose", "confirm", "start"), weeks_ago=30, attendance=1.0)

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

# What kind of setting each demo team is (issue 16): the project and the hub are
# early help; Children in Care is statutory, so a student placed there for one
# placement and in early help for the other has contrasting settings.
TEAM_SETTINGS = {
    "Positive Outcomes Project": {
        "setting_kind": SettingKind.EARLY_HELP,
        "service_user_group": ServiceUserGroup.CHILDREN_AND_FAMILIES,
        "statutory_tasks": False,
    },
    "Early Help Hub": {
        "setting_kind": SettingKind.EARLY_HELP,
        "service_user_group": ServiceUserGroup.YOUNG_PEOPLE,
        "statutory_tasks": False,
    },
    "Children in Care": {
        "setting_kind": SettingKind.STATUTORY_CHILDREN,
        "service_user_group": ServiceUserGroup.CHILDREN_AND_FAMILIES,
        "statutory_tasks": True,
    },
}

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
        team = "Positive Outcomes Project" if index % 2 == 0 else "Early Help Hub"
        placement = placement_create(
            by=coordinator,
            student=student,
            course=course,
            host=council,
            team=team,
            **TEAM_SETTINGS[team],
            practice_educator=educator,
            onsite_supervisor=supervisor if index % 3 == 0 else None,
            tutor=tutors[key],
            level=level,
            starts_on=starts_on,
            ends_on=ends_on,
        )

        def move(placement, names):
            for name in names:
                placement = placement_transition(placement=placement, name=name, by=coordinator)
            return placement

        # Up to the start, then the agreement and the days, then what followed.
        split = stage.transitions.index("start") + 1 if "start" in stage.transitions else None
        placement = move(placement, stage.transitions[:split])
        if stage.signed or stage is EARLY:
            _agreement(placement, educator, signed=stage.signed)
        _days(placement, student, educator, stage, today, working_days)
        for seeder in _placement_seeders:
            seeder(placement=placement, student=student, educator=educator, today=today)
        _evidence(placement, student, educator, stage, today)
        _visits(placement, tutors[key], stage, today)
        if split is not None:
            move(placement, stage.transitions[split:])
        _reviews(placement, student, educator, tutors[key], stage, today)
        _concerns(placement, educator, stage)
    _second_placements(coordinator=coordinator, tutor=tutor, council=council)
    _allocation_and_quality(
        council=council, coordinator=coordinator, admin=admin, password_hash=password_hash
    )


# Second placements (issue 16): Amira's contrasts with her first (early help, then
# statutory children's services with statutory tasks); Chloe's does not offer
# statutory tasks and neither did her first, so the co-ordinator recorded why it
# goes ahead, which her tutor reads on the placement and in the export.
SECOND_PLACEMENTS = (
    ("student01@example.org", "Children in Care", ""),
    (
        "student03@example.org",
        "Positive Outcomes Project",
        "Agreed with the university: the student joins the Children in Care team's "
        "statutory visits one day a week, which the practice educator will evidence.",
    ),
)


def _second_placements(*, coordinator: User, tutor: User, council) -> None:
    from .services.contrast import placement_contrast_override

    for email, team, override in SECOND_PLACEMENTS:
        first = Placement.objects.get(student__email=email)
        starts_on = _monday(first.ends_on + timedelta(weeks=3))
        final = placement_create(
            by=coordinator,
            student=first.student,
            course=first.course,
            host=council,
            team=team,
            **TEAM_SETTINGS[team],
            tutor=tutor,
            level=Placement.Level.FINAL,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(weeks=30),
        )
        if override:
            placement_contrast_override(placement=final, by=coordinator, reason=override)
        placement_transition(placement=final, name="propose", by=coordinator)


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


def _visits(placement: Placement, tutor: User, stage: Stage, today: date) -> None:
    """The three-way meeting in a started placement's first week, and the tutor's
    visit five weeks in once a placement has got that far, recorded by the tutor."""
    if "start" not in stage.transitions:
        return
    meeting_on = min(placement.starts_on + timedelta(days=3), today)
    present = ["student", "practice_educator", "tutor"]
    if placement.onsite_supervisor_id:
        present.append("onsite_supervisor")
    tutor_visit_record(
        placement=placement,
        by=tutor,
        held_on=meeting_on,
        kind=TutorVisit.Kind.THREE_WAY_MEETING,
        attended=present,
        notes="We went through the learning agreement and the induction plan, and agreed "
        "how supervision will work. The student said what they hope to learn first.",
        agreed_actions="Student: read the team's referral procedures.\n"
        "Practice educator: arrange two shadowing visits.",
    )
    visit_on = placement.starts_on + timedelta(weeks=5)
    if visit_on > today:
        return
    tutor_visit_record(
        placement=placement,
        by=tutor,
        held_on=visit_on,
        kind=TutorVisit.Kind.TUTOR_VISIT,
        attended=["student", "tutor"],
        notes="The student talked about their first visits and how they use supervision. "
        "Their reflective logs are up to date.",
        agreed_actions="Student: link the next reflective log to the PCF domains.",
    )


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


# title, kind, reflection, PCF domains, KSS statements, the PE's comment
EVIDENCE = [
    (
        "First joint home visit",
        "direct_work",
        "I co-worked a home visit with my practice educator. I introduced myself and my role, "
        "then listened while the parent described the week. Afterwards we talked about how I "
        "kept the conversation on the children's routines without it feeling like a checklist.",
        (1, 7),
        (1, 2),
        "A confident first visit. Next time, say more about why we are there at the start.",
    ),
    (
        "Reading on attachment and neglect",
        "reading",
        "I read two research summaries on attachment and on the signs of chronic neglect, and "
        "compared them with what I saw in the team's assessments. I noted where theory helped "
        "me explain a child's behaviour and where it risked labelling the family.",
        (5, 6),
        (3, 5),
        "Good critical reading. Bring one of these ideas to your next assessment.",
    ),
    (
        "Supervision: managing a disagreement with a parent",
        "supervision",
        "In supervision I reflected on a phone call where a parent disagreed with the plan. I "
        "recognised I had become defensive. We explored the values behind the plan and how to "
        "explain them plainly while respecting the parent's view.",
        (1, 2, 6),
        (2, 9),
        "Honest reflection. You are using supervision well.",
    ),
    (
        "Contributing to a child and family assessment",
        "assessment",
        "I gathered information from school and health for an assessment, wrote the "
        "chronology and drafted the analysis section. My practice educator co-signed it. I "
        "learnt to separate what I know from what I think it means.",
        (5, 6, 8),
        (6, 7),
        "The analysis is clearer than your first draft. Keep weighing the evidence for and "
        "against each view.",
    ),
    (
        "Observed direct work session",
        "observation",
        "My practice educator observed a one-to-one session at a partner school. I used a "
        "three-houses exercise to hear what worries the pupil and what is going well. The "
        "feedback was to slow down and leave more silence.",
        (3, 7),
        (1, 2),
        "",
    ),
    (
        "Presenting to the team on young carers",
        "other",
        "I presented a short summary of local support for young carers at the team meeting "
        "and shared a one-page guide. Two colleagues have since used it.",
        (8, 9),
        (10,),
        "",
    ),
]

# The PE's ratings of the nine PCF domains at each stage.
RATINGS = {
    "midpoint": ["progressing"] * 5 + ["not_yet"] + ["progressing"] * 2 + ["not_yet"],
    "final": ["meets"] * 9,
}


def _evidence(placement: Placement, student: User, educator: User, stage: Stage, today) -> None:
    """Evidence through the services while the placement is under way: a little for an
    early placement, more (with the PE's comments and domain ratings) from midpoint on."""
    from .models import Capability
    from .services.coverage import domain_ratings_save
    from .services.evidence import evidence_comment, evidence_create

    if stage is EARLY:
        chosen, rated = EVIDENCE[:2], None
    elif stage is MIDPOINT:
        chosen, rated = EVIDENCE[:4], "midpoint"
    elif stage in (AWAITING_PANEL, PASSED):
        chosen, rated = EVIDENCE, "final"
    else:
        return
    current = {
        (c.version.framework.code, c.number): c
        for c in Capability.objects.filter(version__is_current=True).select_related(
            "version__framework"
        )
    }
    last = min(today - timedelta(days=1), placement.ends_on)
    span = max((last - placement.starts_on).days, 1)
    for index, (title, kind, reflection, domains, statements, comment) in enumerate(chosen):
        item = evidence_create(
            placement=placement,
            by=student,
            date=placement.starts_on + timedelta(days=span * (index + 1) // (len(chosen) + 1)),
            kind=kind,
            title=title,
            reflection=reflection,
            capabilities=[current[("pcf", n)] for n in domains]
            + [current[("kss-child-family", n)] for n in statements],
        )
        if comment and stage is not EARLY:
            evidence_comment(item=item, by=educator, comment=comment)
    if rated:
        domain_ratings_save(
            placement=placement,
            by=educator,
            ratings={
                current[("pcf", number)]: (rating, "")
                for number, rating in enumerate(RATINGS[rated], start=1)
            },
        )


# --- Allocation and placement quality (issue 4, requirements 10 and 11) -------------
# Earlier cohorts' ratings, from before the portal: so the quality report has
# settings above the anonymity threshold. (team, months ago, five scores, comments)
EARLIER_RATINGS = [
    ("Early Help Hub", 10, (4, 5, 4, 5, 5), "Lots of joint visits early on.", ""),
    ("Early Help Hub", 9, (3, 4, 3, 4, 4), "", "Supervision was moved at short notice."),
    ("Positive Outcomes Project", 11, (5, 5, 4, 5, 5), "Group work with parents.", ""),
    ("Positive Outcomes Project", 10, (4, 4, 5, 4, 4), "", "A clearer induction pack."),
    ("Positive Outcomes Project", 8, (4, 3, 4, 5, 4), "A welcoming team.", "More desk space."),
]


def _allocation_and_quality(
    *, council: Organisation, coordinator: User, admin: User, password_hash: str
) -> None:
    from datetime import datetime

    from .models import QualityFeedback, StudentProfile
    from .services.allocation import placement_offer_create
    from .services.quality import ended_for_feedback, quality_feedback_submit

    today = timezone.localdate()

    # A draft placement still waiting for a practice educator, for the allocation page.
    student = _person("student14@example.org", "Priya Shah", password_hash)
    northbridge = Organisation.objects.get(name=SECOND_UNIVERSITY)
    _role(student, northbridge, Role.STUDENT)
    course = Course.objects.get(university=northbridge, title="MA Social Work")
    if not StudentProfile.objects.filter(user=student).exists():
        student_profile_save(
            person=student,
            by=admin,
            university=northbridge,
            course=course,
            cohort="2025",
            student_number="N240199",
            dbs_checked_on=today - timedelta(days=120),
        )
    starts_on = _monday(today + timedelta(weeks=6))
    placement_create(
        by=coordinator,
        student=student,
        course=course,
        host=council,
        team="Children in Care",
        **TEAM_SETTINGS["Children in Care"],
        level=Placement.Level.FIRST,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=20),
    )

    # This academic year's offers: one team with a place left, one full, one new.
    year_starts = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    year_ends = date(year_starts.year + 1, 8, 31)
    for team, spare in (
        ("Positive Outcomes Project", 1),
        ("Early Help Hub", 0),
        ("Children in Care", 2),
    ):
        taken = Placement.objects.filter(
            host=council,
            team__iexact=team,
            status__in=Placement.LIVE_STATUSES,
            starts_on__lt=year_ends,
            ends_on__gt=year_starts,
        ).count()
        placement_offer_create(
            by=coordinator,
            host=council,
            team=team,
            starts_on=year_starts,
            ends_on=year_ends,
            places=max(taken + spare, 1),
            note="A car is needed for home visits." if team == "Children in Care" else "",
            **TEAM_SETTINGS[team],
        )

    # Students whose placement has ended rate it, except the newest, whose
    # dashboard still shows the prompt.
    awaiting = list(
        ended_for_feedback(Placement.objects.filter(host=council))
        .filter(quality_feedback_receipt__isnull=True)
        .select_related("student", "host")
        .order_by("ends_on", "pk")
    )
    for number, placement in enumerate(awaiting[:-1]):
        quality_feedback_submit(
            placement=placement,
            by=placement.student,
            answers={
                "induction": 4,
                "learning_opportunities": 5 - number % 2,
                "supervision": 4,
                "team_support": 5,
                "recommend": 4 + number % 2,
                "went_well": "Regular reflective supervision." if number == 0 else "",
                "could_improve": "",
            },
        )
    for team, months_ago, scores, went_well, could_improve in EARLIER_RATINGS:
        month = today.replace(day=1)
        for _ in range(months_ago):
            month = (month - timedelta(days=1)).replace(day=1)
        feedback = QualityFeedback(
            host=council,
            team=team,
            level=Placement.Level.FIRST,
            received_month=month,
            went_well=went_well,
            could_improve=could_improve,
            **dict(zip(QualityFeedback.SCORES, scores, strict=True)),
        )
        # Dated to the month, like answers given through the questionnaire.
        feedback._history_date = timezone.make_aware(datetime.combine(month, time.min))
        feedback.save()


# --- Reviews (issue 4, requirement 7): midpoint review, final report, panel ----------
MIDPOINT_PROGRESS = {
    "satisfactory": ["progressing"] * 4 + ["meets"] + ["progressing"] * 4,
    "concerns": ["progressing"] * 5 + ["not_yet"] + ["progressing"] * 2 + ["not_yet"],
}
FINAL_ASSESSMENT = (
    "Consistent, well-evidenced practice in this domain across the placement, seen in "
    "direct work, recording and supervision."
)


def _reviews(placement, student, educator, tutor, stage: Stage, today) -> None:
    """Take the placement past "active" through placements.services.review.

    Midpoint: Farah's review has concerns with an action plan (one action done);
    Kieran's is satisfactory. Awaiting panel: George's report is signed and
    commented on, waiting for the demo tutor's countersignature; Lucy's is
    countersigned, waiting for the panel. Passed: Mohammed's panel ratified.
    """
    from .selectors.review import pcf_domains
    from .services.final_report import (
        final_report_comment,
        final_report_countersign,
        final_report_save,
        final_report_sign,
    )
    from .services.panel import panel_decision_record
    from .services.review import (
        ActionItem,
        DomainAssessment,
        DomainProgress,
        midpoint_review_record,
        review_action_complete,
    )

    if stage not in (MIDPOINT, AWAITING_PANEL, PASSED):
        return
    domains = pcf_domains()
    held_on = min(placement.starts_on + timedelta(weeks=8 if stage is MIDPOINT else 11), today)
    concerns = stage is MIDPOINT and placement.course.university.name != SECOND_UNIVERSITY
    outcome = "concerns" if concerns else "satisfactory"
    actions = [
        ActionItem(
            "Record every visit within two working days and bring the case log to supervision.",
            student,
            held_on + timedelta(weeks=2),
        ),
        ActionItem(
            "Co-write the analysis of one child and family assessment with the student.",
            educator,
            held_on + timedelta(weeks=4),
        ),
    ]
    review = midpoint_review_record(
        placement=placement,
        by=educator,
        held_on=held_on,
        attendees=f"{student}, student\n{educator}, practice educator\n{tutor}, university tutor",
        outcome=outcome,
        summary=(
            "Recording is often late and analysis is thin; relationships with children and "
            "families are a strength."
            if concerns
            else "Good progress: the student is reflective and uses supervision well."
        ),
        progress=[
            DomainProgress(domain, rating, "")
            for domain, rating in zip(domains, MIDPOINT_PROGRESS[outcome], strict=True)
        ],
        actions=actions if concerns else actions[1:],
    )
    if concerns:
        review_action_complete(action=review.actions.order_by("due_on").first(), by=student)
    if stage is MIDPOINT:
        return

    report = final_report_save(
        placement=placement,
        by=educator,
        summary=(
            f"{student} has worked safely and thoughtfully with children and families, uses "
            "supervision to reflect and has met the level for the end of the last placement."
        ),
        recommendation="pass",
        assessments=[DomainAssessment(domain, "meets", FINAL_ASSESSMENT) for domain in domains],
    )
    final_report_sign(report=report, by=educator)
    final_report_comment(
        report=report,
        by=student,
        comment="I agree with the report. Supervision helped me most with my analysis.",
    )
    if stage is AWAITING_PANEL and placement.course.university.name != SECOND_UNIVERSITY:
        return  # waits for the demo tutor's countersignature
    final_report_countersign(report=report, by=tutor)
    if stage is PASSED:
        panel_decision_record(
            placement=placement, by=tutor, sat_on=today, outcome="ratified", notes=""
        )
