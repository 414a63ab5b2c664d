"""Factories for casework tests: schools, children, carers and allocations.

Rows are written straight to the database for tests that need them to exist;
the services in placements/casework/services/ are tested on their own.
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from placements.casework.measures import scale_for
from placements.casework.models import (
    Allocation,
    Assessment,
    Carer,
    Child,
    DirectWorkPlan,
    DirectWorkSession,
    PlanChild,
    PlanGoal,
    SafeguardingAddendum,
    SafeguardingConcern,
    SessionAttendance,
    SupportRequest,
    WellbeingMeasure,
)
from placements.casework.models.assessments import ASSESSMENT_WORKING_DAYS
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.workingdays import WorkingDays
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory


class SchoolFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Primary School {n}")
    kind = Organisation.Kind.SCHOOL


def years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day - timedelta(days=days)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Sequence(lambda n: f"Kayden{chr(65 + n % 26)}")
    last_name = factory.Sequence(lambda n: f"Marsh{chr(65 + n % 26)}")
    date_of_birth = factory.LazyFunction(lambda: years_ago(9, 40))
    gender = Child.Gender.BOY
    school = factory.SubFactory(SchoolFactory)
    year_group = Child.YearGroup.YEAR_4
    held_by = factory.SubFactory(OrganisationFactory)
    created_by = factory.LazyAttribute(lambda o: user_with_role(Role.COORDINATOR, o.held_by))


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    child = factory.SubFactory(ChildFactory)
    name = "Dana Marsh"
    relationship = Carer.Relationship.MOTHER
    phone = "07700 900123"
    has_parental_responsibility = True


class AllocationFactory(factory.django.DjangoModelFactory):
    """Work with a child on a placement hosted by the organisation holding the record."""

    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    placement = factory.LazyAttribute(lambda o: PlacementFactory(host=o.child.held_by))
    student = factory.SelfAttribute("placement.student")
    practice_educator = factory.SelfAttribute("placement.practice_educator")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    ends_on = None
    created_by = factory.SelfAttribute("child.created_by")


# --- requests, plans, sessions, assessments ------------------------------------------


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    child = factory.SubFactory(ChildFactory)
    child_as_entered = factory.SelfAttribute("child")
    school = factory.SelfAttribute("child.school")
    reason = "Finding it hard to settle in class since moving house."
    parent_consent_given = True
    parent_consent_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    parent_consent_by = "Dana Marsh, mother"
    child_view = "I would like someone to talk to about my worries."
    submitted_by = factory.LazyAttribute(lambda o: user_with_role(Role.SCHOOL_CONTACT, o.school))


class PlanFactory(factory.django.DjangoModelFactory):
    """A one-to-one plan in draft for the school of `child` (pass child=...)."""

    class Meta:
        model = DirectWorkPlan
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    first_session_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    created_by = factory.LazyAttribute(lambda o: user_with_role(Role.COORDINATOR))


class PlanChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanChild

    plan = factory.SubFactory(PlanFactory)
    child = factory.SubFactory(ChildFactory, school=factory.SelfAttribute("..plan.school"))


class PlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGoal

    member = factory.SubFactory(PlanChildFactory)
    text = "I want to feel braver about putting my hand up."
    position = factory.Sequence(lambda n: n)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectWorkSession

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    planned_on = factory.LazyAttribute(lambda o: o.plan.first_session_on)
    planned_time = factory.LazyAttribute(lambda o: o.plan.session_time)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionAttendance

    session = factory.SubFactory(SessionFactory)
    child = factory.SubFactory(ChildFactory)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A draft assessment, due 45 working days after its referral date."""

    class Meta:
        model = Assessment

    child = factory.SubFactory(ChildFactory)
    referral_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    start_date = factory.LazyAttribute(lambda o: o.referral_date)
    due_date = factory.LazyAttribute(
        lambda o: WorkingDays().add(o.referral_date, ASSESSMENT_WORKING_DAYS)
    )
    social_worker = factory.LazyAttribute(
        lambda o: user_with_role(Role.SOCIAL_WORKER, o.child.held_by)
    )
    created_by = factory.SelfAttribute("social_worker")


def plan_with_children(*children, **plan_fields) -> DirectWorkPlan:
    """A plan (group if more than one child) for `children`, all at the first child's school."""
    school = children[0].school
    fmt = DirectWorkPlan.Format.GROUP if len(children) > 1 else DirectWorkPlan.Format.ONE_TO_ONE
    plan = PlanFactory(school=school, format=fmt, **plan_fields)
    for child in children:
        PlanChildFactory(plan=plan, child=child)
    return plan


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingConcern

    child = factory.SubFactory(ChildFactory)
    happened_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    what_happened = "She said: “Mum's boyfriend shouts and I hide in my room.”"
    actions_taken = "Told the school's safeguarding lead in person at 11:15."
    raised_at = factory.LazyFunction(timezone.now)
    raised_by = factory.LazyAttribute(lambda o: user_with_role(Role.STUDENT))


class AddendumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingAddendum

    concern = factory.SubFactory(ConcernFactory)
    text = "The school rang the family at 15:00."
    added_at = factory.LazyFunction(timezone.now)
    added_by = factory.SelfAttribute("concern.raised_by")


STIRLING_ALL_THREE = [3] * 12


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingMeasure

    plan = factory.SubFactory(PlanFactory)
    child = factory.SubFactory(ChildFactory)
    scale = WellbeingMeasure.Scale.STIRLING
    point = WellbeingMeasure.Point.FIRST
    answers = factory.LazyFunction(lambda: list(STIRLING_ALL_THREE))
    total = factory.LazyAttribute(lambda o: scale_for(o.scale).total(o.answers))
    completed_on = factory.LazyFunction(timezone.localdate)
    recorded_by = factory.LazyAttribute(lambda o: o.child.created_by)
