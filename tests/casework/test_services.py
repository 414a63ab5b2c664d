"""Services: who may write children's records, and what they refuse."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from placements.casework.models import Allocation, Carer, Child
from placements.casework.services.children import (
    allocation_create,
    allocation_end,
    carer_add,
    carer_remove,
    carer_update,
    child_create,
    child_update,
)
from placements.models import Placement
from portal.accounts.roles import Role
from tests.casework.factories import (
    AllocationFactory,
    CarerFactory,
    ChildFactory,
    SchoolFactory,
    years_ago,
)
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def service():
    return OrganisationFactory(name="Children's services")


@pytest.fixture
def coordinator(service):
    return user_with_role(Role.COORDINATOR, service)


def new_child(by, **changes):
    data = {
        "by": by,
        "first_name": " Kayden ",
        "last_name": "Marsh",
        "date_of_birth": years_ago(9),
        "gender": Child.Gender.BOY,
        "school": SchoolFactory(),
        "year_group": Child.YearGroup.YEAR_4,
    }
    data.update(changes)
    return child_create(**data)


# --- children ----------------------------------------------------------------------------


def test_a_coordinator_records_a_child_held_by_their_organisation(coordinator, service):
    child = new_child(coordinator)
    assert child.first_name == "Kayden"
    assert child.held_by == service
    assert child.created_by == coordinator
    assert child.history.get().history_user == coordinator


@pytest.mark.parametrize(
    "role", [Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.SCHOOL_CONTACT, Role.TUTOR]
)
def test_other_roles_cannot_record_a_child(role):
    with pytest.raises(PermissionDenied):
        new_child(user_with_role(role))
    assert not Child.objects.exists()


def test_a_school_coordinator_cannot_record_a_child():
    with pytest.raises(PermissionDenied):
        new_child(user_with_role(Role.COORDINATOR, SchoolFactory()))


def test_an_admin_names_the_holding_organisation(service):
    admin = user_with_role(Role.ADMIN)
    with pytest.raises(ValidationError) as refused:
        new_child(admin)
    assert set(refused.value.message_dict) == {"held_by"}
    assert new_child(admin, held_by=service).held_by == service


def test_missing_fields_are_each_named_and_nothing_is_saved(coordinator):
    with pytest.raises(ValidationError) as refused:
        new_child(
            coordinator, first_name="", last_name=" ", date_of_birth=None, gender="", year_group=""
        )
    errors = refused.value.message_dict
    assert errors["first_name"] == ["Enter the child's first name."]
    assert errors["last_name"] == ["Enter the child's last name."]
    assert errors["date_of_birth"] == ["Enter the child's date of birth."]
    assert errors["gender"] == ["Choose the child's gender, or “Not known”."]
    assert errors["year_group"] == ["Choose the child's year group."]
    assert not Child.objects.exists()


def test_an_adult_is_refused_with_the_reason(coordinator):
    with pytest.raises(ValidationError) as refused:
        new_child(coordinator, date_of_birth=years_ago(25))
    assert "aged 3 to 19" in refused.value.message_dict["date_of_birth"][0]


def test_the_pe_overseeing_current_work_changes_the_childs_details():
    allocation = AllocationFactory()
    child = child_update(
        child=allocation.child, by=allocation.practice_educator, preferred_name="Kay"
    )
    assert child.known_as == "Kay"
    assert child.history.first().history_user == allocation.practice_educator


def test_nothing_is_written_when_nothing_changed():
    allocation = AllocationFactory()
    before = allocation.child.history.count()
    child_update(
        child=allocation.child,
        by=allocation.practice_educator,
        last_name="  " + allocation.child.last_name,
    )
    assert allocation.child.history.count() == before


def test_the_student_reads_but_does_not_change_the_childs_details():
    allocation = AllocationFactory()
    with pytest.raises(PermissionDenied):
        child_update(child=allocation.child, by=allocation.student, preferred_name="Kay")
    assert Child.objects.get().preferred_name == ""


def test_the_pe_cannot_change_details_in_the_grace_period():
    allocation = AllocationFactory(
        starts_on=TODAY() - timedelta(days=40), ends_on=TODAY() - timedelta(days=5)
    )
    with pytest.raises(PermissionDenied):
        child_update(child=allocation.child, by=allocation.practice_educator, preferred_name="K")


def test_someone_outside_the_scope_gets_not_found():
    child = ChildFactory()
    with pytest.raises(Http404):
        child_update(child=child, by=user_with_role(Role.PRACTICE_EDUCATOR), preferred_name="K")
    with pytest.raises(Http404):
        child_update(child=child, by=user_with_role(Role.COORDINATOR), preferred_name="K")


def test_a_bad_change_is_refused_and_nothing_changes():
    allocation = AllocationFactory()
    with pytest.raises(ValidationError) as refused:
        child_update(
            child=allocation.child,
            by=allocation.child.created_by,
            first_name="",
            date_of_birth=TODAY() + timedelta(days=3),
        )
    assert set(refused.value.message_dict) == {"first_name", "date_of_birth"}
    assert Child.objects.get().first_name == allocation.child.first_name


# --- carers ------------------------------------------------------------------------------


def test_carers_are_added_changed_and_removed_with_one_main_contact():
    child = ChildFactory()
    by = child.created_by
    mum = carer_add(
        child=child,
        by=by,
        name="Dana Marsh",
        relationship="mother",
        phone="07700 900123",
        has_parental_responsibility=True,
        is_main_contact=True,
    )
    nan = carer_add(
        child=child,
        by=by,
        name="Pat Marsh",
        relationship="grandparent",
        email="pat@example.org",
        is_main_contact=True,
    )
    mum.refresh_from_db()
    assert not mum.is_main_contact and nan.is_main_contact
    carer_update(carer=mum, by=by, phone="", address="2 Mill Lane")
    mum.refresh_from_db()
    assert mum.address == "2 Mill Lane"
    carer_remove(carer=nan, by=by)
    assert list(child.carers.all()) == [mum]
    assert Carer.history.filter(name="Pat Marsh", history_type="-").get().history_user == by


def test_a_carer_without_contact_details_or_relationship_is_refused():
    child = ChildFactory()
    with pytest.raises(ValidationError) as refused:
        carer_add(child=child, by=child.created_by, name="", relationship="uncle")
    errors = refused.value.message_dict
    assert errors["name"] == ["Enter the carer's name."]
    assert errors["relationship"] == ["Choose the carer's relationship to the child from the list."]
    assert not Carer.objects.exists()


def test_a_bad_email_is_refused_on_change_and_nothing_changes():
    carer = CarerFactory()
    with pytest.raises(ValidationError) as refused:
        carer_update(carer=carer, by=carer.child.created_by, email="not-an-email")
    assert set(refused.value.message_dict) == {"email"}
    assert Carer.objects.get().email == ""


def test_a_student_cannot_add_a_carer():
    allocation = AllocationFactory()
    with pytest.raises(PermissionDenied):
        carer_add(
            child=allocation.child,
            by=allocation.student,
            name="X Y",
            relationship="father",
            phone="1",
        )


# --- allocations -------------------------------------------------------------------------


@pytest.fixture
def child(service, coordinator):
    return ChildFactory(held_by=service, created_by=coordinator)


@pytest.fixture
def placement(service):
    return PlacementFactory(host=service)


def allocate(by, child, placement, **changes):
    data = {
        "by": by,
        "child": child,
        "student": placement.student,
        "placement": placement,
        "starts_on": TODAY(),
    }
    data.update(changes)
    return allocation_create(**data)


def test_a_coordinator_allocates_work_overseen_by_the_placements_pe(coordinator, child, placement):
    allocation = allocate(coordinator, child, placement)
    assert allocation.practice_educator == placement.practice_educator
    assert allocation.history.get().history_user == coordinator


def test_allocation_refusals_name_the_field(coordinator, child, placement):
    cases = [
        ({"student": PlacementFactory().student}, "placement"),
        ({"practice_educator": user_with_role(Role.PRACTICE_EDUCATOR)}, "practice_educator"),
        ({"starts_on": placement.starts_on - timedelta(days=1)}, "starts_on"),
        ({"starts_on": None}, "starts_on"),
        ({"ends_on": TODAY() - timedelta(days=1)}, "ends_on"),
        ({"ends_on": placement.ends_on + timedelta(days=1)}, "ends_on"),
    ]
    for changes, field in cases:
        with pytest.raises(ValidationError) as refused:
            allocate(coordinator, child, placement, **changes)
        assert field in refused.value.message_dict, changes
    assert not Allocation.objects.exists()


def test_work_is_not_allocated_on_a_finished_placement(coordinator, child, placement):
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.PASSED)
    placement.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        allocate(coordinator, child, placement)
    assert "under way or about to start" in refused.value.message_dict["placement"][0]


def test_work_is_allocated_only_on_placements_of_the_holding_organisation(service):
    other_host = OrganisationFactory()
    child = ChildFactory(held_by=service)
    placement = PlacementFactory(host=other_host)
    admin = user_with_role(Role.ADMIN)
    with pytest.raises(ValidationError) as refused:
        allocate(admin, child, placement)
    assert "held by" in refused.value.message_dict["placement"][0]


def test_the_same_student_is_not_allocated_twice_at_once(coordinator, child, placement):
    allocate(coordinator, child, placement)
    with pytest.raises(ValidationError) as refused:
        allocate(coordinator, child, placement, starts_on=TODAY() + timedelta(days=3))
    assert "already allocated" in refused.value.message_dict["student"][0]
    assert Allocation.objects.count() == 1


@pytest.mark.parametrize("role", [Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.TUTOR])
def test_others_cannot_allocate(role, child, placement, service):
    with pytest.raises((PermissionDenied, Http404)):
        allocate(user_with_role(role, service), child, placement)
    assert not Allocation.objects.exists()


def test_a_coordinator_of_another_organisation_gets_not_found(child, placement):
    with pytest.raises(Http404):
        allocate(user_with_role(Role.COORDINATOR), child, placement)


def test_the_pe_ends_the_work_and_it_cannot_start_before_it_ended(coordinator, child, placement):
    allocation = allocate(coordinator, child, placement, starts_on=TODAY() - timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        allocation_end(
            allocation=allocation,
            by=placement.practice_educator,
            ends_on=TODAY() - timedelta(days=4),
        )
    assert set(refused.value.message_dict) == {"ends_on"}
    ended = allocation_end(allocation=allocation, by=placement.practice_educator)
    assert ended.ends_on == TODAY()
    assert ended.history.first().history_user == placement.practice_educator


def test_the_student_cannot_end_the_work(coordinator, child, placement):
    allocation = allocate(coordinator, child, placement)
    with pytest.raises(PermissionDenied):
        allocation_end(allocation=allocation, by=placement.student)
    assert Allocation.objects.get().ends_on is None


def test_ended_work_cannot_be_ended_again():
    allocation = AllocationFactory(
        starts_on=TODAY() - timedelta(days=20), ends_on=TODAY() - timedelta(days=2)
    )
    with pytest.raises(ValidationError) as refused:
        allocation_end(allocation=allocation, by=allocation.child.created_by)
    assert "already ended" in refused.value.message_dict["ends_on"][0]
