"""Merging two records of one child, and an administrator's undo (issue 13, R2).

`child_merge` moves everything of the duplicate's that can move (MOVED: its
carers, requests, allocations, plan memberships with their session attendance
and wellbeing measures) onto the record kept, one save and one history row
each, with the merge as the change reason. The duplicate stays, marked
`merged_into`; a ChildMerge lists every row that moved. Refused, nothing
changes: out of scope (Http404), not a co-ordinator of the holding service
(PermissionDenied), or a pair that cannot be merged (ValidationError): the
same record, a record already merged, different services, different names or
date of birth, both on one plan, or a duplicate with records that never change
once written (safeguarding concerns, assessments: keep that record instead).

`child_merge_undo` puts back what moved, and the work recorded since on it:
allocations and plans answering the requests that moved, and the sessions and
measures of the plans that moved (the kept record was on none of those plans).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.permissions import require_object_permission

from ..models import (
    Allocation,
    Carer,
    Child,
    ChildMerge,
    DirectWorkPlan,
    PlanChild,
    SessionAttendance,
    WellbeingMeasure,
)

# The relations on Child (accessor names) whose rows a merge moves, in this order.
MOVED = (
    "carers",
    "support_requests",
    "allocations",
    "plan_memberships",
    "session_attendance",
    "wellbeing_measures",
)
MAIN_CONTACT_DROPPED = "main_contact_dropped"


def _model_of(relation: str) -> type[models.Model]:
    return Child._meta.get_field(relation).related_model


def _locked_pair(first: Child, second: Child) -> tuple[Child, Child]:
    rows = {
        child.pk: child
        # of=("self",): PostgreSQL cannot lock the empty side of the outer join.
        for child in Child.objects.select_for_update(of=("self",))
        .select_related("merged_into")
        .filter(pk__in=[first.pk, second.pk])
    }
    if first.pk not in rows or second.pk not in rows:
        raise Http404("Not found")
    return rows[first.pk], rows[second.pk]


def _require_merger(by: User, *children: Child) -> None:
    for child in children:
        require_object_permission(by, child, scope="casework.view_child")
    for child in children:
        if not by.has_perm("casework.merge_child", child):
            raise PermissionDenied(
                "Only a co-ordinator of the service holding both records, or an "
                "administrator, can merge them."
            )


def _fixed_records(child: Child) -> list[str]:
    """What `child` has that a merge cannot move (records that never change once written,
    and anything later added to the child's record)."""
    found = []
    for relation in Child._meta.related_objects:
        name = relation.get_accessor_name()
        if relation.many_to_many or name in MOVED:
            continue
        if relation.related_model._default_manager.filter(**{relation.field.name: child}).exists():
            found.append(str(relation.related_model._meta.verbose_name_plural))
    return found


def merge_problems(keep: Child, duplicate: Child) -> list[str]:
    """Why these two records cannot be merged (empty when they can)."""
    if keep.pk == duplicate.pk:
        return ["A record cannot be merged with itself: choose the child's other record."]
    problems = [
        f"{child.reference} is already merged into {child.merged_into.reference}: "
        f"compare {child.merged_into.reference} instead."
        for child in (keep, duplicate)
        if child.merged_into_id
    ]
    if problems:
        return problems
    if keep.held_by_id != duplicate.held_by_id:
        return ["The records are held by different services, so they cannot be merged."]
    if (
        keep.first_name.casefold() != duplicate.first_name.casefold()
        or keep.last_name.casefold() != duplicate.last_name.casefold()
        or keep.date_of_birth != duplicate.date_of_birth
    ):
        problems.append(
            "The records do not have the same first name, last name and date of birth. If "
            "they are the same child, correct the record that is wrong first."
        )
    fixed = _fixed_records(duplicate)
    if fixed:
        problems.append(
            f"{duplicate.reference} has {' and '.join(fixed)}, which never move once written: "
            f"keep {duplicate.reference} and merge {keep.reference} into it instead."
        )
    shared = DirectWorkPlan.objects.filter(members__child=keep).filter(members__child=duplicate)
    if shared.exists():
        problems.append(
            "Both records are on the same direct-work plan. Take one of them off the plan "
            "before merging."
        )
    return problems


def _move(rows: Iterable[models.Model], to: Child, reason: str, *, by: User) -> list[int]:
    moved = []
    with acting_as(by):
        for row in rows:
            row.child = to
            row._change_reason = reason
            row.save(update_fields=["child"])
            moved.append(row.pk)
    return moved


def _saved_or_refused(write, message: str):
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as error:
        raise ValidationError(message) from error


@transaction.atomic
def child_merge(*, keep: Child, duplicate: Child, by: User) -> ChildMerge:
    """Merge `duplicate` into `keep` for `by`; returns the merge's record."""
    keep, duplicate = _locked_pair(keep, duplicate)
    _require_merger(by, keep, duplicate)
    problems = merge_problems(keep, duplicate)
    if problems:
        raise ValidationError(problems)
    reason = f"Merged {duplicate.reference} into {keep.reference}"
    moved: dict[str, list[int]] = {"carers": [], MAIN_CONTACT_DROPPED: []}

    def write() -> None:
        keep_has_main = keep.carers.filter(is_main_contact=True).exists()
        with acting_as(by):
            for carer in Carer.objects.filter(child=duplicate).order_by("pk"):
                carer.child = keep
                fields = ["child"]
                if carer.is_main_contact and keep_has_main:
                    # One main contact per child: the kept record's stays (undo restores it).
                    carer.is_main_contact = False
                    fields.append("is_main_contact")
                    moved[MAIN_CONTACT_DROPPED].append(carer.pk)
                carer._change_reason = reason
                carer.save(update_fields=fields)
                moved["carers"].append(carer.pk)
        for relation in MOVED[1:]:
            rows = _model_of(relation).objects.filter(child=duplicate).order_by("pk")
            moved[relation] = _move(rows, keep, reason, by=by)
        duplicate.merged_into = keep
        duplicate._change_reason = reason
        with acting_as(by):
            duplicate.save(update_fields=["merged_into"])

    _saved_or_refused(write, "The records could not be merged: nothing was changed.")
    with acting_as(by):
        return ChildMerge.objects.create(
            keep=keep, duplicate=duplicate, moved=moved, merged_at=timezone.now(), merged_by=by
        )


def _to_put_back(merge: ChildMerge, keep: Child) -> dict[str, list[models.Model]]:
    """The rows on `keep` that the undo moves back to the duplicate."""
    moved = merge.moved
    rows = {
        relation: list(
            _model_of(relation).objects.filter(pk__in=moved.get(relation, []), child=keep)
        )
        for relation in MOVED
    }
    requests = moved.get("support_requests", [])
    # Work recorded since the merge on what moved: it answers those requests, or is on
    # the plans that moved (the kept record was on none of them).
    rows["allocations"] += list(
        Allocation.objects.filter(support_request__in=requests, child=keep).exclude(
            pk__in=[row.pk for row in rows["allocations"]]
        )
    )
    rows["plan_memberships"] += list(
        PlanChild.objects.filter(plan__support_request__in=requests, child=keep).exclude(
            pk__in=[row.pk for row in rows["plan_memberships"]]
        )
    )
    plans = [member.plan_id for member in rows["plan_memberships"]]
    for relation, since in (
        ("session_attendance", SessionAttendance.objects.filter(session__plan__in=plans)),
        ("wellbeing_measures", WellbeingMeasure.objects.filter(plan__in=plans)),
    ):
        rows[relation] += list(
            since.filter(child=keep).exclude(pk__in=[row.pk for row in rows[relation]])
        )
    return rows


@transaction.atomic
def child_merge_undo(*, merge: ChildMerge, by: User) -> ChildMerge:
    """An administrator undoes `merge`: the duplicate is a record of its own again."""
    merge = ChildMerge.objects.select_for_update().filter(pk=merge.pk).first()
    if merge is None:
        raise Http404("Not found")
    require_object_permission(by, merge, scope="casework.view_childmerge")
    if not by.has_perm("casework.undo_childmerge", merge):
        raise PermissionDenied("Only an administrator can undo a merge.")
    if merge.undone_at is not None:
        undone_on = long_date(timezone.localdate(merge.undone_at))
        raise ValidationError(f"This merge was already undone on {undone_on}.")
    keep, duplicate = _locked_pair(merge.keep, merge.duplicate)
    if keep.merged_into_id:
        raise ValidationError(
            f"{keep.reference} has since been merged into {keep.merged_into.reference}: "
            "undo that merge first."
        )
    reason = f"Undid the merge of {duplicate.reference} into {keep.reference}"
    dropped = set(merge.moved.get(MAIN_CONTACT_DROPPED, []))

    def write() -> None:
        for rows in _to_put_back(merge, keep).values():
            _move(rows, duplicate, reason, by=by)
        with acting_as(by):
            for carer in Carer.objects.filter(pk__in=dropped, child=duplicate):
                carer.is_main_contact = True
                carer._change_reason = reason
                carer.save(update_fields=["is_main_contact"])
            duplicate.merged_into = None
            duplicate._change_reason = reason
            duplicate.save(update_fields=["merged_into"])

    _saved_or_refused(write, "The merge could not be undone: nothing was changed.")
    merge.undone_at = timezone.now()
    merge.undone_by = by
    merge._change_reason = reason
    with acting_as(by):
        merge.save(update_fields=["undone_at", "undone_by"])
    return merge
