"""Writing and signing a placement's practice learning agreement.

Signatures go through portal.signatures, the one signing mechanism. The rule
from issue 4: once anyone has signed, an edit clears all signatures (in the
same transaction as the edit) and the people who had signed are told to sign
again; the history keeps what changed between the signed and the edited text.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from portal import signatures
from portal.services import notifications_done_for, notify

from ..models import LearningAgreement, Placement


def _agreement_url(placement: Placement) -> str:
    return reverse("placements:agreement", kwargs={"pk": placement.pk})


def _refuse_if_finished(placement: Placement) -> None:
    # A finished placement's agreement is a record of what was agreed: it no longer changes.
    if placement.status in Placement.FINISHED_STATUSES:
        raise ValidationError(
            f"The placement is {placement.get_status_display().lower()}: "
            "its agreement can no longer change."
        )


@transaction.atomic
def agreement_save(*, placement: Placement, by, **sections) -> LearningAgreement:
    """Create or edit the agreement of `placement`.

    The practice educator and the placement's co-ordinators (and admins) may
    write it. An edit that changes anything clears every signature and tells
    the people who had signed; saving without a change keeps them.
    """
    if not by.has_perm("placements.edit_agreement", placement):
        raise PermissionDenied("Only the practice educator or a co-ordinator can edit this.")
    unknown = set(sections) - set(LearningAgreement.SECTIONS)
    if unknown:
        raise ValidationError(f"Unknown sections: {', '.join(sorted(unknown))}.")
    _refuse_if_finished(placement)

    agreement = LearningAgreement.objects.select_for_update().filter(placement=placement).first()
    creating = agreement is None
    if creating:
        agreement = LearningAgreement(placement=placement)
    changed = [name for name, value in sections.items() if getattr(agreement, name) != value]
    for name, value in sections.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    if not creating and not changed:
        return agreement

    agreement._history_user = by
    agreement.save()
    if creating:
        return agreement

    cleared = signatures.clear_signatures(record=agreement)
    told = set()
    for signature in cleared:
        if signature.signer_id == by.pk or signature.signer_id in told:
            continue
        told.add(signature.signer_id)
        notify(
            user=signature.signer,
            title="Sign the practice learning agreement again",
            body=(
                f"{by} changed the practice learning agreement for {placement} after you "
                "signed it. All signatures were cleared: read what changed and sign again."
            ),
            url=_agreement_url(placement),
            kind="reviews",
        )
    return agreement


def capacities_to_sign(*, agreement: LearningAgreement, user, signed=None) -> list[str]:
    """The capacities `user` holds on the agreement and has not signed yet."""
    if signed is None:
        signed = signatures.signatures_for(agreement)
    done = {signature.capacity for signature in signed}
    return [
        capacity
        for capacity, person in signatures.required_capacities(agreement).items()
        if person is not None and person.pk == user.pk and capacity not in done
    ]


@transaction.atomic
def agreement_sign(*, agreement: LearningAgreement, by) -> list[str]:
    """`by` signs the agreement in every capacity they hold and have not signed yet.

    Returns the capacities signed. Refused: someone with no capacity on the
    placement (PermissionDenied); someone who has signed already, or a
    finished placement (ValidationError). When the last signature lands,
    everyone named on the agreement is told it is signed.
    """
    # Serialise signers of this agreement so "the last signature" is seen once.
    agreement = LearningAgreement.objects.select_for_update().get(pk=agreement.pk)
    placement = agreement.placement
    required = signatures.required_capacities(agreement)
    if not any(person is not None and person.pk == by.pk for person in required.values()):
        raise PermissionDenied("You are not asked to sign this agreement.")
    _refuse_if_finished(placement)
    mine = capacities_to_sign(agreement=agreement, user=by)
    if not mine:
        raise ValidationError("You have already signed this agreement.")
    for capacity in mine:
        signatures.sign(record=agreement, signer=by, capacity=capacity)
    # "Sign (again)" is done for `by`; the news that everyone has signed, below, is not.
    notifications_done_for(user=by, url=_agreement_url(placement))

    if signatures.is_fully_signed(agreement):
        told = set()
        for person in required.values():
            if person is None or person.pk in told:
                continue
            told.add(person.pk)
            notify(
                user=person,
                title="The practice learning agreement is signed",
                body=f"Everyone has signed the practice learning agreement for {placement}.",
                url=_agreement_url(placement),
                kind="reviews",
            )
    return mine
