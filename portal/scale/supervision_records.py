"""Weekly supervision records with their actions, PCF domains and signatures, and
direct observations with feedback, as supervision's services leave them.

A past week's record is locked with both signatures (the student's, then the
practice educator's); the latest may still wait for one of them; the weeks
ahead are booked from the agreement's slot (supervision.services.schedule);
a few weeks were cancelled. Direct observations follow the course's rule
(one before the midpoint, three in all), the later ones locked and signed by
the student and the observer.
"""

from __future__ import annotations

from datetime import date, timedelta

from placements.models import Placement
from placements.selectors.review import pcf_domains
from portal.dates import monday_of
from portal.models import Signature
from supervision.models import (
    Observation,
    ObservationFeedback,
    ServiceUserFeedback,
    SupervisionAction,
    SupervisionSession,
)
from supervision.services.schedule import SCHEDULED_STATUSES, slot_in_week

from .base import Context, by_scale_user, delete_rows, insert, signature
from .practice import STARTED

St = SupervisionSession.Status
AGENDA = (
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
)
REFLECTION = (
    "Supervision helped me slow down and think about why the session went the way it "
    "did. I want to plan the next one around the child's own words."
)
ACTIONS = (
    "Read the local early-help threshold guidance",
    "Bring the case log to supervision",
    "Plan the next direct-work session around the child's words",
    "Draft the chronology for the assessment",
)


def generate(ctx: Context) -> dict[str, int]:
    sessions, signers = _sessions(ctx)
    insert(SupervisionSession, sessions)
    signatures = [
        signature(session, person, capacity, moment)
        for session, people in zip(sessions, signers, strict=True)
        for capacity, person, moment in people
    ]
    insert(Signature, signatures)
    counts = {"supervision records": len(sessions), "supervision signatures": len(signatures)}
    counts.update(_actions_and_domains(ctx, sessions))
    counts.update(_observations(ctx))
    return counts


def _sessions(ctx: Context):
    rng, today = ctx.rng, ctx.today
    agreements = ctx.made["agreements"]
    sessions: list[SupervisionSession] = []
    signers: list[tuple] = []
    for plan in ctx.made["plans"]:
        placement = plan.placement
        agreement = agreements.get(placement.pk)
        if agreement is None:
            continue
        minutes = placement.course.weekly_supervision_minutes
        monday = monday_of(placement.starts_on)
        while monday <= placement.ends_on:
            day = slot_in_week(monday, agreement.supervision_day, ctx.working_days)
            monday += timedelta(days=7)
            if day is None or not placement.starts_on <= day <= placement.ends_on:
                continue
            past = day < today
            if not past:
                if placement.status not in SCHEDULED_STATUSES or day < today:
                    continue
                sessions.append(_session(ctx, placement, day, agreement, St.SCHEDULED, minutes))
                sessions[-1].from_schedule = True
                signers.append(())
                continue
            if ctx.chance(0.03):
                cancelled = _session(ctx, placement, day, agreement, St.CANCELLED, minutes)
                cancelled.status_reason = "The practice educator was off sick."
                sessions.append(cancelled)
                signers.append(())
                continue
            latest = day >= monday_of(today) - timedelta(days=7)
            status = St.LOCKED
            if latest and placement.status in Placement.LIVE_STATUSES:
                status = rng.choices(
                    (St.LOCKED, St.AWAITING_STUDENT, St.AWAITING_EDUCATOR), (6, 3, 1)
                )[0]
            session = _session(
                ctx, placement, day, agreement, status, minutes - 30 * ctx.chance(0.05)
            )
            session.written_by_id = placement.practice_educator_id
            session.notes = "Agreed the plan for next week's direct work."
            for name, text in rng.choice(AGENDA).items():
                setattr(session, name, text)
            people = []
            if status in (St.LOCKED, St.AWAITING_EDUCATOR):
                session.student_reflection = REFLECTION
                people.append(
                    (
                        SupervisionSession.Capacity.STUDENT,
                        placement.student_id,
                        ctx.at(day + timedelta(days=1), 16),
                    )
                )
            if status == St.LOCKED:
                signed = ctx.at(min(day + timedelta(days=2), today), 17)
                people.append(
                    (
                        SupervisionSession.Capacity.PRACTICE_EDUCATOR,
                        placement.practice_educator_id,
                        signed,
                    )
                )
                session.locked_at = signed
            sessions.append(session)
            signers.append(tuple(people))
    return sessions, signers


def _session(ctx, placement, day: date, agreement, status: str, minutes: int):
    return SupervisionSession(
        placement=placement,
        date=day,
        starts_at=agreement.supervision_time,
        duration_minutes=minutes,
        status=status,
        created_at=ctx.at(min(day - timedelta(days=7), ctx.today)),
        updated_at=ctx.at(min(day, ctx.today)),
    )


