"""Children, plans, assessments and safeguarding settings in a given state, built
from the factories and services, and the form data the pages take (no tests here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from placements.casework.models import (
    Allocation,
    Assessment,
    Carer,
    Child,
    ChildMerge,
    DirectWorkPlan,
    DirectWorkSession,
    PlanChild,
    SafeguardingConcern,
    SchoolProfile,
    SupportRequest,
    Theme,
    WellbeingMeasure,
)
from placements.casework.services.merges import child_merge
from placements.casework.services.sessions import sessions_generate
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from tests.casework.factories import (
    AddendumFactory,
    AllocationFactory,
    AssessmentFactory,
    AttendanceFactory,
    CarerFactory,
    ChildFactory,
    ConcernFactory,
    MeasureFactory,
    PlanChildFactory,
    PlanFactory,
    PlanGoalFactory,
    SchoolFactory,
    SessionFactory,
    SupportRequestFactory,
    plan_with_children,
    years_ago,
)
from tests.factories import OrganisationFactory, user_with_role

SECTIONS = {
    "developmental_needs": "Meeting milestones; struggles with reading.",
    "parenting_capacity": "Mother provides warm, consistent care.",
    "family_environment": "Recent house move; grandmother nearby.",
    "child_voice": "I like my new room but I miss my old friends.",
    "analysis": "Needs are met with some support at school.",
    "recommendation": Assessment.Recommendation.EARLY_HELP,
}


@dataclass
class AssessmentWorld:
    service: Organisation
    child: Child
    allocation: Allocation
    student: User
    educator: User
    social_worker: User
    team_manager: User
    coordinator: User
    school_contact: User
    tutor: User
    other_student: User
    other_social_worker: User
    other_team_manager: User
    admin: User
    assessment: Assessment

    def people(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "student",
                "educator",
                "social_worker",
                "team_manager",
                "coordinator",
                "school_contact",
                "tutor",
                "other_student",
                "other_social_worker",
                "other_team_manager",
                "admin",
            )
        }


def assessment_world(**assessment_fields) -> AssessmentWorld:
    service = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    coordinator = user_with_role(Role.COORDINATOR, service)
    child = ChildFactory(held_by=service, created_by=coordinator)
    allocation = AllocationFactory(child=child)
    social_worker = user_with_role(Role.SOCIAL_WORKER, service)
    # Another student with work of their own, with another child of the service.
    other = AllocationFactory(child=ChildFactory(held_by=service, created_by=coordinator))
    world = AssessmentWorld(
        service=service,
        child=child,
        allocation=allocation,
        student=allocation.student,
        educator=allocation.practice_educator,
        social_worker=social_worker,
        team_manager=user_with_role(Role.TEAM_MANAGER, service),
        coordinator=coordinator,
        school_contact=user_with_role(Role.SCHOOL_CONTACT, child.school),
        tutor=allocation.placement.tutor,
        other_student=other.student,
        other_social_worker=user_with_role(Role.SOCIAL_WORKER, service),
        other_team_manager=user_with_role(Role.TEAM_MANAGER),
        admin=user_with_role(Role.ADMIN),
        assessment=AssessmentFactory(
            child=child,
            social_worker=social_worker,
            student=allocation.student,
            **assessment_fields,
        ),
    )
    return world


FIRST_NAME = "Zephyrine"


FORMER_SURNAME = "Quillfeather"


SURNAME = "Ashcombe-Vale"


CASE_NUMBER = "LA-CASE-770431"


@dataclass
class ChildRecordWorld:
    service: Organisation
    school: Organisation
    child: Child
    carer: Carer
    allocation: Allocation
    support_request: SupportRequest
    draft_plan: DirectWorkPlan
    plan: DirectWorkPlan
    member: PlanChild
    session: DirectWorkSession
    measure: WellbeingMeasure
    concern: SafeguardingConcern
    assessment: Assessment
    duplicate: Child  # a second record of the child, merged into it
    merge: ChildMerge
    coordinator: User
    student: User
    educator: User
    school_contact: User
    social_worker: User
    admin: User

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the child has had: a page showing any of them shows the child."""
        return (FIRST_NAME, FORMER_SURNAME, SURNAME)


