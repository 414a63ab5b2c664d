"""Intake (issue 18, requirement 3): from a referral received to a decision.

A co-ordinator of the provider allocates a care co-ordinator (someone on the
programme's team); the care co-ordinator records each attempt to reach the
parent and the assessment date given; the first attempt that reaches the
parent stops the contact timescale's flag. Every status change goes through
the transition table (programmes.transitions.REFERRAL_TRANSITIONS) and the one
engine; each decision is emailed to the referrer by its reference only (a
referrer has no account: never a name, never what anyone typed).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.audit.context import acting_as
from portal.permissions import require_object_permission
from portal.services import notify, queue_email
from portal.transitions import Transition, apply_transition

from ..eligibility import long
from ..models import ContactAttempt, Referral
from ..selectors.intake import team_for
from ..transitions import REFERRAL_TRANSITIONS

VIEW = "programmes.view_referral"

# What the referrer is told of each decision: the reference and the outcome.
REFERRER_TOLD = {
    "accept": "has been accepted. The parent will start the programme soon",
    "not_suitable": "has been closed: the programme is not suitable at this time. "
    "Please contact the service to talk about the reasons",
    "parent_declined": "has been closed: the parent decided not to take part",
    "withdraw": "has been withdrawn, as you asked",
}


def referral_url(referral: Referral) -> str:
    return reverse("programmes:referral_detail", args=[referral.pk])


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)


def _visible(by):
    def guard(referral: Referral) -> None:
        require_object_permission(by, referral, scope=VIEW)

    return guard


def referral_allocate(*, referral: Referral, care_coordinator, by) -> Referral:
    """Allocate (or re-allocate) the referral to `care_coordinator`, who is told."""

    def vet(referral: Referral, transition: Transition, reason: str) -> None:
        team = {worker.pk for worker in team_for(referral.programme)}
        if care_coordinator is None or care_coordinator.pk not in team:
            raise ValidationError(
                {"care_coordinator": _("Choose a care co-ordinator on the programme's team.")}
            )
        if referral.care_coordinator_id == care_coordinator.pk:
            raise ValidationError(
                {
                    "care_coordinator": _("%(name)s is already the care co-ordinator.")
                    % {"name": care_coordinator}
                }
            )

    def record(referral: Referral, transition: Transition, reason: str) -> list[str]:
        referral.care_coordinator = care_coordinator
        referral.allocated_at = timezone.now()
        return ["care_coordinator", "allocated_at"]

    def tell(referral: Referral, transition, previous: str, reason: str) -> None:
        if care_coordinator.pk != by.pk:
            # In the programme's language, as its other reminders (services.leaders).
            with translation.override(referral.programme.language):
                notify(
                    user=care_coordinator,
                    title=_("Referral %(reference)s is allocated to you")
                    % {"reference": referral.reference},
                    body=_("Contact the parent by %(day)s.")
                    % {"day": long(referral.contact_due_on)},
                    url=referral_url(referral),
                    language=referral.programme.language,
                    kind="programmes",
                )

    return apply_transition(
        table=REFERRAL_TRANSITIONS,
        record=referral,
        name="allocate",
        by=by,
        lock=_lock,
        guard=_visible(by),
        vet=vet,
        record_fields=record,
        change_reason=lambda t, r: f"allocated to {care_coordinator}",
        tell=tell,
    )


def referral_decide(*, referral: Referral, name: str, by, reason: str = "") -> Referral:
    """Take the decision `name` (accept, not_suitable, parent_declined, withdraw);
    the referrer is emailed the outcome by reference."""
    if name == "allocate":
        raise ValidationError({"transition": "Allocation is a step of its own."})

    def record(referral: Referral, transition: Transition, reason: str) -> list[str]:
        referral.outcome_reason = reason
        referral.decided_at = timezone.now()
        return ["outcome_reason", "decided_at"]

    def tell(referral: Referral, transition, previous: str, reason: str) -> None:
        # The email to the referrer is in English, whatever the page's language.
        with translation.override(settings.LANGUAGE_CODE):
            outcome = str(transition.label).lower()
        queue_email(
            to=referral.referrer_email,
            subject=f"Referral {referral.reference}: {outcome}",
            message=(
                f"Your referral {referral.reference} to {referral.programme.name} "
                f"{REFERRER_TOLD[transition.name]}.\n\n"
                "Quote the reference if you contact the service about it.\n"
            ),
        )

    return apply_transition(
        table=REFERRAL_TRANSITIONS,
        record=referral,
        name=name,
        by=by,
        reason=reason,
        lock=_lock,
        guard=_visible(by),
        record_fields=record,
        reason_message=_("Enter the reason."),
        tell=tell,
    )


def contact_attempt_record(
    *,
    referral: Referral,
    by,
    made_on: date,
    method: str,
    result: str,
    note: str = "",
    assessment_offered_on: date | None = None,
) -> ContactAttempt:
    """Record a try at reaching the parent. Reaching them for the first time sets
    the day they were reached; an assessment date given is kept on the referral."""
    with transaction.atomic():
        referral = _lock(referral)
        require_object_permission(by, referral, "programmes.work_with_family", scope=VIEW)
        if referral.status != Referral.Status.ALLOCATED:
            raise ValidationError(
                "Contact is recorded once the referral is allocated and until it is decided."
            )
        today = timezone.localdate()
        errors: dict[str, str] = {}
        received_on = timezone.localdate(referral.received_at)
        if made_on > today:
            errors["made_on"] = "The date of the contact must be today or in the past."
        elif made_on < received_on:
            errors["made_on"] = "The date of the contact must be on or after the referral arrived."
        if assessment_offered_on is not None:
            if result != ContactAttempt.Result.REACHED:
                errors["assessment_offered_on"] = (
                    "An assessment date can be given only when you spoke to the parent."
                )
            elif assessment_offered_on < made_on:
                errors["assessment_offered_on"] = (
                    "The assessment date must be on or after the day of the contact."
                )
        if errors:
            raise ValidationError(errors)
        attempt = ContactAttempt(
            referral=referral,
            made_on=made_on,
            method=method,
            result=result,
            note=note.strip(),
            assessment_offered_on=assessment_offered_on,
            recorded_by=by,
        )
        attempt.full_clean()
        changed = []
        if result == ContactAttempt.Result.REACHED and (
            referral.contacted_on is None or made_on < referral.contacted_on
        ):
            referral.contacted_on = made_on
            changed.append("contacted_on")
        if assessment_offered_on is not None:
            referral.assessment_on = assessment_offered_on
            changed.append("assessment_on")
        with acting_as(by):
            attempt.save()
            if changed:
                referral._change_reason = "contact recorded"
                referral.save(update_fields=changed)
    return attempt
