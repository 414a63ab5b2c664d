"""Registering interest in a programme run in runs (issue 19, requirement 2).

A family registers interest themselves (no professional refers them). The
registration is a `Referral` with the route "interest": the parent's details,
their municipality and language, their treatment stage and sobriety date, and
each child's first name, date of birth and support group. It is checked, then
written with its children in one transaction, and a confirmation goes to the
parent in the language they chose, with the reference only. Eligibility is
never a reason to refuse: the page explains it (programmes.eligibility).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.dates import age_on
from portal.services import queue_email
from portal.workingdays import WorkingDays

from ..models import Programme, Referral, ReferredChild

ADULT_AGE = 18

# The registration's own fields, as the form and the API give them.
DETAILS = (
    "parent_name",
    "parent_email",
    "parent_phone",
    "municipality",
    "language",
    "treatment_stage",
    "sober_since",
    "parent_consent",
)
# What a registration leaves empty of a professional's referral: full_clean
# skips these (the model requires them of a referral by a professional).
NOT_ASKED = (
    "referrer_name",
    "referrer_local_authority",
    "referrer_team",
    "referrer_email",
    "referrer_phone",
    "parent_gender",
    "parent_address",
    "substances",
)


@dataclass(frozen=True)
class InterestChild:
    number: int  # the row on the form, so an error lands beside it
    first_name: str
    date_of_birth: date | None
    support_group: str


def closed_message() -> str:
    return _("This programme is not taking registrations of interest at the moment.")


def check_interest(details: Mapping, children: Sequence[InterestChild], today: date) -> None:
    """The consent and the dates (the form runs it too, to show every problem at once)."""
    errors: dict[str, list[str]] = {}
    if not details.get("parent_name"):
        errors["parent_name"] = [_("Enter your name")]
    if not details.get("parent_email"):
        errors["parent_email"] = [_("Enter your email address, so that we can send the reference")]
    if not details.get("municipality"):
        errors["municipality"] = [_("Enter the municipality you live in")]
    if not details.get("parent_consent"):
        errors["parent_consent"] = [_("Confirm that we may keep these details to contact you")]
    sober_since = details.get("sober_since")
    if sober_since and sober_since > today:
        errors["sober_since"] = [_("The date of sobriety must be today or in the past")]
    if not children:
        errors["child_1_first_name"] = [_("Enter the first name of at least one child")]
    for child in children:
        n = child.number
        if not child.first_name.strip():
            errors[f"child_{n}_first_name"] = [_("Enter child %(n)s's first name") % {"n": n}]
        if child.date_of_birth is None:
            errors[f"child_{n}_date_of_birth"] = [_("Enter child %(n)s's date of birth") % {"n": n}]
        elif child.date_of_birth > today:
            errors[f"child_{n}_date_of_birth"] = [
                _("Child %(n)s's date of birth must be today or in the past") % {"n": n}
            ]
        elif age_on(child.date_of_birth, today) >= ADULT_AGE:
            errors[f"child_{n}_date_of_birth"] = [_("Child %(n)s must be under 18") % {"n": n}]
        if not child.support_group:
            errors[f"child_{n}_support_group"] = [
                _("Select whether child %(n)s is in a support group") % {"n": n}
            ]
    if errors:
        raise ValidationError(errors)


def _confirm(referral: Referral) -> None:
    # In the family's language, with the reference only: no name, nothing typed.
    with translation.override(referral.language or "sv"):
        queue_email(
            to=referral.parent_email,
            subject=_("Registration of interest received: %(reference)s")
            % {"reference": referral.reference},
            message=_(
                "We have received your registration of interest in %(programme)s.\n\n"
                "Your reference is %(reference)s. Quote it if you contact us about it.\n\n"
                "We will contact you about the next run.\n"
            )
            % {"programme": referral.programme.name, "reference": referral.reference},
        )


@transaction.atomic
def interest_register(
    *, programme: Programme, details: Mapping, children: Sequence[InterestChild]
) -> Referral:
    """A new registration of interest with its children, received now."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.is_accepting_referrals:
        raise ValidationError(closed_message(), code="closed")
    received_at = timezone.now()
    today = timezone.localdate(received_at)
    check_interest(details, children, today)
    referral = Referral(
        programme=programme,
        route=Referral.Route.INTEREST,
        received_at=received_at,
        contact_due_on=WorkingDays().add(today, programme.contact_working_days),
        **{name: details.get(name) for name in DETAILS},
    )
    for name in ("parent_email", "parent_phone", "municipality", "language", "treatment_stage"):
        setattr(referral, name, getattr(referral, name) or "")
    referral.full_clean(exclude=["reference", *NOT_ASKED])
    referral.save_with_new_reference()
    for child in children:
        ReferredChild.objects.create(
            referral=referral,
            name=child.first_name.strip(),
            date_of_birth=child.date_of_birth,
            support_group=child.support_group,
        )
    _confirm(referral)
    return referral
