"""Children and their carers, schools' requests for support, the work allocated to
students, one-to-one direct-work plans with their weekly sessions, and assessments.

Every child came through a school's request, accepted by the host's co-ordinator,
allocated to a student on a placement the host runs (overseen by the student's
practice educator): that allocation is what lets the student and educator open
the child's page. Sessions already held are logged and, but for the latest,
reviewed; an assessment past its due date is authorised and locked.
"""

from __future__ import annotations

from datetime import time, timedelta

from placements.casework.models import (
    Allocation,
    Assessment,
    Carer,
    Child,
    DirectWorkPlan,
    DirectWorkSession,
    PlanChild,
    SchoolProfile,
    SessionAttendance,
    SupportRequest,
    Theme,
)
from placements.casework.models.assessments import ASSESSMENT_WORKING_DAYS, CONFERENCE_WORKING_DAYS
from placements.casework.models.children import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    REFERENCE_PREFIX,
)
from placements.models import Placement

from . import school_calendar
from .base import Context, by_scale_user, delete_rows, insert, insert_stream, person_name
from .practice import STARTED

SESSIONS_PER_PLAN = 6
YEAR_GROUPS = [choice for choice, _ in Child.YearGroup.choices]
REASONS = (
    "has become withdrawn in class since a change at home.",
    "finds it hard to make friends and is often alone at playtime.",
    "is anxious about coming into school in the mornings.",
    "has been sent unkind messages online and shared personal details.",
)
CHILD_VIEWS = (
    "I get sad at home and I don't want to talk about it in class.",
    "I would like someone to help me make friends.",
    "My tummy hurts in the mornings.",
    "I want to know how to block people and what to do if it happens again.",
)