def child_record_world() -> ChildRecordWorld:
    service = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL)
    coordinator = user_with_role(Role.COORDINATOR, service)
    child = ChildFactory(
        first_name=FIRST_NAME,
        last_name=FORMER_SURNAME,
        la_case_number=CASE_NUMBER,
        school=school,
        held_by=service,
        created_by=coordinator,
    )
    # The surname changes (an adoption, say): the old one stays in the history.
    child.last_name = SURNAME
    child.save()
    carer = CarerFactory(child=child, name="Rowan Pellinore", is_main_contact=True)
    duplicate = ChildFactory(
        first_name=FIRST_NAME,
        last_name=SURNAME,
        date_of_birth=child.date_of_birth,
        school=school,
        held_by=service,
        created_by=coordinator,
    )
    merge = child_merge(keep=child, duplicate=duplicate, by=coordinator)

    allocation = AllocationFactory(child=child)
    educator, student = allocation.practice_educator, allocation.student

    # A one-to-one plan under way: its end recorded, its first session held and
    # waiting for review; and a draft plan.
    plan = PlanFactory(
        school=school,
        status=DirectWorkPlan.Status.ACTIVE,
        first_session_on=last_weekday() - timedelta(days=7),
        created_by=educator,
    )
    member = PlanChildFactory(plan=plan, child=child)
    PlanGoalFactory(member=member, text="I want to feel calmer at playtime")
    agree(plan)
    PlanChild.objects.filter(pk=member.pk).update(
        closure_summary="Six sessions on feeling calmer.", faces_rating=4, closed_at=timezone.now()
    )
    member.refresh_from_db()
    session = DirectWorkSession.objects.create(
        plan=plan,
        number=1,
        planned_on=plan.first_session_on,
        planned_time=plan.session_time,
        status=DirectWorkSession.Status.HELD,
        activities="Drew a map of the playground.",
        review=DirectWorkSession.Review.AWAITING,
        logged_at=timezone.now(),
        logged_by=student,
    )
    session.attendance.create(child=child, attended=True, child_voice="I liked drawing.")
    draft_plan = PlanFactory(school=school, status=DirectWorkPlan.Status.DRAFT, created_by=educator)
    PlanChildFactory(plan=draft_plan, child=child)

    concern = ConcernFactory(child=child, session=session, raised_by=student)
    AddendumFactory(concern=concern, added_by=student)
    social_worker = user_with_role(Role.SOCIAL_WORKER, service)
    school_contact = user_with_role(Role.SCHOOL_CONTACT, school)
    SchoolProfile.objects.create(
        school=school, safeguarding_lead=school_contact, safeguarding_lead_name="Dee Lead"
    )
    return ChildRecordWorld(
        service=service,
        school=school,
        child=child,
        carer=carer,
        allocation=allocation,
        support_request=SupportRequestFactory(child=child, school=school),
        draft_plan=draft_plan,
        plan=plan,
        member=member,
        session=session,
        measure=MeasureFactory(plan=plan, child=child, recorded_by=student),
        concern=concern,
        assessment=AssessmentFactory(child=child, social_worker=social_worker, student=student),
        duplicate=duplicate,
        merge=merge,
        coordinator=coordinator,
        student=student,
        educator=educator,
        school_contact=school_contact,
        social_worker=social_worker,
        admin=user_with_role(Role.ADMIN),
    )


def last_weekday(before: date | None = None) -> date:
    """The latest Monday-to-Friday on or before `before` (today by default)."""
    day = before or timezone.localdate()
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def next_weekday(after: date) -> date:
    day = after
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def a_theme(name: str = "Online safety") -> Theme:
    theme = Theme.objects.filter(name=name).first()
    return theme or Theme.objects.create(name=name, is_active=True)


@dataclass
class Work:
    children: list[Child]
    allocations: list[Allocation]
    plan: DirectWorkPlan | None

    @property
    def student(self):
        return self.allocations[0].student

    @property
    def educator(self):
        return self.allocations[0].practice_educator

    @property
    def placement(self):
        return self.allocations[0].placement

    @property
    def coordinator(self):
        return user_with_role(Role.COORDINATOR, self.children[0].held_by)

    def school_contact(self):
        return user_with_role(Role.SCHOOL_CONTACT, self.children[0].school)

    def sessions(self) -> list[DirectWorkSession]:
        return list(self.plan.sessions.order_by("number"))


def agree(plan: DirectWorkPlan, on: date | None = None) -> None:
    on = on or timezone.localdate() - timedelta(days=1)
    DirectWorkPlan.objects.filter(pk=plan.pk).update(
        school_agreed_on=on, school_agreed_by="Ms Patel, deputy head"
    )
    PlanChild.objects.filter(plan=plan).update(
        child_agreed_on=on, parent_agreed_on=on, parent_agreed_by="Mother"
    )
    plan.refresh_from_db()


