"""Finding the person a subject access request is about."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from portal.accounts.models import User


def people_matching(kind: str, identifier: str, *, limit: int) -> list[tuple[str, models.Model]]:
    """(label, person) pairs for `kind` whose email contains, or whose child's
    reference is, `identifier`. Child and carer models are looked up by name so
    that portal imports no app."""
    text = identifier.strip()
    if kind == "user":
        users = User.objects.filter(email__icontains=text).order_by("email")[:limit]
        return [(person_label(kind, user), user) for user in users]
    child_model = apps.get_model("casework", "Child")
    if kind == "child":
        children = child_model._base_manager.filter(reference__iexact=text)[:limit]
        return [(person_label(kind, child), child) for child in children]
    if kind == "carer":
        carers = (
            apps.get_model("casework", "Carer")
            ._base_manager.filter(child__reference__iexact=text)
            .select_related("child")
            .order_by("name")[:limit]
        )
        return [(person_label(kind, carer), carer) for carer in carers]
    return []


def person_label(kind: str, person: models.Model) -> str:
    if kind == "user":
        return f"{person.name} ({person.email})"
    if kind == "child":
        return f"{person.first_name} {person.last_name} ({person.reference})"
    return f"{person.name}, {person.get_relationship_display().lower()} of {person.child.reference}"


def rights_requests(show: str, today):
    from .models import RightsRequest as R

    requests = R.objects.select_related("recorded_by")
    if show == "open":
        return requests.filter(status=R.Status.OPEN).order_by("due_on", "pk")
    if show == "overdue":
        return (
            requests.filter(status=R.Status.OPEN)
            .filter(
                models.Q(extended_to__isnull=True, due_on__lt=today)
                | models.Q(extended_to__lt=today)
            )
            .order_by("due_on", "pk")
        )
    if show == "closed":
        return requests.exclude(status=R.Status.OPEN).order_by("-closed_on", "-pk")
    return requests.order_by("-received_on", "-pk")
