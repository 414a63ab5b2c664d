"""Demo casework (issue 6, requirement 12), written through the services so the
demo obeys the same rules as the pages.

Two partner schools ask for support for their pupils; requests sit in every
state (one waiting more than 1 working day). The demo student, Sam Student,
is allocated a one-to-one child and a group of three, with sessions logged
and one waiting for the practice educator's review; an open safeguarding
concern sits at the top of one child's page. Other students of the cohort
finished plans at Brookfield with wellbeing measures at the first and last
session, so the co-ordinators' report has a group of 5 or more to show.
Assessments are on time, due soon and overdue; one is a child protection
enquiry whose initial conference is due soon. Requests are decided within 1
working day of arriving, but for one decided late.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from placements.models import Placement
from portal.accounts.models import Organisation, User
from portal.audit.context import acting_as
from portal.workingdays import WorkingDays

from .models import SchoolProfile, SupportRequest, Theme
from .seed_terms import seed_school_terms_and_services
from .services.requests import support_request_decide, support_request_submit


@dataclass(frozen=True)
class Pupil:
    school: str  # "school_a" (Brookfield) or "school_b" (Hillcrest)
    first_name: str
    last_name: str
    age: int
    gender: str
    year_group: str
    carer: str
    relationship: str
    reason: str
    child_view: str
    themes: tuple[str, ...]


def _born(age: int, today: date, offset_days: int) -> date:
    return today.replace(year=today.year - age) - timedelta(days=offset_days)


def _theme(name: str) -> Theme:
    return Theme.objects.get(name__iexact=name)


PUPILS = {
    # Sam Student's one-to-one work at Brookfield.
    "maya": Pupil(
        "school_a",
        "Maya",
        "Brooks",
        9,
        "girl",
        "year_4",
        "Jo Brooks",
        "mother",
        "Maya has become withdrawn in class since her parents separated in the summer.",
        "I get sad at home and I don't want to talk about it in class.",
        ("Emotional resilience", "Safe networks"),
    ),
    # Sam's group at Brookfield: online safety.
    "leo": Pupil(
        "school_a",
        "Leo",
        "Carter",
        10,
        "boy",
        "year_5",
        "Dan Carter",
        "father",
        "Leo has been sent unkind messages in a gaming chat and shared personal details.",
        "I want to know how to block people and what to do if it happens again.",
        ("Online safety",),
    ),
    "aisha": Pupil(
        "school_a",
        "Aisha",
        "Rahman",
        10,
        "girl",
        "year_5",
        "Nadia Rahman",
        "mother",
        "Aisha joined a group chat where older children ask for photos.",
        "I didn't know it was not okay. I want to learn.",
        ("Online safety",),
    ),
    "noah": Pupil(
        "school_a",
        "Noah",
        "Fenwick",
        11,
        "boy",
        "year_6",
        "Karen Fenwick",
        "grandparent",
        "Noah spends late nights online and is tired in school.",
        "Games are fun but I'm tired all the time.",
        ("Online safety", "Problem solving"),
    ),
    # Waiting for a decision for more than 1 working day (flagged).
    "ellie": Pupil(
        "school_a",
        "Ellie",
        "Ward",
        8,
        "girl",
        "year_3",
        "Tina Ward",
        "mother",
        "Ellie finds it hard to make friends and is often alone at playtime.",
        "I would like someone to help me make friends.",
        ("Self-esteem and confidence",),
    ),
    "finn": Pupil(
        "school_a",
        "Finn",
        "Hale",
        7,
        "boy",
        "year_2",
        "Marcus Hale",
        "father",
        "Finn is anxious about coming into school in the mornings.",
        "My tummy hurts in the mornings.",
        ("Emotional resilience",),
    ),
    # Hillcrest: a new request today, one redirected to social care, one accepted.
    "zara": Pupil(
        "school_b",
        "Zara",
        "Khan",
        12,
        "girl",
        "year_7",
        "Imran Khan",
        "father",
        "Zara's confidence has dropped since moving up to secondary school.",
        "Everyone else seems to know what they are doing.",
        ("Self-esteem and confidence",),
    ),
    "oscar": Pupil(
        "school_b",
        "Oscar",
        "Price",
        13,
        "boy",
        "year_8",
        "Lisa Price",
        "mother",
        "Oscar has been seen with older young people outside school and has new expensive things.",
        "They're my mates, it's fine.",
        ("Criminal exploitation and gangs",),
    ),
    "ruby": Pupil(
        "school_b",
        "Ruby",
        "Lane",
        12,
        "girl",
        "year_7",
        "Sara Lane",
        "mother",
        "Ruby has heard arguments at home and is worried about her mum.",
        "I worry about mum when I'm at school.",
        ("Domestic abuse", "Safe networks"),
    ),
}

# Finished one-to-one plans at Brookfield by other students, with wellbeing
# measures: five children, so the report shows Brookfield's scores.
FINISHED = [
    ("Isla", "Morgan", 9, "girl", "year_4", "Amy Morgan"),
    ("Jack", "Doyle", 10, "boy", "year_5", "Steve Doyle"),
    ("Poppy", "Shaw", 8, "girl", "year_3", "Kim Shaw"),
    ("Ethan", "Cole", 11, "boy", "year_6", "Rachel Cole"),
    ("Lily", "Grant", 9, "girl", "year_4", "Paul Grant"),
]


def seed_casework(*, organisations: dict, admin: User) -> None:
    """Seed the demo casework once (running seed_demo again changes nothing)."""
    if SupportRequest.objects.exists():
        seed_school_terms_and_services(organisations=organisations, admin=admin)
        return
    today = timezone.localdate()
    council = organisations["council"]
    schools = {"school_a": organisations["school_a"], "school_b": organisations["school_b"]}
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    contacts = {
        "school_a": users["school@example.org"],
        "school_b": users["school2@example.org"],
    }
    with acting_as(admin):
        for key, contact in contacts.items():
            SchoolProfile.objects.get_or_create(
                school=schools[key],
                defaults={
                    "safeguarding_lead": contact,
                    "safeguarding_lead_name": contact.name,
                    "safeguarding_lead_email": contact.email,
                },
            )
    coordinator = users["coordinator@example.org"]
    student = users["student@example.org"]
    educator = users["educator@example.org"]
    sam_placement = Placement.objects.get(student=student, host=council)
    requests = {
        key: _request(pupil, schools, contacts, council, today, offset)
        for offset, (key, pupil) in enumerate(PUPILS.items())
    }
    # Sam's children were asked for a week before the placement started.
    asked = timezone.make_aware(
        datetime.combine(sam_placement.starts_on - timedelta(days=7), time(9, 0))
    )
    SupportRequest.objects.filter(
        pk__in=[requests[key].pk for key in ("maya", "leo", "aisha", "noah", "ruby")]
    ).update(submitted_at=asked)
    for key in ("maya", "leo", "aisha", "noah", "ruby"):
        requests[key].refresh_from_db()
    # Triage: Sam takes Maya and the online-safety group from the placement's start.
    for key in ("maya", "leo", "aisha", "noah"):
        support_request_decide(
            support_request=requests[key],
            name="accept",
            by=coordinator,
            students=[student],
            practice_educator=educator,
            starts_on=sam_placement.starts_on,
        )
    support_request_decide(
        support_request=requests["finn"],
        name="decline",
        by=coordinator,
        reason="Finn's school nurse and family support worker are already working with him "
        "on mornings; we will take a new request if that ends.",
    )
    support_request_decide(
        support_request=requests["oscar"],
        name="redirect",
        by=coordinator,
        reason="Signs of criminal exploitation: referred to the children's services front "
        "door the same day for a strategy discussion.",
    )
    ruby_student = _cohort_students(council, exclude=student)[0]
    support_request_decide(
        support_request=requests["ruby"],
        name="accept",
        by=coordinator,
        students=[ruby_student.student],
        starts_on=max(ruby_student.starts_on, today - timedelta(days=14)),
    )
    # Each was decided on the morning it arrived, but Finn's: three working days late.
    SupportRequest.objects.filter(
        pk__in=[requests[key].pk for key in ("maya", "leo", "aisha", "noah", "ruby")]
    ).update(decided_at=asked + timedelta(hours=3))
    calendar = WorkingDays()
    SupportRequest.objects.filter(pk=requests["finn"].pk).update(
        submitted_at=timezone.make_aware(
            datetime.combine(_working_days_before(calendar, today, 3), time(9, 0))
        )
    )
    # Ellie's request has waited 7 working days; Zara's arrived today.
    waited = _working_days_before(calendar, today, 7)
    SupportRequest.objects.filter(pk=requests["ellie"].pk).update(
        submitted_at=timezone.make_aware(datetime.combine(waited, time(9, 30)))
    )
    # Parts that build on the triage (plans, sessions, measures, concerns and
    # assessments) follow.
    _seed_direct_work(
        requests=requests,
        student=student,
        educator=educator,
        coordinator=coordinator,
        placement=sam_placement,
        council=council,
        schools=schools,
        contacts=contacts,
        today=today,
    )
    # Hillcrest asks again for Oscar after his first request was redirected. A
    # school's request always makes its own record (it never reveals or joins one
    # the school cannot see), so the service now holds two records of him: the
    # co-ordinator sees "Possible duplicate" on the request and merges them.
    _request(
        replace(
            PUPILS["oscar"],
            reason="Oscar has missed most afternoons since half term and will not say where "
            "he goes.",
            child_view="I don't want to get anyone in trouble.",
        ),
        schools,
        contacts,
        council,
        today,
        list(PUPILS).index("oscar"),
    )
    # Last: the demo's plans and sessions above keep the dates they were given.
    seed_school_terms_and_services(organisations=organisations, admin=admin)


def _request(pupil: Pupil, schools, contacts, council, today, offset) -> SupportRequest:
    return support_request_submit(
        by=contacts[pupil.school],
        school=schools[pupil.school],
        service=council,
        child_fields={
            "first_name": pupil.first_name,
            "last_name": pupil.last_name,
            "date_of_birth": _born(pupil.age, today, 40 + 23 * offset),
            "gender": pupil.gender,
            "year_group": pupil.year_group,
        },
        carer_fields={
            "name": pupil.carer,
            "relationship": pupil.relationship,
            "phone": f"07700 900{100 + offset:03d}",
            "has_parental_responsibility": True,
        },
        reason=pupil.reason,
        themes=[_theme(name) for name in pupil.themes],
        parent_consent_on=today - timedelta(days=20),
        parent_consent_by=f"{pupil.carer}, {pupil.relationship.replace('_', ' ')}",
        child_view=pupil.child_view,
    )


def _working_days_before(calendar: WorkingDays, day: date, days: int) -> date:
    current = day
    while days:
        current -= timedelta(days=1)
        if calendar.is_working_day(current):
            days -= 1
    return current


def _cohort_students(council: Organisation, *, exclude: User) -> list[Placement]:
    """Cohort students' placements at the council under way for 8 weeks or more."""
    return list(
        Placement.objects.filter(
            host=council,
            status__in=[Placement.Status.ACTIVE, Placement.Status.MIDPOINT_REVIEWED],
            starts_on__lte=timezone.localdate() - timedelta(weeks=8),
        )
        .exclude(student=exclude)
        .exclude(practice_educator__isnull=True)
        .select_related("student", "practice_educator")
        .order_by("starts_on", "pk")
    )


