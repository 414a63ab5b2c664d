"""The people around one child's assessment, for the assessment tests.

`assessment_world()` builds a child held by a local authority, with direct work
allocated to a student (overseen by a PE) on a placement the authority hosts,
and everyone the access matrix asks about.
"""

from __future__ import annotations

from dataclasses import dataclass

from placements.casework.models import Allocation, Assessment, Child
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from tests.casework.factories import AllocationFactory, AssessmentFactory, ChildFactory
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
class World:
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


def assessment_world(**assessment_fields) -> World:
    service = OrganisationFactory(kind=Organisation.Kind.LOCAL_AUTHORITY)
    coordinator = user_with_role(Role.COORDINATOR, service)
    child = ChildFactory(held_by=service, created_by=coordinator)
    allocation = AllocationFactory(child=child)
    social_worker = user_with_role(Role.SOCIAL_WORKER, service)
    # Another student with work of their own, with another child of the service.
    other = AllocationFactory(child=ChildFactory(held_by=service, created_by=coordinator))
    world = World(
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
