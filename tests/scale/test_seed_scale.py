"""seed_scale (issue 20, requirement 1): volumes in proportion, the same data for
the same seed, refusals, and data the pages accept."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from lifestory.models import LifeStoryBook
from placements.casework.models import (
    Allocation,
    Assessment,
    Child,
    DirectWorkSession,
    SchoolTerm,
    TermHoliday,
)
from placements.models import Placement, PlacementDay
from placements.programmes.models import ChildRating, Referral, Run, RunAttendance, RunPlace
from portal.accounts.models import User
from portal.audit.models import AccessEvent
from portal.locking import RecordLocked
from portal.models import Notification, Signature
from portal.scale.base import EMAIL_DOMAIN
from supervision.models import Observation, SupervisionSession

pytestmark = pytest.mark.django_db

STUDENTS = 20


def seed(**options):
    call_command("seed_scale", students=STUDENTS, seed=1, stdout=StringIO(), **options)


@pytest.fixture
def scaled():
    seed()


def test_volumes_are_in_proportion_to_the_students(scaled):
    # The figures are for 2,000 students; 20 students get a hundredth.
    students = User.objects.filter(email__endswith=EMAIL_DOMAIN, student_profile__isnull=False)
    assert students.count() == STUDENTS
    # One placement each now, and the passed first placement of those on their final one.
    assert STUDENTS <= Placement.objects.count() <= 2 * STUDENTS
    assert set(Placement.objects.values_list("status", flat=True)) >= {
        "proposed",
        "active",
        "midpoint_reviewed",
        "passed",
    }
    assert 1_200 <= PlacementDay.objects.count() <= 3_000  # ~2,000
    assert 300 <= SupervisionSession.objects.count() <= 700  # ~400
    assert 20 <= Observation.objects.count() <= 100  # ~40
    assert Child.objects.count() == 100
    assert DirectWorkSession.objects.count() == 600
    # Each school's three terms, each with a half-term and an INSET day (issue 22, R8).
    schools = Child.objects.values("school").distinct().count()
    assert SchoolTerm.objects.count() == 3 * schools > 0
    assert TermHoliday.objects.count() == 2 * SchoolTerm.objects.count()
    assert 20 <= Assessment.objects.count() <= 40  # ~30
    assert LifeStoryBook.objects.count() == 5
    assert Referral.objects.filter(route="referral").count() == 5
    # The Children's Program (issue 19): registrations, runs, families, days and ratings.
    assert Referral.objects.filter(route="interest").count() == 4
    assert Run.objects.count() == 2 and RunPlace.objects.count() == 4
    finished = RunPlace.objects.filter(status="confirmed")
    assert RunAttendance.objects.filter(place__in=finished).count() >= 4 * finished.count()
    assert (
        ChildRating.objects.filter(point="before").count()
        == ChildRating.objects.filter(point="after").count()
        > 0
    )
    assert Notification.objects.count() > STUDENTS
    assert AccessEvent.objects.count() >= Child.objects.count()


def test_signed_records_are_locked_with_both_signatures(scaled):
    locked = SupervisionSession.objects.filter(status="locked")
    assert locked.exists()
    assert not locked.filter(locked_at__isnull=True).exists()
    for session in locked[:5]:
        capacities = set(
            Signature.objects.filter(
                content_type__model="supervisionsession", object_id=session.pk
            ).values_list("capacity", flat=True)
        )
        assert capacities == {"student", "practice_educator"}
    # And they stay locked: the lock rule holds for the generated rows.
    with pytest.raises(RecordLocked):
        locked.update(notes="changed")


def _snapshot():
    return (
        list(User.objects.filter(email__endswith=EMAIL_DOMAIN).values_list("name", flat=True)),
        list(Placement.objects.values_list("starts_on", "ends_on", "status", "team")),
        list(Child.objects.values_list("reference", "first_name", "date_of_birth")),
        SupervisionSession.objects.count(),
        PlacementDay.objects.count(),
    )


def test_the_same_seed_writes_the_same_data():
    seed()
    first = _snapshot()
    seed(fresh=True)
    assert _snapshot() == first
    assert User.objects.filter(email__endswith=EMAIL_DOMAIN).count() == len(first[0])


def test_a_second_run_is_refused_without_fresh(scaled):
    users = User.objects.count()
    with pytest.raises(CommandError, match="--fresh"):
        seed()
    assert User.objects.count() == users


@pytest.mark.parametrize(
    ("environment", "debug"), [("production", False), ("local", False), ("production", True)]
)
def test_refuses_production_settings(settings, environment, debug):
    settings.PORTAL_ENVIRONMENT = environment
    settings.DEBUG = debug
    with pytest.raises(CommandError, match="production"):
        seed()
    assert not User.objects.exists()


def test_a_placement_page_opens_for_its_practice_educator(scaled, client):
    placement = Placement.objects.filter(status="midpoint_reviewed").first()
    client.force_login(placement.practice_educator)
    response = client.get(reverse("placements:placement_detail", args=[placement.pk]))
    assert response.status_code == 200
    assert placement.student.name in response.content.decode()


def test_a_child_page_opens_for_the_student_and_practice_educator(scaled, client):
    allocation = Allocation.objects.filter(ends_on__isnull=True).select_related("child").first()
    url = reverse("casework:child_detail", args=[allocation.child.pk])
    for person in (allocation.student, allocation.practice_educator):
        client.force_login(person)
        before = AccessEvent.objects.filter(user=person).count()
        response = client.get(url)
        assert response.status_code == 200
        assert allocation.child.reference in response.content.decode()
        assert AccessEvent.objects.filter(user=person).count() == before + 1
