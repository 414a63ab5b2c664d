"""Receiving a referral from the public form (issue 18, requirement 2).

`referral_receive` checks what was typed, then writes the referral and its
children in one transaction and queues the acknowledgement: a refused referral
leaves no row and no email. The email to the referrer carries the reference
and nothing else about the family (portal.services.queue_email: no typed text).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from portal.dates import age_on
from portal.services import queue_email
from portal.workingdays import WorkingDays

from ..models import Programme, Referral, ReferredChild

ADULT_AGE = 18
CLOSED = "This programme is not taking referrals at the moment."


@dataclass(frozen=True)
class ChildDetails:
    number: int  # the row on the form, so an error lands beside it
    name: str
    date_of_birth: date | None
    social_care_status: str
    lives_with_parent: bool


def check_referral(parent: Mapping, children: Sequence[ChildDetails], today: date) -> None:
    """The confirmations and dates of birth (the form runs it too, to show every problem)."""
    errors: dict[str, list[str]] = {}
    if not parent.get("children_open_to_services"):
        errors["children_open_to_services"] = [
            "Confirm the children are open to children's services"
        ]
    if not parent.get("meets_threshold"):
        errors["meets_threshold"] = ["Answer yes to the question, or do not refer"]
    if not parent.get("parent_consent"):
        errors["parent_consent"] = ["Confirm the parent agrees to this referral"]
    born = parent.get("parent_date_of_birth")
    if born and born > today:
        errors["parent_date_of_birth"] = ["The parent's date of birth must be in the past"]
    elif born and age_on(born, today) < ADULT_AGE:
        errors["parent_date_of_birth"] = ["The parent must be 18 or older"]
    if not children:
        errors["child_1_name"] = ["Enter the name of at least one child"]
    for child in children:
        n = child.number
        if not child.name.strip():
            errors[f"child_{n}_name"] = [f"Enter child {n}'s full name"]
        if not child.social_care_status:
            errors[f"child_{n}_social_care_status"] = [f"Select child {n}'s social care status"]
        if child.date_of_birth is None:
            errors[f"child_{n}_date_of_birth"] = [f"Enter child {n}'s date of birth"]
        elif child.date_of_birth > today:
            errors[f"child_{child.number}_date_of_birth"] = [
                f"Child {child.number}'s date of birth must be today or in the past"
            ]
        elif age_on(child.date_of_birth, today) >= ADULT_AGE:
            errors[f"child_{child.number}_date_of_birth"] = [
                f"Child {child.number} must be under 18"
            ]
    if errors:
        raise ValidationError(errors)


def _acknowledge(referral: Referral) -> None:
    # The reference only: no name of the parent or a child, nothing typed.
    queue_email(
        to=referral.referrer_email,
        subject=f"Referral received: {referral.reference}",
        message=(
            f"We have received your referral to {referral.programme.name}.\n\n"
            f"Its reference is {referral.reference}. Quote it if you contact us about it.\n"
        ),
    )


@transaction.atomic
def referral_receive(
    *, programme: Programme, parent: Mapping, children: Sequence[ChildDetails]
) -> Referral:
    """A new referral with its children, received now. `parent` holds the referral's
    own fields (the referrer, the parent, the confirmations, needs and risks)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.is_accepting_referrals:
        raise ValidationError(CLOSED, code="closed")
    received_at = timezone.now()
    today = timezone.localdate(received_at)
    check_referral(parent, children, today)
    fields = {name: value for name, value in parent.items() if name != "website"}
    referral = Referral(
        programme=programme,
        received_at=received_at,
        contact_due_on=WorkingDays().add(today, programme.contact_working_days),
        **fields,
    )
    referral.full_clean(exclude=["reference"])
    referral.save_with_new_reference()
    for child in children:
        ReferredChild.objects.create(
            referral=referral,
            name=child.name,
            date_of_birth=child.date_of_birth,
            social_care_status=child.social_care_status,
            lives_with_parent=child.lives_with_parent,
        )
    _acknowledge(referral)
    return referral
