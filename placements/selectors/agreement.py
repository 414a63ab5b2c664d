"""Reads about practice learning agreements."""

from __future__ import annotations

import functools

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
    `placements` is a queryset or a list (None: every placement); the answer is
    one query.
    """
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from portal.models import Signature

    on = on or timezone.localdate()
    if placements is None:
        chosen = Placement.objects.all()
    elif isinstance(placements, QuerySet):
        # Filtered in place, not through a subquery of pks (issue 20: cheaper to build),
        # unless the queryset cannot be filtered further.
        plain = not (placements.query.is_sliced or placements.query.distinct)
        chosen = (
            placements
            if placements.model is Placement and plain
            else Placement.objects.filter(pk__in=placements.values("pk"))
        )
    else:
        chosen = Placement.objects.filter(pk__in=[placement.pk for placement in placements])

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
    return chosen.filter(
        status__in=Placement.LIVE_STATUSES,
        starts_on__lte=on - timedelta(days=AGREEMENT_SIGNING_DAYS),
    ).exclude(fully_signed)


def agreement_overdue_flag(*, on=None):
    """An expression for a placements query: True when the row's agreement is overdue
    (as `agreements_overdue`), so a list marks its rows in the query that reads them."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    # Built once a day (and content type): building it costs more than compiling it.
    agreement_type = ContentType.objects.get_for_model(LearningAgreement).pk
    return _overdue_flag(on or timezone.localdate(), agreement_type)


@functools.lru_cache(maxsize=8)
def _overdue_flag(on, agreement_type: int):
    from django.db.models import Exists, OuterRef

    return Exists(agreements_overdue(None, on=on).filter(pk=OuterRef("pk")))