# --- direct work ---------------------------------------------------------------------

SA, A, D, SD = "strongly_agree", "agree", "disagree", "strongly_disagree"
STIRLING_FIRST = [2, 3, 2, 2, 3, 2, 2, 3, 2, 2, 3, 2]
STIRLING_LAST = [4, 4, 3, 4, 4, 3, 4, 4, 4, 3, 4, 4]
ROSENBERG_FIRST = [D, A, D, A, A, A, D, A, A, D]
ROSENBERG_LAST = [A, D, A, A, D, D, A, D, D, A]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _agree(plan, *, by, on: date, parents: dict) -> None:
    from .services.plan_status import plan_transition
    from .services.plans import plan_agreements_record

    plan_agreements_record(
        by=by,
        plan=plan,
        school_agreed_on=on,
        school_agreed_by="Mrs Patel, SENCo",
        children={
            child.pk: {
                "child_agreed_on": on,
                "parent_agreed_on": on,
                "parent_agreed_by": parent,
            }
            for child, parent in parents.items()
        },
    )
    plan_transition(plan=plan, name="agree", by=by)


def _measures(plan, child, *, by, session, point: str) -> None:
    from .services.wellbeing import wellbeing_record

    first = point == "first"
    for scale, answers in (
        ("stirling", STIRLING_FIRST if first else STIRLING_LAST),
        ("rosenberg", ROSENBERG_FIRST if first else ROSENBERG_LAST),
    ):
        wellbeing_record(
            by=by,
            plan=plan,
            child=child,
            scale=scale,
            point=point,
            answers=answers,
            completed_on=session.planned_on,
            session=session,
        )


