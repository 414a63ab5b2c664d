"""Ratings before, after and 3 months after a run (issue 19, requirement 7).

A child who took part rates, on a faces scale of 1 (a very sad face) to 5 (a very
happy face), how things are at home and how they feel about talking about it;
the parent rates their relationship with the child(ren) from 1 to 5. The team
records the ratings of a family who arrived (a confirmed place):
- before the run: rated on or before its first day;
- after the run: rated on or after its last day;
- the follow-up: rated on or after its due date, 3 months after the last day;
never on a day still to come. Recording a point again corrects it (the earlier
answer stays in the history). Each write is one transaction; a refusal raises a
ValidationError and changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit.context import acting_as
from portal.permissions import require_object_permission

from ..eligibility import long
from ..models import ChildRating, ParentRating, RatingPoint, ReferredChild, RunPlace
from ..selectors.run_outcomes import follow_up_due, takes_part

RECORD = "programmes.record_run_outcomes"
VIEW = "programmes.view_referral"


def _locked_place(place: RunPlace, by) -> RunPlace:
    place = (
        RunPlace.objects.select_for_update(of=("self",))
        .select_related("run__programme", "referral__programme")
        .get(pk=place.pk)
    )
    require_object_permission(by, place.referral, RECORD, scope=VIEW)
    if place.status != RunPlace.Status.CONFIRMED:
        raise ValidationError(
            _("Ratings are recorded only for a family who arrived on the run."), code="not_arrived"
        )
    return place


def _score(value, field: str, message: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValidationError({field: message})
    return value


def _check_when(place: RunPlace, point: str, recorded_on: date | None) -> date:
    run = place.run
    if point not in RatingPoint.values:
        raise ValidationError(
            _("Choose before the run, after the run or 3 months after."), code="point"
        )
    if recorded_on is None:
        raise ValidationError({"recorded_on": _("Enter the date of the rating.")})
    today = timezone.localdate()
    if recorded_on > today:
        raise ValidationError({"recorded_on": _("The date of the rating cannot be in the future.")})
    if point == RatingPoint.BEFORE and recorded_on > run.starts_on:
        raise ValidationError(
            {
                "recorded_on": _(
                    "A rating before the run is made on or before its first day, %(day)s."
                )
                % {"day": long(run.starts_on)}
            }
        )
    if point == RatingPoint.AFTER and recorded_on < run.ends_on:
        raise ValidationError(
            {
                "recorded_on": _(
                    "A rating after the run is made on or after its last day, %(day)s."
                )
                % {"day": long(run.ends_on)}
            }
        )
    due = follow_up_due(run)
    if point == RatingPoint.FOLLOW_UP and recorded_on < due:
        raise ValidationError(
            _("The follow-up is due on %(day)s, 3 months after the run: it is rated from then.")
            % {"day": long(due)},
            code="not_due",
        )
    return recorded_on


@transaction.atomic
def child_rating_record(
    *,
    place: RunPlace,
    child: ReferredChild,
    point: str,
    home: int | None,
    talking: int | None,
    recorded_on: date | None,
    by,
) -> ChildRating:
    """The child's two faces-scale ratings at `point`; again at a point corrects them."""
    place = _locked_place(place, by)
    child = ReferredChild.objects.filter(pk=child.pk, referral_id=place.referral_id).first()
    if child is None or not takes_part(place.run, child):
        raise ValidationError(
            _("This child is not taking part in the run."), code="not_taking_part"
        )
    _check_when(place, point, recorded_on)
    home = _score(home, "home", _("Choose a face from 1 to 5 for how things are at home."))
    talking = _score(
        talking, "talking", _("Choose a face from 1 to 5 for how it feels to talk about it.")
    )
    with acting_as(by):
        rating = ChildRating.objects.select_for_update().filter(
            place=place, child=child, point=point
        ).first() or ChildRating(place=place, child=child, point=point)
        rating.home, rating.talking = home, talking
        rating.recorded_on, rating.recorded_by = recorded_on, by
        rating.save()
    return rating


@transaction.atomic
def parent_rating_record(
    *, place: RunPlace, point: str, relationship: int | None, recorded_on: date | None, by
) -> ParentRating:
    """The parent's rating of the relationship at `point`; again at a point corrects it."""
    place = _locked_place(place, by)
    _check_when(place, point, recorded_on)
    relationship = _score(
        relationship,
        "relationship",
        _("Choose from 1 to 5 for the relationship with the child."),
    )
    with acting_as(by):
        rating = ParentRating.objects.select_for_update().filter(
            place=place, point=point
        ).first() or ParentRating(place=place, point=point)
        rating.relationship = relationship
        rating.recorded_on, rating.recorded_by = recorded_on, by
        rating.save()
    return rating