def _actions_and_domains(ctx: Context, sessions: list[SupervisionSession]) -> dict[str, int]:
    """An action agreed in most held sessions; still open when signed, it is carried
    into the placement's next record and done there."""
    rng = ctx.rng
    domains = pcf_domains()
    through = SupervisionSession.domains_discussed.through
    held = [s for s in sessions if s.status in SupervisionSession.HELD_STATUSES]
    links = [
        through(supervisionsession_id=session.pk, capability_id=domain.pk)
        for session in held
        for domain in rng.sample(domains, 2)
    ]
    insert(through, links)
    originals, following = [], {}
    previous: dict[int, SupervisionSession] = {}
    for session in held:
        before = previous.get(session.placement_id)
        if before is not None:
            following[before.pk] = session
        previous[session.placement_id] = session
    for session in held:
        if not ctx.chance(0.7):
            continue
        placement = session.placement
        originals.append(
            SupervisionAction(
                session=session,
                description=rng.choice(ACTIONS),
                owner_id=placement.student_id
                if ctx.chance(0.8)
                else placement.practice_educator_id,
                due_on=session.date + timedelta(days=7),
            )
        )
    insert(SupervisionAction, originals)
    carried = [
        SupervisionAction(
            session=following[action.session.pk],
            description=action.description,
            owner_id=action.owner_id,
            due_on=action.due_on,
            done=True,
            carried_from=action,
        )
        for action in originals
        if action.session.pk in following
    ]
    insert(SupervisionAction, carried)
    return {"supervision actions": len(originals) + len(carried), "supervision domains": len(links)}


OBSERVED_WORK = (
    ("School group session on self-esteem", "Open the group, run the feelings game, close well."),
    ("Home visit with a parent", "Explain the assessment and hear the parent's worries."),
    ("One-to-one session in school", "Use the safe-network hand to map trusted adults."),
)


def _observations(ctx: Context) -> dict[str, int]:
    """Three observations across a placement (one before the midpoint); the third by
    the on-site supervisor where there is one."""
    rng, today = ctx.rng, ctx.today
    observations, signers = [], []
    for plan in ctx.made["plans"]:
        placement = plan.placement
        if placement.status not in STARTED:
            continue
        length = (placement.ends_on - placement.starts_on).days
        for index, share in enumerate((0.25, 0.55, 0.8)):
            day = placement.starts_on + timedelta(days=int(length * share) + rng.randint(-3, 3))
            while not ctx.working_days.is_working_day(day):
                day += timedelta(days=1)
            observer = placement.practice_educator_id
            role = Observation.ObserverRole.PRACTICE_EDUCATOR
            if index == 2 and placement.onsite_supervisor_id:
                observer, role = (
                    placement.onsite_supervisor_id,
                    Observation.ObserverRole.ONSITE_SUPERVISOR,
                )
            setting, plan_text = OBSERVED_WORK[index]
            observation = Observation(
                placement=placement,
                observer_id=observer,
                observer_role=role,
                date=day,
                setting=setting,
                pre_observation_plan=plan_text,
                created_at=ctx.at(day - timedelta(days=14)),
                updated_at=ctx.at(min(day + timedelta(days=7), today)),
            )
            people = ()
            if day > today:
                if day > today + timedelta(weeks=3):
                    break  # not booked yet
                observation.status = Observation.Status.PLANNED
            else:
                observation.overall_feedback = (
                    "A well-planned session; the student kept the child's voice central."
                )
                if day > today - timedelta(days=7):
                    observation.status = Observation.Status.AWAITING_STUDENT
                else:
                    observation.status = Observation.Status.LOCKED
                    observation.student_reflection = (
                        "I rushed the ending; next time I will leave ten minutes to close."
                    )
                    signed = ctx.at(min(day + timedelta(days=5), today), 17)
                    observation.locked_at = signed
                    people = (
                        (
                            Observation.Capacity.STUDENT,
                            placement.student_id,
                            ctx.at(day + timedelta(days=3), 16),
                        ),
                        (Observation.Capacity.OBSERVER, observer, signed),
                    )
            observations.append(observation)
            signers.append(people)
            if day > today:
                break
    insert(Observation, observations)
    insert(
        Signature,
        (
            signature(observation, person, capacity, moment)
            for observation, people in zip(observations, signers, strict=True)
            for capacity, person, moment in people
        ),
    )
    domains = pcf_domains()
    done = [o for o in observations if o.status != Observation.Status.PLANNED]
    insert(
        ObservationFeedback,
        (
            ObservationFeedback(observation=o, capability=domain, feedback=text)
            for o in done
            for domain, text in (
                (domains[6], "Warm, clear engagement; adapted the activity when the child tired."),
                (
                    domains[1],
                    "Explained confidentiality and its limits in words the child understood.",
                ),
            )
        ),
    )
    insert(
        ServiceUserFeedback,
        (
            ServiceUserFeedback(
                observation=o,
                kind=ServiceUserFeedback.Kind.FACES,
                given_by=f"Child aged {rng.randint(6, 14)}",
                faces=rng.choice((3, 4, 4, 5, 5)),
                comments="I liked drawing my hand of people.",
            )
            for o in done
        ),
    )
    return {"observations": len(observations)}


def clear() -> dict[str, int]:
    student = by_scale_user("placement__student")
    return delete_rows(
        (SupervisionAction, by_scale_user("session__placement__student")),
        (
            SupervisionSession.domains_discussed.through,
            by_scale_user("supervisionsession__placement__student"),
        ),
        (SupervisionSession, student),
        (ObservationFeedback, by_scale_user("observation__placement__student")),
        (ServiceUserFeedback, by_scale_user("observation__placement__student")),
        (Observation, student),
    )