def _log(session, *, by, theme, children, voices, absent=(), activities="", next_steps=""):
    from .services.sessions import session_log

    return session_log(
        session=session,
        by=by,
        outcome="held",
        theme=theme,
        activities=activities
        or "Feelings thermometer, then a drawing of the people who help at school.",
        observations="Engaged well once settled; more eye contact than last week.",
        next_steps=next_steps or "Build on the trusted-adults map next week.",
        attendance=[
            {
                "child": child,
                "attended": child not in absent,
                "child_voice": "" if child in absent else voices.get(child, ""),
                "notes": "Absent: on a school trip." if child in absent else "",
            }
            for child in children
        ],
    )


def _seed_direct_work(
    *, requests, student, educator, coordinator, placement, council, schools, contacts, today
) -> None:
    from .services.plans import plan_create
    from .services.sessions import session_review

    agreed_on = timezone.localdate(requests["maya"].submitted_at) + timedelta(days=2)

    # Maya: one-to-one, two sessions logged (one reviewed, one waiting for review),
    # the third due for the student to log.
    maya = requests["maya"].child
    resilience = _theme("Emotional resilience")
    plan = plan_create(
        by=educator,
        children=[maya],
        goals={maya.pk: ["I want to tell a grown-up when I feel sad", "I want to enjoy playtime"]},
        themes=[resilience, _theme("Safe networks")],
        first_session_on=placement.starts_on,
        session_time=time(10, 15),
        place_in_school="The nurture room",
        support_request=requests["maya"],
    )
    _agree(plan, by=educator, on=agreed_on, parents={maya: "Jo Brooks, mother"})
    first, second = list(plan.sessions.order_by("number"))[:2]
    _log(
        first,
        by=student,
        theme=resilience,
        children=[maya],
        voices={maya: "Sad is like a grey cloud. Mrs Patel is nice to talk to."},
    )
    _measures(plan, maya, by=student, session=first, point="first")
    session_review(session=first, by=educator, decision="reviewed")
    _log(
        second,
        by=student,
        theme=_theme("Safe networks"),
        children=[maya],
        voices={maya: "My hand has mum, nan, Mrs Patel and my friend Zoe."},
    )
    _concern(second, maya, by=student)

    # The online-safety group: Noah missed the first session; the second was
    # returned by the practice educator with comments.
    group = [requests[key].child for key in ("leo", "aisha", "noah")]
    online = _theme("Online safety")
    group_plan = plan_create(
        by=educator,
        children=group,
        goals={
            group[0].pk: ["I want to know how to block and report"],
            group[1].pk: ["I want to know what is okay to share"],
            group[2].pk: ["I want to stop gaming so late"],
        },
        themes=[online],
        first_session_on=placement.starts_on + timedelta(days=2),
        session_time=time(13, 30),
        session_minutes=60,
        place_in_school="The library",
        support_request=requests["leo"],
    )
    _agree(
        group_plan,
        by=educator,
        on=agreed_on,
        parents={
            child: f"{PUPILS[key].carer}, {PUPILS[key].relationship.replace('_', ' ')}"
            for child, key in zip(group, ("leo", "aisha", "noah"), strict=True)
        },
    )
    one, two = list(group_plan.sessions.order_by("number"))[:2]
    _log(
        one,
        by=student,
        theme=online,
        children=group,
        absent=(group[2],),
        voices={
            group[0]: "I didn't know you could report a whole server.",
            group[1]: "Photos stay on the internet forever.",
        },
        activities="Group agreement, then sorting cards: safe, not sure, not safe to share.",
    )
    for child in group[:2]:
        _measures(group_plan, child, by=student, session=one, point="first")
    session_review(session=one, by=educator, decision="reviewed")
    _log(
        two,
        by=student,
        theme=online,
        children=group,
        voices={
            group[0]: "Block, report, tell.",
            group[1]: "I'd tell my mum.",
            group[2]: "I play until midnight sometimes.",
        },
        activities="Role play of what to do when a stranger messages.",
    )
    session_review(
        session=two,
        by=educator,
        decision="returned",
        comments="Please add what you noticed about Noah joining the group for the first "
        "time, and a next step for his late-night gaming.",
    )

    # Ruby (Hillcrest): a draft plan waiting for the family's agreement.
    ruby = requests["ruby"].child
    plan_create(
        by=coordinator,
        children=[ruby],
        goals={ruby.pk: ["I want to worry less about mum when I'm at school"]},
        themes=[_theme("Domestic abuse"), _theme("Safe networks")],
        first_session_on=today + timedelta(days=7 - today.weekday()),
        place_in_school="The pastoral base",
        support_request=requests["ruby"],
    )

    _finished_plans(
        council=council,
        schools=schools,
        contacts=contacts,
        today=today,
        exclude=student,
        coordinator=coordinator,
    )
    _assessments(requests=requests, student=student, council=council, today=today)


