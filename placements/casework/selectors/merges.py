"""Reads: possible duplicate records of a child, and merges.

Two records are possible duplicates when one service holds both, neither is
merged, and they have the same first name, last name and date of birth (names
compared without regard to case). Only the co-ordinators of that service and
administrators see the flag (selectors.requests.merging_services, rules.merges);
a school never does.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Value
from django.db.models.functions import Lower

from ..models import Carer, Child, ChildMerge


def _same_child(first_name, last_name, date_of_birth, held_by) -> QuerySet[Child]:
    """Records not merged away, held by `held_by`, with these names and date of birth
    (each argument a value or an OuterRef)."""
    return (
        Child.objects.filter(held_by=held_by, date_of_birth=date_of_birth, merged_into__isnull=True)
        .annotate(first_lower=Lower("first_name"), last_lower=Lower("last_name"))
        .filter(first_lower=Lower(first_name), last_lower=Lower(last_name))
    )


def duplicates_of(child: Child) -> QuerySet[Child]:
    """The other records that may be `child`'s (one query when evaluated)."""
    return (
        _same_child(
            Value(child.first_name), Value(child.last_name), child.date_of_birth, child.held_by_id
        )
        .exclude(pk=child.pk)
        .select_related("school")
        .order_by("created_at", "pk")
    )


def has_possible_duplicate(child_path: str = "child") -> Exists:
    """An annotation: whether the record at `child_path` of each row has a possible
    duplicate (a subquery, so lists stay at the same number of queries)."""
    return Exists(
        _same_child(
            OuterRef(f"{child_path}__first_name"),
            OuterRef(f"{child_path}__last_name"),
            OuterRef(f"{child_path}__date_of_birth"),
            OuterRef(f"{child_path}__held_by"),
        ).exclude(pk=OuterRef(f"{child_path}__pk"))
    )


def for_comparison(*pks: int) -> dict[int, Child]:
    """The records a compare or confirm page shows side by side, with their carers and
    how much hangs off each (two queries)."""
    children = (
        Child.objects.filter(pk__in=pks)
        .select_related("school", "held_by", "merged_into")
        .prefetch_related(Prefetch("carers", queryset=Carer.objects.order_by("-is_main_contact")))
        .annotate(
            requests_count=Count("support_requests", distinct=True),
            allocations_count=Count("allocations", distinct=True),
            plans_count=Count("plan_memberships", distinct=True),
        )
    )
    return {child.pk: child for child in children}


def merge_for_page(pk: int) -> ChildMerge | None:
    return (
        ChildMerge.objects.select_related(
            "keep__school", "duplicate__school", "merged_by", "undone_by"
        )
        .filter(pk=pk)
        .first()
    )


def merges_of(child: Child) -> list[ChildMerge]:
    """The merges `child` took part in, as either record, newest first (one query)."""
    return list(
        (ChildMerge.objects.filter(keep=child) | ChildMerge.objects.filter(duplicate=child))
        .select_related("keep", "duplicate", "merged_by", "undone_by")
        .order_by("-merged_at", "-pk")
    )
