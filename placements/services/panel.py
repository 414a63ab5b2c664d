"""The practice assessment panel's decision on a countersigned final report (the
whole sequence is in placements/services/review.py)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date

from ..models import (
    PanelDecision,
    Placement,
)
from ..selectors.review import current_final_report
from .final_report import signed_capacities
from .lifecycle import locked_placement, placement_transition
from .review import (
    PE,
    TUTOR,
    Status,
    status_phrase,
    tell_people,
)


@transaction.atomic
def panel_decision_record(
    *, placement: Placement, by: User, sat_on: date | None, outcome: str, notes: str = ""
) -> PanelDecision:
    """The tutor or a co-ordinator of the university records a sitting of the panel.

    Needs a submitted report signed by the practice educator and countersigned
    by the tutor. Ratified: the placement passes or fails as the report
    recommends. Deferred: nothing changes until a later sitting. Referred: the
    report's signatures are cleared, so the practice educator can revise it and
    sign again; the status stays "final report submitted".
    """
    placement = locked_placement(placement.pk)
    if not by.has_perm("placements.record_panel_decision", placement):
        raise PermissionDenied(
            "Only the student's university tutor or a co-ordinator of the university records "
            "the panel's decision."
        )
    if placement.status != Status.FINAL_REPORT_SUBMITTED:
        raise ValidationError(
            "The panel decides on a placement whose final report is submitted; this placement "
            f"is {status_phrase(placement)}."
        )
    report = current_final_report(placement)
    signed = signed_capacities(report)
    if report is None or PE not in signed or TUTOR not in signed or not report.is_locked:
        raise ValidationError(
            "The final report must be signed by the practice educator and countersigned by the "
            "tutor before the panel's decision is recorded."
        )
    report.placement = placement
    notes = (notes or "").strip()
    countersigned_on = timezone.localdate(signed[TUTOR].signed_at)
    errors: dict[str, list[str]] = {}
    if sat_on is None:
        errors["sat_on"] = ["Enter the date of the panel."]
    elif sat_on > timezone.localdate():
        errors["sat_on"] = ["The date of the panel cannot be in the future."]
    elif sat_on < countersigned_on:
        errors["sat_on"] = [
            f"The panel cannot have sat before the report was countersigned on "
            f"{long_date(countersigned_on)}."
        ]
    if outcome not in PanelDecision.Outcome.values:
        errors["outcome"] = ["Choose the panel's decision: ratified, deferred or referred."]
    elif outcome != PanelDecision.Outcome.RATIFIED and not notes:
        errors["notes"] = [
            "Enter the panel's reasons and what must happen before it decides again."
        ]
    if errors:
        raise ValidationError(errors)

    with acting_as(by):
        decision = PanelDecision.objects.create(
            placement=placement, sat_on=sat_on, outcome=outcome, notes=notes, recorded_by=by
        )
    url = reverse("placements:panel_decisions", args=[placement.pk])
    about = f"{placement.student}'s placement at {placement.host}"
    if outcome == PanelDecision.Outcome.RATIFIED:
        # The transition's name is the recommendation: "pass" or "fail".
        placement_transition(
            placement=placement, name=report.recommendation, by=by, record=decision
        )
    elif outcome == PanelDecision.Outcome.DEFERRED:
        tell_people(
            placement,
            by=by,
            title=f"The practice assessment panel deferred its decision on {about}",
            body=f"The panel of {long_date(sat_on)} will decide at a later sitting: {notes}",
            url=url,
        )
    else:
        tell_people(
            placement,
            by=by,
            title=f"The practice assessment panel referred the final report on {about}",
            body=f"The panel of {long_date(sat_on)} referred the report back: {notes} The "
            "practice educator amends the report and signs the corrected version; the tutor "
            "then countersigns it for a later sitting.",
            url=url,
        )
    return decision
