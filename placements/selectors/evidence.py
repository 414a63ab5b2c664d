"""Reads about capability evidence."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import Placement


# --- Capability evidence ----------------------------------------------------------
def capability_short_label(capability) -> str:
    """“PCF 3” or “KSS 7”: the framework's code up to its first hyphen, and the number."""
    return f"{capability.version.framework.code.split('-')[0].upper()} {capability.number}"


def evidence_capabilities(placement: Placement) -> QuerySet:
    """The capabilities evidence on `placement` may be shown against: those of the
    current framework versions, and older ones its evidence is linked to (one query)."""
    from ..models import Capability, EvidenceItem

    linked = EvidenceItem.capabilities.through.objects.filter(
        evidenceitem__placement=placement
    ).values("capability_id")
    return (
        Capability.objects.filter(Q(version__is_current=True) | Q(pk__in=linked))
        .select_related("version__framework")
        .order_by(
            "version__framework_id", "-version__is_current", "-version__published_on", "number"
        )
    )


def evidence_for_placement(
    placement: Placement,
    *,
    kind: str = "",
    capability_id: int | None = None,
    q: str = "",
    comment: str = "",
) -> QuerySet:
    """The placement's evidence, newest first, filtered; capabilities prefetched
    with their framework, so a page of any length costs the same queries."""
    from django.db.models import Prefetch

    from ..models import Capability, EvidenceItem

    items = EvidenceItem.objects.filter(placement=placement)
    if kind:
        items = items.filter(kind=kind)
    if capability_id:
        items = items.filter(capabilities__pk=capability_id)
    if q:
        items = items.filter(Q(title__icontains=q) | Q(reflection__icontains=q))
    if comment in ("awaiting", "given"):
        items = items.filter(commented_at__isnull=comment == "awaiting")
    return (
        items.select_related("commented_by")
        .prefetch_related(
            Prefetch(
                "capabilities",
                queryset=Capability.objects.select_related("version__framework").order_by(
                    "version__framework_id", "number"
                ),
            )
        )
        .order_by("-date", "-pk")
    )
