"""The practice educator's ratings of a placement's progress in each PCF domain
(the coverage page); the rules are those of capability evidence (services/evidence.py)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.services import notify

from ..models import Capability, CapabilityRating, DomainRating, Placement
from .anonymisation import refuse_child_names
from .evidence import refuse_unless_open, require_educator

# The framework whose domains the practice educator rates (the PCF); the KSS
# statements are evidenced but not rated.
RATED_FRAMEWORK_CODE = "pcf"


def rated_domains() -> QuerySet[Capability]:
    """The domains the practice educator rates: those of the current PCF version."""
    return Capability.objects.filter(
        version__framework__code=RATED_FRAMEWORK_CODE, version__is_current=True
    ).order_by("number")


@transaction.atomic
def domain_rate(
    *,
    placement: Placement,
    capability: Capability,
    by: User,
    rating: str,
    comment: str = "",
) -> DomainRating:
    """Set the practice educator's rating of one PCF domain (created or updated).

    Saving the same rating and comment again writes nothing.
    """
    require_educator(placement, by, "rates the domains")
    refuse_unless_open(placement, "The domains of this placement cannot be rated now")
    if not rated_domains().filter(pk=capability.pk).exists():
        raise ValidationError(
            {"capability": "Only the domains of the current PCF version are rated."}
        )
    if rating not in CapabilityRating.values:
        raise ValidationError(
            {"rating": f"Choose a rating for {capability.title}: not yet, progressing or meets."}
        )
    comment = (comment or "").strip()
    refuse_child_names(
        placement=placement, texts={"comment": comment}, labels={"comment": "comment on the domain"}
    )
    existing = (
        DomainRating.objects.select_for_update()
        .filter(placement=placement, capability=capability)
        .first()
    )
    if existing and (existing.rating, existing.comment) == (rating, comment):
        return existing
    domain_rating = existing or DomainRating(placement=placement, capability=capability)
    domain_rating.rating = rating
    domain_rating.comment = comment
    domain_rating.rated_by = by
    with acting_as(by):
        domain_rating.save()
    return domain_rating


@transaction.atomic
def domain_ratings_save(
    *,
    placement: Placement,
    by: User,
    ratings: Mapping[Capability, tuple[str, str]],
) -> list[DomainRating]:
    """Rate several domains together (all or none) and tell the student once.

    `ratings` maps each domain to (rating, comment). A refusal names the field
    `rating_<capability pk>` so the page can put it beside the domain.
    """
    placement = Placement.objects.with_people().get(pk=placement.pk)
    require_educator(placement, by, "rates the domains")
    refuse_unless_open(placement, "The domains of this placement cannot be rated now")
    if not ratings:
        raise ValidationError("Choose a rating for at least one domain.")
    errors: dict[str, list[str]] = {}
    saved: list[DomainRating] = []
    before = {
        r.capability_id: (r.rating, r.comment)
        for r in DomainRating.objects.filter(placement=placement)
    }
    for capability, (rating, comment) in ratings.items():
        try:
            saved.append(
                domain_rate(
                    placement=placement,
                    capability=capability,
                    by=by,
                    rating=rating,
                    comment=comment,
                )
            )
        except ValidationError as error:
            errors.setdefault(f"rating_{capability.pk}", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    changed = [r for r in saved if before.get(r.capability_id) != (r.rating, r.comment)]
    if changed:
        listed = "; ".join(
            f"{r.capability.title}: {r.get_rating_display().lower()}" for r in changed
        )
        notify(
            user=placement.student,
            title=f"{by} rated your progress in {len(changed)} PCF domain"
            f"{'s' if len(changed) != 1 else ''}",
            body=listed,
            url=reverse("placements:evidence_coverage", args=[placement.pk]),
            kind="evidence",
        )
    return saved
