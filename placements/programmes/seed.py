"""The demo programme (issue 18): POCAR, run by the demo recovery service.

The facts are POCAR's (a rolling 16-week programme, two groups a week on Monday
and Wednesday from 10:30 to 12:00, contact within two weeks of a referral, a free
creche for children aged 0 to 5, a women's strand running and a men's strand
not); the provider, its address and the wording are the demo's own.
Idempotent: what exists is left as it is."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from placements.models import Course, EducatorProfile, Placement, ServiceUserGroup, SettingKind
from placements.services.lifecycle import placement_create, placement_transition
from placements.services.profiles import student_profile_save
from portal.accounts.models import Organisation, User
from portal.workingdays import WorkingDays

from .models import (
    Attendance,
    ContactAttempt,
    Enrolment,
    GroupSession,
    GroupSlot,
    KeyworkSession,
    OutcomeCheck,
    Programme,
    ProgrammeWorker,
    Referral,
    SelfEsteemScore,
    Strand,
)
from .selectors.delivery import expected_at
from .services.cofacilitation import cofacilitator_add
from .services.delivery import ends_on_for, enrolment_create, enrolment_end
from .services.groups import (
    creche_book,
    group_session_cancel,
    group_sessions_generate,
    register_take,
)
from .services.intake import contact_attempt_record, referral_allocate, referral_decide
from .services.keywork import keywork_plan_agree, keywork_session_record
from .services.outcomes import outcome_check_record, self_esteem_record
from .services.referrals import ChildDetails, referral_receive

POCAR = {
    "name": "POCAR",
    "kind": Programme.Kind.PARENT_SUBSTANCE_MISUSE,
    "summary": "Parenting Our Children and Accessing Recovery: an intensive programme for "
    "parents whose drug or alcohol use worries their children's social worker.",
    "length_weeks": 16,
    "entry": Programme.Entry.ROLLING,
    "has_keywork": True,
    "has_groups": True,
    "address": "Harbour Recovery Service\n7 Wharf Lane\nMidshire\nMD1 4QT",
    "who_may_refer": "The child's social worker (children's services).",
    "threshold_question": "Do you believe the children may be at risk because of their "
    "parent's drug or alcohol use?",
    "contact_working_days": 10,  # "within two weeks": 10 working days
    "completion_percent": 75,
    "has_creche": True,
    "creche_min_age": 0,
    "creche_max_age": 5,
    "creche_places": 8,
    "is_accepting_referrals": True,
}
SLOTS = [
    (GroupSlot.Weekday.MONDAY, time(10, 30), time(12, 0)),
    (GroupSlot.Weekday.WEDNESDAY, time(10, 30), time(12, 0)),
]
STRANDS = [
    ("Women's group", Strand.For.WOMEN, True),
    ("Men's group", Strand.For.MEN, False),
]


def seed_programmes(*, organisations: dict[str, Organisation], admin=None) -> Programme:
    provider = organisations["recovery"]
    programme = Programme.objects.filter(slug="pocar").first()
    if programme is None:
        programme = Programme(slug="pocar", provider=provider, **POCAR)
        programme.full_clean()
        programme.save()
    for weekday, starts_at, ends_at in SLOTS:
        if not programme.slots.filter(weekday=weekday, starts_at=starts_at).exists():
            slot = GroupSlot(
                programme=programme, weekday=weekday, starts_at=starts_at, ends_at=ends_at
            )
            slot.full_clean()
            slot.save()
    for name, for_gender, running in STRANDS:
        if not programme.strands.filter(name=name).exists():
            Strand.objects.create(
                programme=programme, name=name, for_gender=for_gender, running_now=running
            )
    if admin is not None:
        seed_programme_demo(programme=programme, admin=admin)
    if "sweden" in organisations:
        from .seed_childrens import seed_childrens_program

        seed_childrens_program(organisations=organisations, admin=admin)
    return programme


# --- the demo's referrals (issue 18, requirement 11) ------------------------------------------
# Every family here is invented. Days are counted back from today, so the flags
# (one referral overdue for contact) hold whenever the demo is seeded.

DEMO_REFERRER = {
    "referrer_name": "Robin Referrer",
    "referrer_local_authority": "Midshire Council",
    "referrer_team": "Children's Social Work, East",
    "referrer_email": "robin.referrer@midshire.example.org",
    "referrer_phone": "01632 960000",
    "children_open_to_services": True,
    "meets_threshold": True,
    "parent_consent": True,
    "parent_email": "",
    "treatment_so_far": "",
    "interpreter_language": "",
    "access_needs": "",
    "home_visit_risks": "",
}

# parent's name, gender, age, substances, days since referral, children (name, age, status)
DEMO_FAMILIES = {
    "overdue": ("Dana Demo", "female", 31, "Alcohol", 20, [("Ellis Demo", 4, "cp")]),
    "new": ("Morgan Sample", "female", 27, "Cannabis and alcohol", 1, [("Rae Sample", 2, "cin")]),
    "tried": ("Jamie Example", "female", 35, "Heroin (on a script)", 6, [("Kit Example", 7, "cp")]),
    "booked": (
        "Taylor Fictional",
        "female",
        29,
        "Cocaine",
        4,
        [("Ari Fictional", 1, "cp"), ("Bo Fictional", 5, "cp")],
    ),
    "accepted": ("Casey Madeup", "female", 33, "Alcohol", 30, [("Dee Madeup", 3, "cp")]),
    "father": ("Lee Placeholder", "male", 38, "Alcohol", 28, [("Max Placeholder", 6, "cin")]),
    "not_suitable": ("Alex Invented", "female", 41, "Alcohol", 25, [("Jo Invented", 12, "cin")]),
    "declined": ("Sky Pretend", "female", 24, "Cannabis", 22, [("Ray Pretend", 2, "early_help")]),
    "withdrawn": ("Frankie Dummy", "male", 45, "Alcohol", 18, [("Lou Dummy", 9, "cp")]),
    # Families who have been through the programme: two completed, one did not.
    "completed_recent": (
        "Billie Notreal",
        "female",
        30,
        "Alcohol",
        250,
        [("Cam Notreal", 4, "cp"), ("Dee Notreal", 7, "cp")],
    ),
    "completed_earlier": (
        "Noel Fakename",
        "female",
        36,
        "Heroin",
        470,
        [("Pat Fakename", 6, "cp")],
    ),
    "not_completed": ("Remy Unreal", "female", 26, "Alcohol", 200, [("Sol Unreal", 2, "cin")]),
}
PAST = ("completed_recent", "completed_earlier", "not_completed")


def _years_ago(today, years: int):
    return today.replace(year=today.year - years, day=min(today.day, 28))


def _demo_referral(programme, key: str):
    name, gender, age, substances, days_ago, children = DEMO_FAMILIES[key]
    today = timezone.localdate()
    referral = referral_receive(
        programme=programme,
        parent={
            **DEMO_REFERRER,
            "parent_name": name,
            "parent_gender": gender,
            "parent_date_of_birth": _years_ago(today, age),
            "parent_phone": "07700 900000",
            "parent_address": "1 Demo Street\nMidshire",
            "substances": substances,
            "needs_creche": any(child_age <= 5 for _, child_age, _ in children),
        },
        children=[
            ChildDetails(n, child, _years_ago(today, child_age), status, True)
            for n, (child, child_age, status) in enumerate(children, start=1)
        ],
    )
    received = timezone.now() - timedelta(days=days_ago)
    due = WorkingDays().add(timezone.localdate(received), programme.contact_working_days)
    Referral.objects.filter(pk=referral.pk).update(received_at=received, contact_due_on=due)
    return Referral.objects.get(pk=referral.pk)


def seed_programme_demo(*, programme: Programme, admin) -> dict:
    """The team, and referrals in every state of intake. Idempotent: a programme
    with referrals already is left as it is. Returns the demo's referrals by key."""
    worker = User.objects.get(email="programmeworker@example.org")
    coordinator = User.objects.get(email="recovery@example.org")
    ProgrammeWorker.objects.get_or_create(programme=programme, user=worker)
    if Referral.objects.filter(programme=programme).exists():
        return {}
    today = timezone.localdate()
    made = {key: _demo_referral(programme, key) for key in DEMO_FAMILIES}
    allocated = ("tried", "booked", "accepted", "father", "not_suitable", "declined", "withdrawn")
    for key in (*allocated, *PAST):
        made[key] = referral_allocate(referral=made[key], care_coordinator=worker, by=coordinator)

    def contact(key, days_ago, result, assessment_in=None):
        made[key] = Referral.objects.get(pk=made[key].pk)
        contact_attempt_record(
            referral=made[key],
            by=worker,
            made_on=today - timedelta(days=days_ago),
            method=ContactAttempt.Method.PHONE,
            result=result,
            assessment_offered_on=None
            if assessment_in is None
            else today + timedelta(days=assessment_in),
        )

    R = ContactAttempt.Result
    contact("tried", 2, R.NO_ANSWER)
    contact("booked", 1, R.REACHED, assessment_in=6)
    for key in ("accepted", "father"):
        contact(key, 24, R.NO_ANSWER)
        contact(key, 22, R.REACHED, assessment_in=-15)
        made[key] = referral_decide(referral=made[key], name="accept", by=worker)
    for key in PAST:
        days_ago = DEMO_FAMILIES[key][4]
        contact(key, days_ago - 3, R.REACHED, assessment_in=-(days_ago - 8))
        made[key] = referral_decide(referral=made[key], name="accept", by=worker)
    contact("declined", 20, R.REACHED)
    made["not_suitable"] = referral_decide(
        referral=made["not_suitable"],
        name="not_suitable",
        by=worker,
        reason="The youngest child is 12: the programme's creche and groups suit younger "
        "families. Referred on to the family's drug and alcohol service.",
    )
    made["declined"] = referral_decide(
        referral=made["declined"],
        name="parent_declined",
        by=worker,
        reason="Does not want to join a group at present; will think again in the spring.",
    )
    made["withdrawn"] = referral_decide(
        referral=made["withdrawn"],
        name="withdraw",
        by=worker,
        reason="The social worker withdrew it: the family moved out of the area.",
    )
    _seed_delivery(programme, made, worker=worker, coordinator=coordinator)
    _seed_co_facilitator(programme, coordinator=coordinator, admin=admin)
    return made


