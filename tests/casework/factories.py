"""Factories for casework tests: schools, children, carers and allocations.

Rows are written straight to the database for tests that need them to exist;
the services in placements/casework/services/ are tested on their own.
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from placements.casework.models import Allocation, Carer, Child
from portal.accounts.models import Organisation
from portal.accounts.roles import Role
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