def _concern(session, child, *, by) -> None:
    from .services.safeguarding import concern_raise

    concern_raise(
        by=by,
        session=session,
        child=child,
        happened_at=_at(session.planned_on, 10, 40),
        what_happened="While drawing her helping hand, the child said that her mum's new "
        "partner shouts at night and once pushed her mum into the door.",
        actions_taken="Listened and did not ask leading questions. Told the school's "
        "designated safeguarding lead in person at 10:55 and my practice educator by phone "
        "at 11:10.",
    )


def _finished_plans(*, council, schools, contacts, today, exclude, coordinator) -> None:
    """Five one-to-one plans finished at Brookfield by cohort students."""
    from .services.closure import closure_record
    from .services.plan_status import plan_transition
    from .services.plans import plan_create
    from .services.sessions import session_review

    placements = _cohort_students(council, exclude=exclude)
    if not placements:
        return
    confidence = _theme("Self-esteem and confidence")
    for index, (first_name, last_name, age, gender, year, carer) in enumerate(FINISHED):
        placement = placements[index % len(placements)]
        pupil = Pupil(
            "school_a",
            first_name,
            last_name,
            age,
            gender,
            year,
            carer,
            "mother",
            "Low confidence in class and reluctant to join in.",
            "I want to be braver.",
            ("Self-esteem and confidence",),
        )
        request = _request(pupil, schools, contacts, council, today, 20 + index)
        SupportRequest.objects.filter(pk=request.pk).update(
            submitted_at=_at(placement.starts_on, 9)
        )
        request.refresh_from_db()
        support_request_decide(
            support_request=request,
            name="accept",
            by=coordinator,
            students=[placement.student],
            starts_on=placement.starts_on,
        )
        # Decided the day it arrived (only Finn's request is decided late).
        SupportRequest.objects.filter(pk=request.pk).update(decided_at=_at(placement.starts_on, 14))
        child = request.child
        worker, educator = placement.student, placement.practice_educator
        plan = plan_create(
            by=educator,
            children=[child],
            goals={child.pk: ["I want to put my hand up in class", "I want to try new things"]},
            themes=[confidence],
            first_session_on=placement.starts_on + timedelta(days=7),
            place_in_school="The small group room",
            support_request=request,
        )
        _agree(
            plan,
            by=educator,
            on=placement.starts_on + timedelta(days=2),
            parents={child: f"{carer}, mother"},
        )
        sessions = list(plan.sessions.order_by("number"))
        for number, session in enumerate(sessions, start=1):
            _log(
                session,
                by=worker,
                theme=confidence,
                children=[child],
                voices={child: f"Session {number}: I tried something new today."},
                activities="Strengths cards and a confidence ladder.",
                next_steps="Practise one brave step in class this week.",
            )
            if number == 1:
                _measures(plan, child, by=worker, session=session, point="first")
            session_review(session=session, by=educator, decision="reviewed")
        _measures(plan, child, by=worker, session=sessions[-1], point="last")
        member = plan.members.get(child=child)
        closure_record(
            by=worker,
            member=member,
            summary="Over six weekly sessions we worked on confidence: naming strengths, "
            "setting small brave steps and noticing progress. Class staff report more "
            "hands up and joining in at playtime.",
            faces_rating=5 if index % 2 == 0 else 4,
            child_feedback="I liked the strengths cards. I feel braver.",
            goal_outcomes={
                goal.pk: ("met" if position == 0 else "partly")
                for position, goal in enumerate(member.goals.order_by("position"))
            },
        )
        plan_transition(plan=plan, name="complete", by=educator)