def _seed_co_facilitator(programme: Programme, *, coordinator, admin) -> None:
    """Olu, a Midshire student on placement with the provider for five weeks, with an
    off-site practice educator, co-facilitates the women's group: the sessions of
    the last three weeks and the next two (requirement 8)."""
    student = User.objects.filter(email="pocarstudent@example.org").first()
    course = Course.objects.filter(title="BA (Hons) Social Work").first()
    if student is None or course is None or Placement.objects.filter(student=student).exists():
        return
    today = timezone.localdate()
    student_profile_save(
        person=student,
        by=admin,
        university=course.university,
        course=course,
        cohort="2025",
        student_number="M240177",
        dbs_checked_on=today - timedelta(days=200),
    )
    starts_on = today - timedelta(weeks=5, days=today.weekday())
    ends_on = WorkingDays().add(starts_on, course.required_days_for(Placement.Level.FIRST) + 15)
    live = Placement.objects.filter(
        status__in=Placement.LIVE_STATUSES, starts_on__lt=ends_on, ends_on__gt=starts_on
    )
    educators = [
        p
        for p in EducatorProfile.objects.select_related("user").order_by("user__email")
        if live.filter(practice_educator=p.user).count() < p.max_students
    ]
    if not educators:
        return
    placement = placement_create(
        by=coordinator,
        student=student,
        course=course,
        host=programme.provider,
        team="POCAR",
        setting_kind=SettingKind.VOLUNTARY,
        service_user_group=ServiceUserGroup.CHILDREN_AND_FAMILIES,
        statutory_tasks=False,
        practice_educator=educators[0].user,
        level=Placement.Level.FIRST,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    for name in ("propose", "confirm", "start"):
        placement = placement_transition(placement=placement, name=name, by=coordinator)
    women = programme.strands.filter(running_now=True).first()
    sessions = GroupSession.objects.filter(
        programme=programme,
        strand=women,
        status=GroupSession.Status.SCHEDULED,
        on__gte=today - timedelta(weeks=3),
        on__lte=today + timedelta(weeks=2),
    ).order_by("on")
    for session in sessions:
        cofacilitator_add(group_session=session, student=student, by=coordinator)


def _seed_delivery(programme: Programme, made: dict, *, worker, coordinator) -> None:
    """Enrolments (one on the women's group, a father on keywork only), group
    sessions with registers and creche places, and three families who have been
    through the programme (ended by the completion rule, follow-ups scheduled)."""
    today = timezone.localdate()
    enrolled = {}
    for key in ("accepted", "father", *PAST):
        enrolled[key] = enrolment_create(referral=made[key], starts_on=today, by=worker)
    # The families who have been through it started two weeks after their referral.
    for key in PAST:
        starts_on = timezone.localdate(made[key].received_at) + timedelta(days=14)
        Enrolment.objects.filter(pk=enrolled[key].pk).update(
            starts_on=starts_on, ends_on=ends_on_for(programme, starts_on)
        )
    # Casey joined the women's group a fortnight ago, Lee (keywork only) ten days ago.
    for key, days_ago in (("accepted", 14), ("father", 10)):
        starts_on = today - timedelta(days=days_ago)
        Enrolment.objects.filter(pk=enrolled[key].pk).update(
            starts_on=starts_on, ends_on=ends_on_for(programme, starts_on)
        )
    enrolled = {key: Enrolment.objects.get(pk=e.pk) for key, e in enrolled.items()}
    first = min(e.starts_on for e in enrolled.values())
    last = today + timedelta(weeks=6)
    start = first
    while start <= last:
        end = min(start + timedelta(weeks=25), last)
        group_sessions_generate(programme=programme, start=start, end=end, by=coordinator)
        start = end + timedelta(days=1)
    upcoming = list(
        GroupSession.objects.filter(programme=programme, on__gt=today).order_by("on")[:6]
    )
    group_session_cancel(
        group_session=upcoming[-1],
        reason="The group room is closed for a fire safety inspection.",
        by=coordinator,
    )
    # Registers: everyone came but for a few apologies; Remy came to fewer than
    # three in four and did not complete.
    missed = {"not_completed": 3, "completed_recent": 9, "completed_earlier": 7}
    for n, session in enumerate(
        GroupSession.objects.filter(
            programme=programme, on__lte=today, status=GroupSession.Status.SCHEDULED
        ).order_by("on")
    ):
        expected = list(expected_at(session))
        if not expected:
            continue
        marks = {}
        for enrolment in expected:
            key = next(k for k, e in enrolled.items() if e.pk == enrolment.pk)
            every = missed.get(key, 0)
            if every and n % every == 0:
                mark = (
                    Attendance.Mark.APOLOGIES if key != "not_completed" else Attendance.Mark.ABSENT
                )
            elif key == "not_completed" and n % 3 == 1:
                mark = Attendance.Mark.ABSENT
            else:
                mark = Attendance.Mark.PRESENT
            marks[enrolment.pk] = mark
        register_take(group_session=session, marks=marks, by=worker)
    # Casey's daughter has a creche place at the last two and the next two sessions.
    child = made["accepted"].children.first()
    around = [
        *GroupSession.objects.filter(
            programme=programme, on__lte=today, on__gte=enrolled["accepted"].starts_on
        ).order_by("-on")[:2],
        *upcoming[:2],
    ]
    for session in around:
        creche_book(group_session=session, child=child, by=worker)
    keywork_plan_agree(
        enrolment=enrolled["accepted"],
        agreed_on=enrolled["accepted"].starts_on,
        goals=[
            ("Have no drink on the days I collect the children from school", 3),
            ("Go to the weekly recovery meeting", 4),
            ("Read with my daughter every evening", 5),
        ],
        by=worker,
    )
    for days_ago, mode in ((9, KeyworkSession.Mode.FACE_TO_FACE), (2, KeyworkSession.Mode.PHONE)):
        keywork_session_record(
            enrolment=enrolled["father"],
            held_on=today - timedelta(days=days_ago),
            mode=mode,
            attended=True,
            note="",
            by=worker,
        )
    for key in PAST:
        enrolment_end(enrolment=enrolled[key], by=worker)
    # Follow-ups done and due: Noel's children were checked at completion and at 3
    # months (the 12-month check falls due this month); Billie's at completion
    # only (the 3-month check is overdue); Remy's completion check is recorded.
    done = {
        "completed_earlier": {
            OutcomeCheck.Point.COMPLETION: "cin",
            OutcomeCheck.Point.THREE_MONTHS: "none",
        },
        "completed_recent": {OutcomeCheck.Point.COMPLETION: "cin"},
        "not_completed": {OutcomeCheck.Point.COMPLETION: "cp"},
    }
    for key, points in done.items():
        for check in OutcomeCheck.objects.filter(
            child__referral=made[key], point__in=list(points)
        ).order_by("pk"):
            if check.due_on <= today:
                outcome_check_record(
                    check=check, status=points[check.point], recorded_on=check.due_on, by=worker
                )
    self_esteem_record(
        enrolment=enrolled["accepted"],
        point=SelfEsteemScore.Point.START,
        score=12,
        recorded_on=enrolled["accepted"].starts_on,
        by=worker,
    )
