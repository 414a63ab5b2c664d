"""Reads about practice learning agreements."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..models import LearningAgreement, Placement

# --- Practice learning agreement ------------------------------------------------
# DOMAIN.md / issue 4: the dashboards warn when a placement's agreement is not
# fully signed 10 days after the start.
AGREEMENT_SIGNING_DAYS = 10


def agreements_overdue(placements, *, on=None) -> QuerySet[Placement]:
    """The live placements among `placements` whose agreement is overdue.

    Overdue: started `AGREEMENT_SIGNING_DAYS` or more days before `on` (today
    by default) and the agreement is missing or lacks a required signature
    (student, practice educator, on-site supervisor when there is one, tutor).
    `placements` is a queryset or a list; the answer is one query.
    """
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from portal.models import Signature

    on = on or timezone.localdate()
    if isinstance(placements, QuerySet):
        chosen = Q(pk__in=placements.values("pk"))
    else:
        chosen = Q(pk__in=[placement.pk for placement in placements])

    agreement_type = ContentType.objects.get_for_model(LearningAgreement)

    def signed_as(capacity: str) -> Exists:
        return Exists(
            Signature.objects.filter(
                # By id, not a join on the content type's name (placements.selectors.review).
                content_type=agreement_type,
                object_id=OuterRef("learning_agreement__pk"),
                capacity=capacity,
            )
        )

    fully_signed = (
        Q(learning_agreement__isnull=False)
        & signed_as("student")
        & signed_as("practice_educator")
        & signed_as("tutor")
        & (Q(onsite_supervisor__isnull=True) | signed_as("onsite_supervisor"))
    )
    return (
        Placement.objects.filter(chosen)
        .filter(
            status__in=Placement.LIVE_STATUSES,
            starts_on__lte=on - timedelta(days=AGREEMENT_SIGNING_DAYS),
        )
        .exclude(fully_signed)
    )
