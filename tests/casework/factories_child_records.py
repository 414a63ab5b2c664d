"""One child's whole record, for the tests that walk every page of it.

`child_record_world()` gives one child (named so that no page could show the
name by chance) with a row of every kind of record linked to a child, and the
people who open each page: the co-ordinator holding the record, the student and
practice educator on the work, the school's contact (its designated
safeguarding lead), the accountable social worker and an administrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

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
    WellbeingMeasure,
)
from placements.casework.services.merges import child_merge
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from tests.casework.factories import (
    AllocationFactory,
    AssessmentFactory,
    CarerFactory,
    ChildFactory,
    PlanChildFactory,
    PlanFactory,
    PlanGoalFactory,
    SupportRequestFactory,
)
from tests.casework.factories_plans import agree, last_weekday
from tests.casework.factories_safeguarding import AddendumFactory, ConcernFactory
from tests.casework.factories_wellbeing import MeasureFactory
from tests.factories import OrganisationFactory, user_with_role

FIRST_NAME = "Zephyrine"
FORMER_SURNAME = "Quillfeather"
SURNAME = "Ashcombe-Vale"
CASE_NUMBER = "LA-CASE-770431"


@dataclass
class World:
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


def child_record_world() -> World:
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
    return World(
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
