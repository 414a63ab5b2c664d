"""Writes to children's records: the child, their carers, and allocated work.

Every write checks who is acting (PermissionDenied), that the record is in
their scope (Http404: we do not confirm that a child exists), validates every
field with a message naming it (ValidationError), and records the acting user
on the history row. A refused write changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from placements.models import Placement
from portal.accounts.models import Organisation, User
from portal.accounts.roles import Role
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission

from ..models import Allocation, Carer, Child
from ..rules import HOLDING_KINDS

# Who the child is: what a school tells the service about a pupil, too.
IDENTITY_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "gender",
    "gender_description",
)
CHILD_FIELDS = (
    *IDENTITY_FIELDS,
    "ethnicity",
    "school",
    "year_group",
    "la_case_number",
)
# A parent or carer; all but whether they are the main contact is what a school
# tells the service about a pupil's main parent or carer, too.
CARER_DETAILS = (
    "name",
    "relationship",
    "phone",
    "email",
    "address",
    "has_parental_responsibility",
)
CARER_FIELDS = (*CARER_DETAILS, "is_main_contact")
TEXT_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "preferred_name",
        "gender_description",
        "ethnicity",
        "la_case_number",
        "name",
        "phone",
        "email",
        "address",
    }
)


def tidy(changes: dict) -> dict:
    return {
        key: (value or "").strip() if key in TEXT_FIELDS else value
        for key, value in changes.items()
    }


def _refuse_unknown(changes: dict, allowed: tuple[str, ...], service: str) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"{service}() cannot change {', '.join(sorted(unknown))}")


def _require_change(user: User, child: Child) -> None:
    require_object_permission(user, child, scope="casework.view_child")
    if not user.has_perm("casework.change_child", child):
        raise PermissionDenied(
            "Only the co-ordinators holding the child's record, an administrator, or the "
            "practice educator overseeing current work with the child can change their details."
        )


def _validate(record, *, exclude: list[str] | None = None) -> None:
    # full_clean runs the fields' own messages (which name the field) and clean().
    record.full_clean(exclude=exclude, validate_unique=True)


# --- children ------------------------------------------------------------------------


def _holding_organisation(by: User, held_by: Organisation | None) -> Organisation:
    coordinated = [o for o in by.organisations_where(Role.COORDINATOR) if o.kind in HOLDING_KINDS]
    if held_by is None:
        if len(coordinated) == 1:
            return coordinated[0]
        raise ValidationError({"held_by": "Choose the organisation that holds the child's record."})
    if not by.is_portal_admin and held_by.pk not in {o.pk for o in coordinated}:
        raise PermissionDenied(
            "You can only record children for an organisation whose service you co-ordinate."
        )
    return held_by


@transaction.atomic
def child_create(
    *,
    by: User,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    gender: str,
    school: Organisation | None,
    year_group: str,
    preferred_name: str = "",
    gender_description: str = "",
    ethnicity: str = "",
    la_case_number: str = "",
    held_by: Organisation | None = None,
) -> Child:
    """Record a child the service will work with."""
    if not by.has_perm("casework.add_child"):
        raise PermissionDenied(
            "Only a co-ordinator of the service, or an administrator, can record a child."
        )
    fields = tidy(
        {
            "first_name": first_name,
            "last_name": last_name,
            "preferred_name": preferred_name,
            "date_of_birth": date_of_birth,
            "gender": gender,
            "gender_description": gender_description,
            "ethnicity": ethnicity,
            "school": school,
            "year_group": year_group,
            "la_case_number": la_case_number,
        }
    )
    child = Child(**fields, held_by=_holding_organisation(by, held_by), created_by=by)
    _validate(child, exclude=["reference"])
    with acting_as(by):
        child.save()
    return child


@transaction.atomic
def child_update(*, child: Child, by: User, **changes) -> Child:
    """Change a child's details; nothing is written when nothing changed."""
    _refuse_unknown(changes, CHILD_FIELDS, "child_update")
    child = Child.objects.select_for_update().get(pk=child.pk)
    _require_change(by, child)
    changes = tidy(changes)
    changed = {key for key, value in changes.items() if getattr(child, key) != value}
    if not changed:
        return child
    for key in changed:
        setattr(child, key, changes[key])
    _validate(child, exclude=["reference"])
    with acting_as(by):
        child.save()
    return child


# --- carers --------------------------------------------------------------------------


def _save_carer(carer: Carer, *, by: User) -> Carer:
    # The one-main-contact constraint is met below by moving the flag, so it is
    # left to the database here.
    carer.full_clean(validate_constraints=False)
    with acting_as(by):
        if carer.is_main_contact:
            # One main contact per child: choosing a new one moves the flag (each
            # change is saved one by one so the history shows it).
            for other in Carer.objects.filter(child=carer.child, is_main_contact=True).exclude(
                pk=carer.pk
            ):
                other.is_main_contact = False
                other.save(update_fields=["is_main_contact"])
        carer.save()
    return carer


@transaction.atomic
def carer_add(
    *,
    child: Child,
    by: User,
    name: str,
    relationship: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    has_parental_responsibility: bool = False,
    is_main_contact: bool = False,
) -> Carer:
    child = Child.objects.select_for_update().get(pk=child.pk)
    _require_change(by, child)
    fields = tidy(
        {
            "name": name,
            "relationship": relationship,
            "phone": phone,
            "email": email,
            "address": address,
        }
    )
    carer = Carer(
        child=child,
        has_parental_responsibility=bool(has_parental_responsibility),
        is_main_contact=bool(is_main_contact),
        **fields,
    )
    return _save_carer(carer, by=by)


