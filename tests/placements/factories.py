"""Factories for placements tests: courses, profiles and placements."""

from datetime import timedelta

import factory
from django.utils import timezone

from placements.models import Course, EducatorProfile, Placement, StudentProfile
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from tests.factories import OrganisationFactory, user_with_role


class UniversityFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"University {n}")
    kind = Organisation.Kind.UNIVERSITY


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    university = factory.SubFactory(UniversityFactory)
    title = factory.Sequence(lambda n: f"BA Social Work {n}")
    level = Course.Level.BA


class StudentProfileFactory(factory.django.DjangoModelFactory):
    """A student user (with the student role at the course's university) and profile."""

    class Meta:
        model = StudentProfile

    course = factory.SubFactory(CourseFactory)
    university = factory.SelfAttribute("course.university")
    user = factory.LazyAttribute(lambda o: user_with_role(Role.STUDENT, o.university))
    cohort = "2025"
    student_number = factory.Sequence(lambda n: f"S{n:06d}")
    dbs_checked_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))


class EducatorProfileFactory(factory.django.DjangoModelFactory):
    """A practice educator user (role at `organisation`) and profile, PEPS stage 2."""

    class Meta:
        model = EducatorProfile
        exclude = ["organisation"]

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.LazyAttribute(lambda o: user_with_role(Role.PRACTICE_EDUCATOR, o.organisation))
    swe_registration = factory.Sequence(lambda n: f"SW{100000 + n}")
    peps_stage = 2
    location = EducatorProfile.Location.ON_SITE
    max_students = 2
    dbs_checked_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=200))


class PlacementFactory(factory.django.DjangoModelFactory):
    """A placement with a student, a PE at the host, and a tutor at the university.

    Pass `student=`, `practice_educator=` (users) or let the factory make them.
    """

    class Meta:
        model = Placement

    course = factory.SubFactory(CourseFactory)
    host = factory.SubFactory(OrganisationFactory)
    student = factory.LazyAttribute(
        lambda o: StudentProfileFactory(course=o.course, university=o.course.university).user
    )
    practice_educator = factory.LazyAttribute(
        lambda o: EducatorProfileFactory(organisation=o.host).user
    )
    tutor = factory.LazyAttribute(lambda o: user_with_role(Role.TUTOR, o.course.university))
    team = "Early help team"
    level = Placement.Level.FIRST
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=120))
    required_days = 70
    status = Placement.Status.ACTIVE
