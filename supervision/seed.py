"""Demo supervision histories (seed_demo), written through the services.

placements.seed calls `seed_supervision` (registered with its
`demo_placement_seeder` at start-up, SupervisionConfig.ready) for each demo
placement once its days are recorded and before its reviews move it on, so
every record is made the way people make it: booked, written, sent, reflected
on, signed by both, locked.
The stories, so each state shows somewhere:
- compliant: every past week has a locked 90-minute (the course minimum) record;
- Ellie Robinson (behind): two short weeks of 45 minutes;
- Jade Thompson (behind): one week with no supervision;
- Sam Student (the demo student): last week's record waits for the reflection;
- Kieran Walsh (midpoint): last week's record waits for the PE's signature;
- Farah Ali (midpoint): a locked record corrected by a signed amendment.
Direct observations: done and locked on the longer placements (the final ones
meet the whole rule, one by another registered social worker), one booked for
the demo student next week (due), and none before the midpoint for the
placements behind on days (overdue).
Upcoming weeks are booked from the agreement's weekly slot (supervision.services.schedule).
"""

from __future__ import annotations

from datetime import date, time, timedelta

from placements.models import Capability, Placement
from placements.seed import demo_placement_seeder
from portal.accounts.models import User

from .models import SupervisionSession
from .services import observations as observation_services
from .services import sessions as session_services
from .services.schedule import monday_of, schedule_sessions
from .services.workflow import apply_transition, sign_record

WEDNESDAY = 2
SLOT = time(10, 0)

AGENDA = [
    {
        "agenda_wellbeing": "Settling into the team; travel and workload feel manageable.",
        "agenda_workload": "Two school direct-work pupils; first home visit shadowed.",
        "agenda_learning": "Linking attachment theory to the self-esteem sessions.",
        "agenda_reflection": "What went well in the first group session, and what to change.",
        "agenda_case_discussion": "Child A (anonymised): planning a session on safe networks.",
        "agenda_actions_review": "Reading on the local early-help threshold done.",
    },
    {
        "agenda_wellbeing": "A tiring week; talked about boundaries and taking breaks.",
        "agenda_workload": "Co-working an assessment with a qualified social worker.",
        "agenda_learning": "Critical reflection: weighing the family's and school's views.",
        "agenda_reflection": "How the student handled a disagreement with a parent.",
        "agenda_case_discussion": "Family B (anonymised): analysis for the assessment.",
        "agenda_actions_review": "Case recording deadlines are now met.",
    },
]

REFLECTION = (
    "Supervision helped me slow down and think about why the session went the way it "
    "did. I want to plan the next one around the child's own words."
)


def _week_sessions_wanted(placement: Placement, today: date) -> list[date]:
    """The slot day of each full week from the start to last week."""
    wanted = []
    monday = monday_of(placement.starts_on)
    while monday + timedelta(days=6) < today and monday <= placement.ends_on:
        day = monday + timedelta(days=WEDNESDAY)
        if placement.starts_on <= day <= placement.ends_on:
            wanted.append(day)
        monday += timedelta(days=7)
    return wanted


def _locked(session, student: User, educator: User) -> SupervisionSession:
    session = apply_transition(record=session, name="send_to_student", by=educator)
    session_services.session_reflect(session=session, by=student, reflection=REFLECTION)
    session = sign_record(record=session, by=student)
    return sign_record(record=session, by=educator)


