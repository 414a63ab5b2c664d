"""Factories and a ready-made setting for the safeguarding tests: a child at a
school with a designated safeguarding lead, work allocated to a student and
their practice educator, and a session of the child's plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import factory
from django.utils import timezone

from placements.casework.models import (
    SafeguardingAddendum,
    SafeguardingConcern,
    SchoolProfile,
)
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from tests.casework.factories import (
    AllocationFactory,
    AttendanceFactory,
    ChildFactory,
    SchoolFactory,
    SessionFactory,
    plan_with_children,
)
from tests.factories import OrganisationFactory, user_with_role


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