ASSESSMENT_TEXT = {
    "developmental_needs": "Meeting milestones; attendance 91%; some worries about sleep "
    "and concentration reported by class staff.",
    "parenting_capacity": "Warm relationship with mum, who recognises the impact of recent "
    "conflict at home and wants support with routines.",
    "family_environment": "Lives with mum and a younger brother in a two-bedroom flat; "
    "maternal grandmother nearby and involved.",
    "child_voice": "Said she feels safe with mum and nan and wants the shouting to stop.",
    "analysis": "Needs are being met but stress at home is affecting sleep and learning. "
    "Protective factors are strong; a coordinated early help offer is proportionate.",
}


def _assessments(*, requests, student, council, today) -> None:
    """Assessments: one authorised on time, one due within 5 working days (drafted by
    the demo student with the social worker), and one overdue waiting to be authorised."""
    from .services.assessments import (
        assessment_create,
        assessment_transition,
        assessment_update,
    )

    users = {
        u.email: u
        for u in User.objects.filter(email__in=["socialworker@example.org", "manager@example.org"])
    }
    social_worker = users["socialworker@example.org"]
    manager = users["manager@example.org"]
    calendar = WorkingDays()

    def referred(working_days_ago: int) -> date:
        return _working_days_before(calendar, today, working_days_ago)

    def written(assessment, recommendation: str) -> None:
        assessment_update(
            by=social_worker,
            assessment=assessment,
            recommendation=recommendation,
            **ASSESSMENT_TEXT,
        )

    # On time: referred 40 working days ago, written and authorised.
    on_time = assessment_create(
        by=manager,
        child=requests["ruby"].child,
        referral_date=referred(40),
        start_date=referred(39),
        social_worker=social_worker,
    )
    written(on_time, "early_help")
    assessment_transition(assessment=on_time, name="submit", by=social_worker)
    assessment_transition(assessment=on_time, name="authorise", by=manager)
    # Due soon: referred 42 working days ago; the demo student co-works it.
    due_soon = assessment_create(
        by=manager,
        child=requests["maya"].child,
        referral_date=referred(42),
        start_date=referred(41),
        social_worker=social_worker,
        student=student,
    )
    assessment_update(
        by=student,
        assessment=due_soon,
        developmental_needs=ASSESSMENT_TEXT["developmental_needs"],
        child_voice=ASSESSMENT_TEXT["child_voice"],
    )
    # Overdue: referred 50 working days ago, submitted, waiting for the manager.
    overdue = assessment_create(
        by=manager,
        child=requests["oscar"].child,
        referral_date=referred(50),
        start_date=referred(49),
        social_worker=social_worker,
    )
    written(overdue, "strategy_discussion")
    assessment_transition(assessment=overdue, name="submit", by=social_worker)
    # A child protection enquiry (section 47): the strategy discussion was 12 working
    # days ago, so the initial conference is due within 3 working days. The social
    # worker is accountable; the demo student co-works it (never accountable for one).
    assessment_create(
        by=manager,
        child=requests["leo"].child,
        kind="section_47",
        referral_date=referred(13),
        start_date=referred(12),
        strategy_discussion_on=referred(12),
        social_worker=social_worker,
        student=student,
    )
