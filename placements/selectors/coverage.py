"""Reads for the coverage page: evidence and ratings per capability."""

from __future__ import annotations

from ..models import Placement
from .evidence import capability_short_label, evidence_capabilities


def evidence_coverage(placement: Placement) -> list[dict]:
    """The coverage matrix of `placement`: one group per framework version, each
    with a row per capability holding the number of evidence items of each kind,
    the total and the practice educator's rating (three queries in all).

    Groups: the current versions, then any older version evidence links to.
    """
    from django.db.models import Count

    from ..models import DomainRating, EvidenceItem

    kinds = EvidenceItem.Kind.values
    cells: dict[tuple[int, str], int] = {}
    for row in (
        EvidenceItem.capabilities.through.objects.filter(evidenceitem__placement=placement)
        .values("capability_id", "evidenceitem__kind")
        .annotate(items=Count("evidenceitem_id"))
    ):
        cells[(row["capability_id"], row["evidenceitem__kind"])] = row["items"]
    ratings = {
        r.capability_id: r
        for r in DomainRating.objects.filter(placement=placement).select_related("rated_by")
    }
    groups: list[dict] = []
    for capability in evidence_capabilities(placement):
        if not groups or groups[-1]["version"].pk != capability.version_id:
            groups.append({"version": capability.version, "rows": []})
        counts = [cells.get((capability.pk, kind), 0) for kind in kinds]
        capability.short_label = capability_short_label(capability)
        groups[-1]["rows"].append(
            {
                "capability": capability,
                "counts": list(zip(kinds, counts, strict=True)),
                "total": sum(counts),
                "rating": ratings.get(capability.pk),
            }
        )
    return groups