@transaction.atomic
def carer_update(*, carer: Carer, by: User, **changes) -> Carer:
    _refuse_unknown(changes, CARER_FIELDS, "carer_update")
    carer = Carer.objects.select_for_update().select_related("child").get(pk=carer.pk)
    _require_change(by, carer.child)
    changes = tidy(changes)
    changed = {key for key, value in changes.items() if getattr(carer, key) != value}
    if not changed:
        return carer
    for key in changed:
        setattr(carer, key, changes[key])
    return _save_carer(carer, by=by)


@transaction.atomic
def carer_remove(*, carer: Carer, by: User) -> None:
    """Remove a carer from the child's record (the history keeps who they were)."""
    carer = Carer.objects.select_for_update().select_related("child").get(pk=carer.pk)
    _require_change(by, carer.child)
    with acting_as(by):
        carer.delete()


# --- allocations ---------------------------------------------------------------------


def _allocation_errors(allocation: Allocation) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    placement = allocation.placement
    child = allocation.child
    if placement.student_id != allocation.student_id:
        refuse("placement", "The placement chosen is another student's: choose their own.")
    if not placement.is_live:
        refuse(
            "placement",
            f"The placement is {placement.get_status_display().lower()}: work can only be "
            "allocated on a placement that is under way or about to start.",
        )
    if placement.host_id != child.held_by_id:
        refuse(
            "placement",
            f"The placement is at {placement.host}, but the child's record is held by "
            f"{child.held_by}: allocate a student placed with {child.held_by}.",
        )
    if placement.practice_educator_id is None:
        refuse(
            "practice_educator",
            "The placement has no practice educator yet: assign one before allocating work.",
        )
    elif allocation.practice_educator_id != placement.practice_educator_id:
        refuse(
            "practice_educator",
            f"The practice educator overseeing the work must be the student's practice "
            f"educator on this placement, {placement.practice_educator}.",
        )
    starts, ends = allocation.starts_on, allocation.ends_on
    if starts is None:
        refuse("starts_on", "Enter the date the work starts.")
    elif not placement.starts_on <= starts <= placement.ends_on:
        refuse(
            "starts_on",
            f"The work must start during the placement, between "
            f"{long_date(placement.starts_on)} and {long_date(placement.ends_on)}.",
        )
    if ends is not None:
        if starts is not None and ends < starts:
            refuse("ends_on", "The end date must be on or after the start date.")
        elif ends > placement.ends_on:
            refuse(
                "ends_on",
                f"The work must end by the end of the placement, {long_date(placement.ends_on)}.",
            )
    if starts is not None and not errors:
        overlapping = Allocation.objects.filter(
            child=child, student_id=allocation.student_id, starts_on__lte=ends or date.max
        ).exclude(ends_on__lt=starts)
        if allocation.pk:
            overlapping = overlapping.exclude(pk=allocation.pk)
        clash = overlapping.first()
        if clash is not None:
            refuse(
                "student",
                f"{allocation.student} is already allocated to work with {child} from "
                f"{long_date(clash.starts_on)}.",
            )
    return errors


@transaction.atomic
def allocation_create(
    *,
    by: User,
    child: Child,
    student: User,
    placement: Placement,
    starts_on: date | None,
    practice_educator: User | None = None,
    ends_on: date | None = None,
) -> Allocation:
    """Allocate work with `child` to `student`, overseen by their practice educator
    (the placement's, unless named)."""
    child = Child.objects.select_for_update().select_related("held_by").get(pk=child.pk)
    placement = Placement.objects.select_related("host", "practice_educator").get(pk=placement.pk)
    # A practice educator accepting a request allocates their own student before
    # they can see the child (the allocation is what lets them see it); everyone
    # else allocates only a child they already see.
    if not (placement.practice_educator_id == by.pk and placement.host_id == child.held_by_id):
        require_object_permission(by, child, scope="casework.view_child")
    if not by.has_perm("casework.add_allocation", placement):
        raise PermissionDenied(
            "Only a co-ordinator of the placement's host organisation, the student's "
            "practice educator, or an administrator, can allocate work with a child."
        )
    allocation = Allocation(
        child=child,
        student=student,
        placement=placement,
        practice_educator=practice_educator or placement.practice_educator,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
    )
    errors = _allocation_errors(allocation)
    if errors:
        raise ValidationError(errors)
    with acting_as(by):
        allocation.save()
    return allocation


@transaction.atomic
def allocation_end(*, allocation: Allocation, by: User, ends_on: date | None = None) -> Allocation:
    """End allocated work on `ends_on` (today by default). The student and the PE go
    on reading the child's record, read-only, for the grace period after it."""
    allocation = (
        Allocation.objects.select_for_update()
        .select_related("child", "placement", "student")
        .get(pk=allocation.pk)
    )
    require_object_permission(by, allocation.child, scope="casework.view_child")
    if not by.has_perm("casework.end_allocation", allocation):
        raise PermissionDenied(
            "Only the practice educator overseeing the work, a co-ordinator of the "
            "placement's host organisation, or an administrator can end it."
        )
    today = timezone.localdate()
    ends_on = ends_on or today
    if allocation.ends_on is not None and allocation.ends_on < today:
        raise ValidationError(
            {"ends_on": f"This work already ended on {long_date(allocation.ends_on)}."}
        )
    if ends_on < allocation.starts_on:
        raise ValidationError(
            {
                "ends_on": "The end date must be on or after the day the work started, "
                f"{long_date(allocation.starts_on)}."
            }
        )
    if ends_on > allocation.placement.ends_on:
        raise ValidationError(
            {
                "ends_on": "The work must end by the end of the placement, "
                f"{long_date(allocation.placement.ends_on)}."
            }
        )
    if allocation.ends_on == ends_on:
        return allocation
    allocation.ends_on = ends_on
    with acting_as(by):
        allocation.save(update_fields=["ends_on"])
    return allocation