def _reference(ctx: Context, taken: set[str]) -> str:
    while True:
        code = "".join(ctx.rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        reference = REFERENCE_PREFIX + code
        if reference not in taken:
            taken.add(reference)
            return reference


def generate(ctx: Context) -> dict[str, int]:
    rng, today, made = ctx.rng, ctx.today, ctx.made
    schools, contacts = made["schools"], made["school_contacts"]
    coordinators = {
        org.pk: person for org, person in zip(made["hosts"], made["host_coordinators"], strict=True)
    }
    insert(
        SchoolProfile,
        (
            SchoolProfile(
                school=school, safeguarding_lead=contact, safeguarding_lead_name=contact.name
            )
            for school, contact in zip(schools, contacts, strict=True)
        ),
    )
    themes = list(Theme.objects.filter(is_active=True).order_by("position", "name"))
    # The placement each student is on now, if it has started.
    current = {}
    for plan in made["plans"]:
        current[plan.placement.student_id] = plan.placement
    placements = [p for p in current.values() if p.status in STARTED]
    taken = set(Child.objects.values_list("reference", flat=True))

    children, carers, requests, allocations = [], [], [], []
    for index in range(ctx.volumes.children):
        placement = placements[index % len(placements)]
        school_index = rng.randrange(len(schools))
        first, last = person_name(rng)
        age = rng.randint(5, 15)
        born = today.replace(year=today.year - age) - timedelta(days=rng.randint(1, 360))
        last_day = min(placement.ends_on, today)
        allocated_on = min(placement.starts_on + timedelta(days=rng.randint(7, 42)), last_day)
        asked_on = allocated_on - timedelta(days=rng.randint(3, 20))
        coordinator = coordinators[placement.host_id]
        child = Child(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            gender=rng.choice((Child.Gender.GIRL, Child.Gender.BOY))
            if rng.random() < 0.97
            else Child.Gender.NOT_KNOWN,
            school=schools[school_index],
            year_group=YEAR_GROUPS[age - 5],
            held_by_id=placement.host_id,
            reference=_reference(ctx, taken),
            created_by=coordinator,
            created_at=ctx.at(asked_on, 11),
        )
        children.append(child)
        carers.append(
            Carer(
                child=child,
                name=f"{rng.choice(('Jo', 'Sam', 'Alex', 'Chris', 'Kim'))} {last}",
                relationship=rng.choice(
                    ("mother", "mother", "father", "grandparent", "foster_carer")
                ),
                phone=f"07700 9{index % 100000:05d}",
                has_parental_responsibility=True,
                is_main_contact=True,
            )
        )
        reason = rng.randrange(len(REASONS))
        requests.append(
            SupportRequest(
                child=child,
                child_as_entered=child,
                carer_as_entered=carers[-1],
                school=schools[school_index],
                reason=f"{first} {REASONS[reason]}",
                parent_consent_given=True,
                parent_consent_on=asked_on - timedelta(days=2),
                parent_consent_by=carers[-1].name,
                child_view=CHILD_VIEWS[reason],
                status=SupportRequest.Status.ACCEPTED,
                submitted_at=ctx.at(asked_on, 9),
                submitted_by=contacts[school_index],
                decided_at=ctx.at(asked_on, 15),
                decided_by=coordinator,
            )
        )
        allocations.append(
            Allocation(
                child=child,
                student_id=placement.student_id,
                practice_educator_id=placement.practice_educator_id,
                placement=placement,
                support_request=requests[-1],
                starts_on=allocated_on,
                ends_on=None if placement.status in Placement.LIVE_STATUSES else placement.ends_on,
                created_by=coordinator,
                created_at=ctx.at(allocated_on, 12),
            )
        )
    insert(Child, children)
    insert(Carer, carers)
    insert(SupportRequest, requests)
    insert(
        SupportRequest.themes.through,
        (
            SupportRequest.themes.through(supportrequest_id=r.pk, theme_id=rng.choice(themes).pk)
            for r in requests
        ),
    )
    insert(Allocation, allocations)
    counts = {
        "children": len(children),
        "support requests": len(requests),
        "allocations": len(allocations),
    }
    counts.update(_direct_work(ctx, allocations, themes))
    counts.update(_assessments(ctx, allocations))
    counts.update(school_calendar.generate(ctx))
    made["children"] = children
    made["allocations"] = allocations
    return counts


def _direct_work(
    ctx: Context, allocations: list[Allocation], themes: list[Theme]
) -> dict[str, int]:
    rng, today = ctx.rng, ctx.today
    plans, members = [], []
    for allocation in allocations:
        placement = allocation.placement
        first_on = allocation.starts_on + timedelta(days=7)
        last_on = first_on + timedelta(weeks=SESSIONS_PER_PLAN - 1)
        if last_on < today:
            status = DirectWorkPlan.Status.COMPLETED
        elif first_on < today:
            status = DirectWorkPlan.Status.ACTIVE
        else:
            status = DirectWorkPlan.Status.AGREED
        agreed_on = allocation.starts_on + timedelta(days=rng.randint(1, 5))
        plan = DirectWorkPlan(
            school=allocation.child.school,
            support_request=allocation.support_request,
            planned_sessions=SESSIONS_PER_PLAN,
            first_session_on=first_on,
            session_time=time(rng.choice((9, 10, 11, 13, 14)), rng.choice((0, 30))),
            place_in_school="The quiet room next to the library",
            status=status,
            school_agreed_on=agreed_on,
            school_agreed_by="Deputy head",
            closed_at=ctx.at(min(last_on + timedelta(days=3), today))
            if status == "completed"
            else None,
            created_by_id=placement.student_id,
            created_at=ctx.at(allocation.starts_on, 14),
        )
        plans.append(plan)
        members.append(
            PlanChild(
                plan=plan,
                child=allocation.child,
                child_agreed_on=agreed_on,
                parent_agreed_on=agreed_on,
                parent_agreed_by=allocation.support_request.parent_consent_by,
                closure_summary="The child met their goals and knows who to talk to in school."
                if status == "completed"
                else "",
                faces_rating=rng.choice((4, 5)) if status == "completed" else None,
                child_feedback="I liked the drawing and the games."
                if status == "completed"
                else "",
                closed_at=plan.closed_at,
            )
        )
    insert(DirectWorkPlan, plans)
    insert(PlanChild, members)
    insert(
        DirectWorkPlan.themes.through,
        (
            DirectWorkPlan.themes.through(directworkplan_id=plan.pk, theme_id=rng.choice(themes).pk)
            for plan in plans
        ),
    )
    sessions = []
    for plan, allocation in zip(plans, allocations, strict=True):
        for number in range(1, SESSIONS_PER_PLAN + 1):
            day = plan.first_session_on + timedelta(weeks=number - 1)
            session = DirectWorkSession(
                plan=plan, number=number, planned_on=day, planned_time=plan.session_time
            )
            if day < today:
                roll = rng.random()
                if roll < 0.05:
                    session.status = DirectWorkSession.Status.CANCELLED
                    session.cancelled_by = DirectWorkSession.CancelledBy.SCHOOL
                    session.cancel_reason = "A school trip that day."
                elif roll < 0.1:
                    session.status = DirectWorkSession.Status.DID_NOT_ATTEND
                else:
                    session.status = DirectWorkSession.Status.HELD
                    session.theme = rng.choice(themes)
                    session.activities = "Feelings faces, then the safe-network hand."
                    session.observations = "Engaged well; quieter when talking about home."
                    session.next_steps = "Return to the hand next week and add school adults."
                    session.logged_at = ctx.at(day, 16)
                    session.logged_by_id = allocation.student_id
                    if day < today - timedelta(days=7):
                        session.review = DirectWorkSession.Review.REVIEWED
                        session.reviewed_at = ctx.at(day + timedelta(days=3), 12)
                        session.reviewed_by_id = allocation.practice_educator_id
                    else:
                        session.review = DirectWorkSession.Review.AWAITING
            sessions.append(session)
    insert(DirectWorkSession, sessions)
    attendance = insert_stream(
        SessionAttendance,
        (
            SessionAttendance(
                session=session,
                child=allocation.child,
                attended=session.status == DirectWorkSession.Status.HELD,
                child_voice="I like coming here." if session.status == "held" else "",
            )
            for number, session in enumerate(sessions)
            for allocation in (allocations[number // SESSIONS_PER_PLAN],)
        ),
    )
    return {
        "direct-work plans": len(plans),
        "direct-work sessions": len(sessions),
        "session attendance": attendance,
    }


def _assessments(ctx: Context, allocations: list[Allocation]) -> dict[str, int]:
    rng, today, made = ctx.rng, ctx.today, ctx.made
    social_workers: dict[int, list] = {}
    for index, worker in enumerate(made["social_workers"]):
        social_workers.setdefault(made["hosts"][index % len(made["hosts"])].pk, []).append(worker)
    managers = {host.pk: m for host, m in zip(made["hosts"], made["team_managers"], strict=True)}
    chosen = rng.sample(allocations, min(ctx.volumes.assessments, len(allocations)))
    assessments = []
    for allocation in chosen:
        child = allocation.child
        section_47 = ctx.chance(0.05)
        start = allocation.starts_on + timedelta(days=rng.randint(0, 20))
        if start > today:
            start = allocation.starts_on
        referred = start - timedelta(days=rng.randint(0, 3))
        due = ctx.working_days.add(referred, ASSESSMENT_WORKING_DAYS)
        assessment = Assessment(
            child=child,
            kind=Assessment.Kind.SECTION_47 if section_47 else Assessment.Kind.CHILD_AND_FAMILY,
            referral_date=referred,
            start_date=start,
            due_date=due,
            social_worker=rng.choice(social_workers[child.held_by_id]),
            # A student never holds case responsibility for a section 47 enquiry.
            student_id=None if section_47 else allocation.student_id,
            developmental_needs="Meeting milestones; some speech and language needs.",
            parenting_capacity="Warm and caring; routines slip when the parent is unwell.",
            family_environment="Stable housing; grandparents nearby and supportive.",
            child_voice="I like it when we all have tea together.",
            created_by=managers[child.held_by_id],
            created_at=ctx.at(start, 9),
        )
        if section_47:
            assessment.strategy_discussion_on = start
            assessment.conference_due_on = ctx.working_days.add(start, CONFERENCE_WORKING_DAYS)
            if assessment.conference_due_on < today:
                assessment.conference_held_on = assessment.conference_due_on
        finished_by = due + timedelta(days=rng.randint(-20, 5))
        if finished_by < today - timedelta(days=3):
            authorised = ctx.at(finished_by, 15)
            assessment.status = Assessment.Status.AUTHORISED
            assessment.analysis = "Needs are met with early help in place; risks are low."
            assessment.recommendation = Assessment.Recommendation.EARLY_HELP
            assessment.submitted_at = ctx.at(finished_by - timedelta(days=2), 12)
            assessment.authorised_at = authorised
            assessment.authorised_by = managers[child.held_by_id]
            assessment.completed_on = finished_by
            assessment.locked_at = authorised
        elif finished_by < today + timedelta(days=10) and ctx.chance(0.5):
            assessment.status = Assessment.Status.SUBMITTED
            assessment.analysis = "Needs are met with early help in place; risks are low."
            assessment.recommendation = Assessment.Recommendation.EARLY_HELP
            assessment.submitted_at = ctx.at(min(finished_by, today), 12)
        assessments.append(assessment)
    insert(Assessment, assessments)
    return {"assessments": len(assessments)}


def clear() -> dict[str, int]:
    held = by_scale_user("child__created_by")
    return school_calendar.clear() | delete_rows(
        (Assessment, held),
        (SessionAttendance, held),
        (DirectWorkSession, by_scale_user("plan__created_by")),
        (PlanChild, held),
        (DirectWorkPlan.themes.through, by_scale_user("directworkplan__created_by")),
        (DirectWorkPlan, by_scale_user("created_by")),
        (Allocation, held),
        (SupportRequest.themes.through, by_scale_user("supportrequest__child__created_by")),
        (SupportRequest, held),
        (Carer, held),
        (Child, by_scale_user("created_by")),
        (SchoolProfile, by_scale_user("safeguarding_lead")),
    )
