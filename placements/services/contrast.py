"""A co-ordinator lets a placement go ahead although it breaks the
contrasting-settings rule (issue 16, requirement 1; the rule is in
placements/contrast.py).

The reason is kept on the placement, with who recorded it and when (its history
row too), and shown to the tutor on the placement's page and in the
university's export. Only a co-ordinator of the host or the university, or an
administrator, records it, and only while the placement is a draft or proposed:
after that the rule is no longer checked.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.services import notify

from ..contrast import NOT_DESCRIBED, contrast_problems
from ..models import Placement
from .lifecycle import EDITABLE_STATUSES, locked_placement

OVERRIDE_REASON_MAX_LENGTH = 2000


def placement_contrast_override(*, placement: Placement, by: User, reason: str) -> Placement:
    """Record `reason` for going ahead with `placement` despite the rule.

    Refused, changing nothing: PermissionDenied for anyone but the placement's
    co-ordinators and administrators; a ValidationError naming `reason` when it
    is empty or too long; a ValidationError when the placement is past proposed,
    already overridden, or keeps the rule (there is nothing to override).
    """
    with transaction.atomic():
        placement = locked_placement(placement.pk)
        if not by.has_perm("placements.override_contrast", placement):
            raise PermissionDenied(
                "Only a placement co-ordinator of the host organisation or the university, or "
                "an administrator, can let a placement go ahead despite the contrasting-"
                "settings rule."
            )
        if placement.status not in EDITABLE_STATUSES:
            raise ValidationError(
                f"A {placement.get_status_display().lower()} placement is past the point where "
                "the contrasting-settings rule is checked: only draft and proposed ones can "
                "be let through."
            )
        if placement.contrast_override_reason:
            raise ValidationError(
                "A reason to go ahead despite the contrasting-settings rule is already "
                "recorded for this placement."
            )
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                {"reason": "Enter why the placement should go ahead despite the rule."}
            )
        if len(reason) > OVERRIDE_REASON_MAX_LENGTH:
            raise ValidationError(
                {
                    "reason": f"The reason must be {OVERRIDE_REASON_MAX_LENGTH} characters or "
                    f"fewer; it has {len(reason)}."
                }
            )
        if not placement.setting_described:
            raise ValidationError(NOT_DESCRIBED)
        if not contrast_problems(placement):
            raise ValidationError(
                "This placement keeps the contrasting-settings rule (or the student has no "
                "other placement to weigh it against): there is nothing to override."
            )
        placement.contrast_override_reason = reason
        placement.contrast_overridden_by = by
        placement.contrast_overridden_at = timezone.now()
        placement._change_reason = "contrast_override"
        with acting_as(by):
            placement.save(
                update_fields=[
                    "contrast_override_reason",
                    "contrast_overridden_by",
                    "contrast_overridden_at",
                ]
            )
        _tell_tutor(placement, by=by)
    return placement


def _tell_tutor(placement: Placement, *, by: User) -> None:
    tutor = placement.tutor
    if tutor is None or tutor.pk == by.pk:
        return
    title = (
        f"{placement.student}'s placement at {placement.host} goes ahead despite the "
        "contrasting-settings rule"
    )
    notify(
        user=tutor,
        title=title[:200],
        body=f"{by} recorded why {placement.student}'s {placement.get_level_display().lower()} "
        f"({placement.host}, {placement.team}) goes ahead although it does not meet the "
        "rule on contrasting settings and statutory tasks. The reason is on the placement's "
        "page and in the placements export.",
        url=reverse("placements:placement_detail", args=[placement.pk]),
        kind="placements",
    )