def work_with(
    n_children: int = 1,
    *,
    status: str | None = DirectWorkPlan.Status.DRAFT,
    agreed: bool = False,
    with_sessions: bool = False,
    first_session_on: date | None = None,
    planned_sessions: int = 6,
    **first_child,
) -> Work:
    """`n_children` children of one school on one student's current work, and (unless
    status is None) a plan for them with a goal each and one theme."""
    first = ChildFactory(**first_child)
    children = [first] + [
        ChildFactory(school=first.school, held_by=first.held_by) for _ in range(n_children - 1)
    ]
    allocations = [AllocationFactory(child=first)]
    for child in children[1:]:
        allocations.append(AllocationFactory(child=child, placement=allocations[0].placement))
    plan = None
    if status is not None:
        plan = PlanFactory(
            school=first.school,
            format=DirectWorkPlan.Format.GROUP
            if n_children > 1
            else DirectWorkPlan.Format.ONE_TO_ONE,
            status=status,
            planned_sessions=planned_sessions,
            first_session_on=first_session_on or last_weekday() - timedelta(days=14),
            created_by=allocations[0].practice_educator,
        )
        plan.themes.add(a_theme())
        for child in children:
            member = PlanChildFactory(plan=plan, child=child)
            PlanGoalFactory(member=member, text="I want to feel calmer at playtime")
        if agreed:
            agree(plan)
        if with_sessions:
            sessions_generate(plan=plan, by=allocations[0].practice_educator)
    return Work(children=children, allocations=allocations, plan=plan)


@dataclass
class Setting:
    service: Organisation
    school: Organisation
    child: object
    allocation: object
    student: User
    educator: User
    coordinator: User
    lead: User  # the school's DSL, a school contact
    other_contact: User  # another school contact at the school
    profile: SchoolProfile
    session: object


def safeguarding_setting(*, lead_email: str = "dsl.office@hillside.example.org") -> Setting:
    service = OrganisationFactory(name="Northby Children's Services")
    coordinator = user_with_role(Role.COORDINATOR, service)
    school = SchoolFactory(name="Hillside Primary")
    lead = user_with_role(Role.SCHOOL_CONTACT, school, name="Dee Lead")
    other_contact = user_with_role(Role.SCHOOL_CONTACT, school, name="Sam Office")
    profile = SchoolProfile.objects.create(
        school=school,
        safeguarding_lead=lead,
        safeguarding_lead_name="Dee Lead",
        safeguarding_lead_email=lead_email,
    )
    child = ChildFactory(
        first_name="Amara",
        last_name="Okafor",
        school=school,
        held_by=service,
        created_by=coordinator,
    )
    allocation = AllocationFactory(child=child)
    plan = plan_with_children(child)
    session = SessionFactory(plan=plan, planned_on=timezone.localdate())
    AttendanceFactory(session=session, child=child, attended=True)
    return Setting(
        service=service,
        school=school,
        child=child,
        allocation=allocation,
        student=allocation.student,
        educator=allocation.practice_educator,
        coordinator=coordinator,
        lead=lead,
        other_contact=other_contact,
        profile=profile,
        session=session,
    )


def allocated_member(*, status=DirectWorkPlan.Status.ACTIVE, child=None, plan=None, **child_fields):
    """A child on a plan (active by default) with a current allocation.

    Returns (member, allocation); pass `plan` to add the child to a group plan.
    """
    child = child or ChildFactory(**child_fields)
    allocation = AllocationFactory(child=child)
    if plan is None:
        plan = PlanFactory(
            school=child.school,
            status=status,
            first_session_on=timezone.localdate() - timedelta(days=7),
        )
    member = PlanChildFactory(plan=plan, child=child)
    return member, allocation


def request_post(school, service, **changes):
    themes = list(Theme.objects.filter(is_active=True)[:2])
    data = {
        "school": school.pk,
        "service": service.pk,
        "first_name": "Amara",
        "last_name": "Okafor",
        "preferred_name": "Mara",
        "date_of_birth": years_ago(9, 20).isoformat(),
        "gender": "girl",
        "gender_description": "",
        "year_group": "year_4",
        "carer_name": "Grace Okafor",
        "carer_relationship": "mother",
        "carer_phone": "07700 900456",
        "carer_email": "",
        "carer_has_parental_responsibility": "on",
        "reason": "Very anxious since her grandfather died; not joining in at playtime.",
        "themes": [t.pk for t in themes],
        "parent_consent_given": "yes",
        "parent_consent_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "parent_consent_by": "Grace Okafor, mother",
        "child_view": "I want someone to talk to about Grandad.",
    }
    data.update(changes)
    return data
