"""What a supervision record shows besides its own fields (the PCF domains
discussed, the actions, the signatures and the amendment it belongs to),
fetched for many records at once so the PDF log and the API list make the
same few queries for 5 records or 50."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet

from portal.models import Signature

from .models import SupervisionAction, SupervisionSession


def with_parts(sessions: QuerySet[SupervisionSession]) -> QuerySet[SupervisionSession]:
    """`sessions` with the people, domains and actions a record shows, prefetched."""
    return sessions.select_related(
        "placement",
        "placement__student",
        "placement__practice_educator",
        "amends",
    ).prefetch_related(
        "domains_discussed",
        Prefetch(
            "actions",
            queryset=SupervisionAction.objects.select_related("owner").order_by("due_on", "pk"),
        ),
    )


def attach_signatures(sessions: Iterable[SupervisionSession]) -> list[SupervisionSession]:
    """Set `.signature_list` on each session (one query for all of them)."""
    sessions = list(sessions)
    if not sessions:
        return sessions
    kind = ContentType.objects.get_for_model(SupervisionSession)
    found = defaultdict(list)
    for signature in Signature.objects.filter(
        content_type=kind, object_id__in=[s.pk for s in sessions]
    ).select_related("signer"):
        found[signature.object_id].append(signature)
    capacities = dict(SupervisionSession.Capacity.choices)
    for session in sessions:
        session.signature_list = found.get(session.pk, [])
        for signature in session.signature_list:
            signature.capacity_label = capacities.get(signature.capacity, signature.capacity)
    return sessions


def agenda_of(session: SupervisionSession) -> list[tuple[str, str, str]]:
    """(field name, label, text) of each agenda item, in the record's order."""
    return [
        (
            name,
            str(SupervisionSession._meta.get_field(name).verbose_name).capitalize(),
            getattr(session, name),
        )
        for name in SupervisionSession.AGENDA
    ]