@demo_placement_seeder
def seed_supervision(*, placement: Placement, student: User, educator: User, today: date) -> None:
    """Supervision for one demo placement (called by placements.seed through its registry)."""
    if placement.status not in (Placement.Status.ACTIVE,) or placement.starts_on >= today:
        schedule_sessions(placement=placement, today=today)
        return
    if SupervisionSession.objects.filter(placement=placement).exists():
        return
    name = str(student)
    domains = list(
        Capability.objects.filter(version__framework__code="pcf", version__is_current=True)
    )
    days = _week_sessions_wanted(placement, today)
    for index, day in enumerate(days):
        last = index == len(days) - 1
        if name == "Jade Thompson" and index == 4:
            continue  # a week without supervision
        minutes = placement.course.weekly_supervision_minutes
        if name == "Ellie Robinson" and index in (1, 4):
            minutes = 45  # two short weeks
        if name == "Farah Ali" and index == 1:
            minutes = 60  # recorded wrongly; corrected by the amendment below
        session = session_services.session_create(
            placement=placement, by=educator, date=day, starts_at=SLOT, duration_minutes=minutes
        )
        session = session_services.session_start(session=session, by=educator)
        agenda = AGENDA[index % len(AGENDA)]
        session = session_services.session_record_save(
            session=session,
            by=educator,
            domains=domains[index % 9 : index % 9 + 2],
            notes="Agreed the plan for next week's direct work.",
            **agenda,
        )
        if index == 0:
            session_services.action_add(
                session=session,
                by=educator,
                description="Read the local early-help threshold guidance",
                owner=student,
                due_on=day + timedelta(days=7),
            )
        if last and name == "Sam Student":
            apply_transition(record=session, name="send_to_student", by=educator)
            continue  # waits for Sam's reflection and signature
        if last and name == "Kieran Walsh":
            session = apply_transition(record=session, name="send_to_student", by=educator)
            session_services.session_reflect(session=session, by=student, reflection=REFLECTION)
            sign_record(record=session, by=student)
            continue  # waits for the PE's signature
        session = _locked(session, student, educator)
        if name == "Farah Ali" and index == 1:
            correction = session_services.session_amend(
                session=session,
                by=educator,
                reason="The session ran for 90 minutes, not the 60 first recorded.",
            )
            correction = session_services.session_record_save(
                session=correction,
                by=educator,
                duration_minutes=90,
                notes="Corrected: the session ran for the full slot.",
            )
            _locked(correction, student, educator)
    schedule_sessions(placement=placement, today=today)
    _observations(placement=placement, student=student, educator=educator, today=today)


OBSERVED_WORK = [
    ("School group session on self-esteem", "Open the group, run the feelings game, close well."),
    ("Home visit with a parent", "Explain the assessment and hear the parent's worries."),
    ("One-to-one session in school", "Use the safe-network hand to map trusted adults."),
]


def _observation_done(placement, student, observer, day, index):
    setting, plan = OBSERVED_WORK[index % len(OBSERVED_WORK)]
    observation = observation_services.observation_book(
        placement=placement,
        by=student,
        observer=observer,
        date=day,
        setting=setting,
        pre_observation_plan=plan,
    )
    observation = observation_services.observation_step(
        observation=observation, by=observer, name="start"
    )
    domains = list(
        Capability.objects.filter(version__framework__code="pcf", version__is_current=True)
    )
    observation_services.observation_feedback_save(
        observation=observation,
        by=observer,
        overall_feedback="A well-planned session; the student kept the child's voice central.",
        domain_feedback={
            domains[6]: "Warm, clear engagement; adapted the activity when the child tired.",
            domains[1]: "Explained confidentiality and its limits in words the child understood.",
        },
    )
    observation_services.service_user_feedback_save(
        observation=observation,
        by=observer,
        kind="faces",
        given_by="Child aged 9",
        faces=4,
        comments="I liked drawing my hand of people.",
    )
    observation = observation_services.observation_step(
        observation=observation, by=observer, name="send_to_student"
    )
    observation_services.observation_reflect(
        observation=observation,
        by=student,
        reflection="I rushed the ending; next time I will leave ten minutes to close.",
    )
    observation = observation_services.observation_sign(observation=observation, by=student)
    return observation_services.observation_sign(observation=observation, by=observer)


def _observations(*, placement: Placement, student: User, educator: User, today: date) -> None:
    from placements.models import EducatorProfile
    from placements.oversight import midpoint_of

    name = str(student)
    weeks_in = (today - placement.starts_on).days // 7
    if name == "Sam Student":
        observation_services.observation_book(
            placement=placement,
            by=educator,
            observer=educator,
            date=max(today + timedelta(days=7), placement.starts_on),
            setting="School one-to-one session",
        )
        return
    if name in ("Ellie Robinson", "Jade Thompson") or weeks_in < 4:
        return  # nothing yet: the one before the midpoint is overdue for those behind
    midpoint = midpoint_of(placement)
    observers = [educator]
    if weeks_in >= 20:
        other = EducatorProfile.objects.exclude(user=educator).select_related("user").first()
        observers = [educator, educator] + ([other.user] if other else [educator])
    for index, observer in enumerate(observers):
        day = placement.starts_on + timedelta(weeks=3 + index * 6, days=1)
        if index == 0:
            day = min(day, midpoint)
        if day >= today:
            break
        _observation_done(placement, student, observer, day, index)
