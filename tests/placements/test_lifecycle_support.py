"""The people around one placement, shared by the placement lifecycle tests.

(No tests here; the name keeps it with the lifecycle test modules.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from placements.models import Course, Placement
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import (
    CourseFactory,
    EducatorProfileFactory,
    PlacementFactory,
    StudentProfileFactory,
    UniversityFactory,
)


@dataclass
class Cast:
    university: Organisation
    course: Course
    host: Organisation
    student: User
    educator: User
    supervisor: User
    tutor: User
    host_coordinator: User
    university_coordinator: User
    admin: User
    placement: Placement

    def extras(self) -> dict[str, User]:
        """People who are not on the placement, made on demand (each costs queries)."""
        other_university = UniversityFactory()
        return {
            "colleague_tutor": user_with_role(Role.TUTOR, self.university),
            "other_tutor": user_with_role(Role.TUTOR, other_university),
            "other_coordinator": user_with_role(Role.COORDINATOR, OrganisationFactory()),
            "school_contact": user_with_role(
                Role.SCHOOL_CONTACT, OrganisationFactory(kind=Organisation.Kind.SCHOOL)
            ),
        }

    def person(self, who: str) -> User:
        if hasattr(self, who):
            return getattr(self, who)
        return self.extras()[who]


def make_cast(status: str = Placement.Status.PROPOSED, **placement_fields) -> Cast:
    """A placement (PROPOSED by default) that passes every confirmation check."""
    university = UniversityFactory(name="Northgate University")
    course = CourseFactory(university=university, title="BA (Hons) Social Work")
    host = OrganisationFactory(name="Eastbrook Children's Services")
    student = StudentProfileFactory(course=course, university=university).user
    student.name = "Sam Student"
    student.save(update_fields=["name"])
    educator = EducatorProfileFactory(organisation=host).user
    supervisor = user_with_role(Role.ONSITE_SUPERVISOR, host, name="Owen Supervisor")
    tutor = user_with_role(Role.TUTOR, university, name="Teresa Tutor")
    fields = {
        "course": course,
        "host": host,
        "student": student,
        "practice_educator": educator,
        "onsite_supervisor": supervisor,
        "tutor": tutor,
        "status": status,
        **placement_fields,
    }
    placement = PlacementFactory(**fields)
    return Cast(
        university=university,
        course=course,
        host=host,
        student=student,
        educator=educator,
        supervisor=supervisor,
        tutor=tutor,
        host_coordinator=user_with_role(Role.COORDINATOR, host, name="Chris Coordinator"),
        university_coordinator=user_with_role(Role.COORDINATOR, university),
        admin=user_with_role(Role.ADMIN),
        placement=placement,
    )


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def years_ago(years: int, extra_days: int = 0):
    today = timezone.localdate()
    try:
        back = today.replace(year=today.year - years)
    except ValueError:
        back = today.replace(year=today.year - years, day=28)
    return back - timedelta(days=extra_days)
