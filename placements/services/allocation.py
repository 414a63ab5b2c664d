"""Allocation writes: the places a setting offers, and assigning a practice educator.

A placement offer is the host's statement that one of its teams takes a number
of students during a period (placements/models/offer.py). Only the host's
co-ordinators (or an admin) record and change it. Assigning a practice educator
from the allocation page goes through placement_update, so it runs the same
checks and history as the placement's edit form, plus the room and PEPS rules
that confirming the placement would apply later.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from portal.accounts.models import Organisation, User
from portal.audit.context import acting_as
from portal.dates import long_date

from ..models import SETTING_FIELDS, Placement, PlacementOffer, ServiceUserGroup, SettingKind
from ..models.offer import MAX_PLACES_PER_OFFER
from ..selectors.allocation import educators_with_room, offers_visible_to
from .lifecycle import EDITABLE_STATUSES, placement_update

OFFER_FIELDS = ("host", "team", "starts_on", "ends_on", "places", "note", *SETTING_FIELDS)


def _validate_offer(offer: PlacementOffer, *, by: User) -> None:
    if not by.has_perm("placements.change_placementoffer", offer):
        raise PermissionDenied(
            "Only a co-ordinator of the host organisation, or an administrator, can record "
            "the places it offers."
        )
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if offer.host.kind == Organisation.Kind.UNIVERSITY:
        add("host", "Universities do not host placements: choose the organisation that does.")
    if not offer.team:
        add("team", "Enter the team that offers the places.")
    if offer.starts_on and offer.ends_on and offer.ends_on <= offer.starts_on:
        add("ends_on", "The end date must be after the start date.")
    if offer.places is None or not 1 <= offer.places <= MAX_PLACES_PER_OFFER:
        add("places", f"Enter a number of places from 1 to {MAX_PLACES_PER_OFFER}.")
    if offer.setting_kind not in ("", *SettingKind.values):
        add("setting_kind", "Select one of the kinds of setting.")
    if offer.service_user_group not in ("", *ServiceUserGroup.values):
        add("service_user_group", "Select one of the service user groups.")
    if errors:
        raise ValidationError(errors)

    others = offers_visible_to(by).filter(
        host=offer.host,
        team__iexact=offer.team,
        starts_on__lt=offer.ends_on,
        ends_on__gt=offer.starts_on,
    )
    if offer.pk:
        others = others.exclude(pk=offer.pk)
    clash = others.first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": (
                    f"{offer.host} already offers places in {clash.team} from "
                    f"{long_date(clash.starts_on)} to {long_date(clash.ends_on)}, which "
                    "overlaps these dates. Change that offer instead."
                )
            }
        )
    taken = Placement.objects.filter(
        host=offer.host,
        team__iexact=offer.team,
        status__in=Placement.LIVE_STATUSES,
        starts_on__lt=offer.ends_on,
        ends_on__gt=offer.starts_on,
    ).count()
    if taken > offer.places:
        raise ValidationError(
            {
                "places": (
                    f"{taken} students are already placed in {offer.team} during these dates: "
                    f"offer at least {taken} places, or change the dates."
                )
            }
        )


@transaction.atomic
def placement_offer_create(
    *,
    by: User,
    host: Organisation,
    team: str,
    starts_on: date,
    ends_on: date,
    places: int,
    note: str = "",
    setting_kind: str = "",
    service_user_group: str = "",
    statutory_tasks: bool = False,
) -> PlacementOffer:
    offer = PlacementOffer(
        host=host,
        team=(team or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        places=places,
        note=(note or "").strip(),
        setting_kind=setting_kind or "",
        service_user_group=service_user_group or "",
        statutory_tasks=bool(statutory_tasks),
        created_by=by,
    )
    _validate_offer(offer, by=by)
    with acting_as(by):
        offer.save()
    return offer


@transaction.atomic
def placement_offer_update(*, offer: PlacementOffer, by: User, **changes) -> PlacementOffer:
    unknown = set(changes) - set(OFFER_FIELDS)
    if unknown:
        raise TypeError(f"placement_offer_update() cannot change {', '.join(sorted(unknown))}")
    offer = PlacementOffer.objects.select_for_update().select_related("host").get(pk=offer.pk)
    # The person must co-ordinate the host before and after the change.
    if not by.has_perm("placements.change_placementoffer", offer):
        raise PermissionDenied("You cannot change this offer.")
    for name, value in changes.items():
        if name in ("team", "note", "setting_kind", "service_user_group"):
            value = (value or "").strip()
        elif name == "statutory_tasks":
            value = bool(value)
        setattr(offer, name, value)
    _validate_offer(offer, by=by)
    with acting_as(by):
        offer.save()
    return offer


@transaction.atomic
def placement_offer_withdraw(*, offer: PlacementOffer, by: User) -> None:
    """Remove an offer (its history keeps what it was and who removed it).

    Students already placed in the team keep their placements: an offer only
    counts places, it does not hold them."""
    offer = PlacementOffer.objects.select_for_update().get(pk=offer.pk)
    if not by.has_perm("placements.change_placementoffer", offer):
        raise PermissionDenied("You cannot withdraw this offer.")
    with acting_as(by):
        offer.delete()


def placement_educator_assign(*, placement: Placement, educator: User, by: User) -> Placement:
    """Assign `educator` to a draft or proposed placement without one.

    Refused (ValidationError naming `practice_educator`) when the placement
    already has one, or the educator is not one `by` may assign who has room
    and the PEPS stage for its level; placement_update then applies its own
    checks and permission. Nothing changes on a refusal.
    """
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if not by.has_perm("placements.change_placement", placement):
            raise PermissionDenied("You cannot change this placement.")
        if placement.status not in EDITABLE_STATUSES:
            raise ValidationError(
                f"{placement.get_status_display()} placements cannot be changed: only draft "
                "and proposed ones can."
            )
        if placement.practice_educator_id is not None:
            raise ValidationError(
                {
                    "practice_educator": "This placement already has a practice educator: "
                    "change it on the placement's details page."
                }
            )
        fits = {
            fit[0].pk
            for fit in educators_with_room(by, [placement], limit=None).get(placement.pk, [])
        }
        if educator.pk not in fits:
            raise ValidationError(
                {
                    "practice_educator": "This person cannot take this placement: they are "
                    "not a practice educator you co-ordinate, have no room during its dates, "
                    "or (for a final placement) are not at PEPS stage 2."
                }
            )
        return placement_update(placement=placement, by=by, practice_educator=educator)
