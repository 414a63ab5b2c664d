"""Factories for placements tests: courses, profiles and placements."""

from datetime import timedelta

import factory
from django.utils import timezone

from placements.models import (
    Course,
    EducatorProfile,
    Placement,
    ServiceUserGroup,
    SettingKind,
    StudentProfile,
)
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
    setting_kind = SettingKind.EARLY_HELP
    service_user_group = ServiceUserGroup.CHILDREN_AND_FAMILIES
    statutory_tasks = False
    level = Placement.Level.FIRST
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=120))
    required_days = 70
    status = Placement.Status.ACTIVE


class EvidenceItemFactory(factory.django.DjangoModelFactory):
    """An evidence item dated within its placement, tagged with PCF domain 1 of the
    current version (pass `capabilities=[...]` to tag others)."""

    class Meta:
        model = "placements.EvidenceItem"
        skip_postgeneration_save = True

    placement = factory.SubFactory(PlacementFactory)
    date = factory.LazyAttribute(lambda o: o.placement.starts_on + timedelta(days=1))
    kind = "direct_work"
    title = factory.Sequence(lambda n: f"Direct work session {n}")
    reflection = "I planned the session with my practice educator and reflected on it after."

    @factory.post_generation
    def capabilities(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            from placements.models import Capability

            extracted = [
                Capability.objects.get(
                    version__framework__code="pcf", version__is_current=True, number=1
                )
            ]
        self.capabilities.set(extracted)


class PlacementOfferFactory(factory.django.DjangoModelFactory):
    """Places a host's team offers; `created_by` is a co-ordinator of the host."""

    class Meta:
        model = "placements.PlacementOffer"

    host = factory.SubFactory(OrganisationFactory)
    team = "Early help team"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=300))
    places = 2
    created_by = factory.LazyAttribute(lambda o: user_with_role(Role.COORDINATOR, o.host))


# --- Reviews (tests/placements/test_review*.py) -------------------------------------
# Rows written straight to the database, for tests that need a review to exist; the
# services in placements/services/review.py are tested on their own.


class MidpointReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.MidpointReview"

    placement = factory.SubFactory(PlacementFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    attendees = "Student, practice educator, tutor"
    outcome = "satisfactory"
    recorded_by = factory.SelfAttribute("placement.practice_educator")


class FinalReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.FinalReport"

    placement = factory.SubFactory(PlacementFactory)
    summary = "A thoughtful, reliable student who meets the level in every domain."
    recommendation = "pass"
    written_by = factory.SelfAttribute("placement.practice_educator")


class PanelDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "placements.PanelDecision"

    placement = factory.SubFactory(PlacementFactory)
    sat_on = factory.LazyFunction(timezone.localdate)
    outcome = "ratified"
    recorded_by = factory.SelfAttribute("placement.tutor")
