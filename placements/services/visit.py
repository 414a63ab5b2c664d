"""Tutor visits and three-way meetings: recorded and corrected by the student's
university tutor or a co-ordinator of the placement (placements/rules.py).

Refused, with nothing written: someone else (PermissionDenied); a draft or
finished placement; a date in the future; a kind the portal does not know; a
three-way meeting without the student, the practice educator and the tutor, or
a tutor visit without the tutor; an on-site supervisor on a placement without
one; notes or actions naming a child or family.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date

from ..access import is_finished, read_only_message
from ..models import Placement, TutorVisit
from .anonymisation import refuse_child_names
from .lifecycle import locked_placement
from .review import tell_people

Kind = TutorVisit.Kind

# Who must be there for each kind of meeting to be what it says.
NEEDED = {
    Kind.TUTOR_VISIT: ("tutor",),
    Kind.THREE_WAY_MEETING: ("student", "practice_educator", "tutor"),
}


def _checked_placement(placement: Placement, by: User) -> Placement:
    placement = locked_placement(placement.pk)
    if not by.has_perm("placements.record_tutor_visit", placement):
        raise PermissionDenied(
            "Only the student's university tutor or a placement co-ordinator records visits "
            "and three-way meetings."
        )
    if is_finished(placement):
        raise ValidationError(read_only_message(placement, "its records are"))
    if placement.status == Placement.Status.DRAFT:
        raise ValidationError(
            "Visits and meetings are recorded once the placement is proposed: this one is "
            "still a draft."
        )
    return placement


def _cleaned(
    placement: Placement,
    *,
    held_on: date | None,
    kind: str,
    attended: Collection[str],
    notes: str,
    agreed_actions: str,
) -> dict:
    """The fields to save, or a ValidationError naming every problem."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if held_on is None:
        errors["held_on"] = ["Enter the date of the visit or meeting."]
    elif held_on > today:
        errors["held_on"] = ["The date of the visit or meeting must be today or in the past."]
    if kind not in Kind.values:
        errors["kind"] = ["Choose whether it was a tutor visit or a three-way meeting."]
    attended = set(attended)
    unknown = attended - set(TutorVisit.ATTENDEES)
    if "onsite_supervisor" in attended and placement.onsite_supervisor_id is None:
        unknown.add("onsite_supervisor")
    if unknown:
        errors["attended"] = ["Choose only people who are on this placement."]
    elif kind in NEEDED:
        missing = [
            TutorVisit.ATTENDEES[key][1].lower() for key in NEEDED[kind] if key not in attended
        ]
        if missing:
            what = "A three-way meeting" if kind == Kind.THREE_WAY_MEETING else "A tutor visit"
            errors["attended"] = [f"{what} includes the {' and the '.join(missing)}."]
    # A browser sends a textarea's line breaks as CRLF: kept as LF, so a form saved
    # unchanged compares equal to what is stored.
    notes, agreed_actions = (
        (text or "").replace("\r\n", "\n").strip() for text in (notes, agreed_actions)
    )
    if errors:
        raise ValidationError(errors)
    refuse_child_names(
        placement=placement,
        texts={"notes": notes, "agreed_actions": agreed_actions},
        model=TutorVisit,
    )
    fields = {
        "held_on": held_on,
        "kind": kind,
        "notes": notes,
        "agreed_actions": agreed_actions,
    }
    for key, (field, _) in TutorVisit.ATTENDEES.items():
        fields[field] = key in attended
    return fields


def _tell(placement: Placement, visit: TutorVisit, *, by: User, changed: bool) -> None:
    what = visit.get_kind_display()
    tell_people(
        placement,
        by=by,
        title=f"{what} of {long_date(visit.held_on)} "
        + ("changed" if changed else "recorded")
        + f" on {placement.student}'s placement",
        body=f"{by} {'changed' if changed else 'recorded'} the {what.lower()} of "
        f"{long_date(visit.held_on)}: read the notes and the actions agreed.",
        url=reverse("placements:placement_detail", args=[placement.pk]) + "#visits",
        only=[placement.student, placement.practice_educator, placement.tutor],
    )


@transaction.atomic
def tutor_visit_record(
    *,
    placement: Placement,
    by: User,
    held_on: date | None,
    kind: str,
    attended: Collection[str],
    notes: str = "",
    agreed_actions: str = "",
) -> TutorVisit:
    """Record a tutor visit or three-way meeting; the student, the practice educator
    and the tutor are told (not the person recording it)."""
    placement = _checked_placement(placement, by)
    fields = _cleaned(
        placement,
        held_on=held_on,
        kind=kind,
        attended=attended,
        notes=notes,
        agreed_actions=agreed_actions,
    )
    visit = TutorVisit(placement=placement, recorded_by=by, **fields)
    with acting_as(by):
        visit.save()
    _tell(placement, visit, by=by, changed=False)
    return visit


@transaction.atomic
def tutor_visit_update(
    *,
    visit: TutorVisit,
    by: User,
    held_on: date | None,
    kind: str,
    attended: Collection[str],
    notes: str = "",
    agreed_actions: str = "",
) -> TutorVisit:
    """Correct a recorded visit or meeting (its history keeps every version). Saved
    unchanged, nothing is written and nobody is told."""
    placement = _checked_placement(visit.placement, by)
    visit = TutorVisit.objects.select_for_update().get(pk=visit.pk, placement=placement)
    visit.placement = placement
    fields = _cleaned(
        placement,
        held_on=held_on,
        kind=kind,
        attended=attended,
        notes=notes,
        agreed_actions=agreed_actions,
    )
    if all(getattr(visit, name) == value for name, value in fields.items()):
        return visit
    for name, value in fields.items():
        setattr(visit, name, value)
    with acting_as(by):
        visit.save()
    _tell(placement, visit, by=by, changed=True)
    return visit
