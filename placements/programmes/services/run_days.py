"""A run's dates, arrivals and daily register (issue 19, requirement 4).

- `run_plan`: a co-ordinator plans a run (its first day in the future, the venue,
  the places) or corrects one; the last day follows from the programme's length.
  A run whose families hold places keeps its dates (move the families first) and
  never gets fewer places than they hold.
- `run_cancel`: a run with no places held is cancelled, with the reason.
- `run_place_arrive`: on arrival (from the run's first day to its last), the parent's
  sobriety date as told then; refused when it makes the sobriety on the first day
  shorter than the programme asks (the family can be moved to a later run).
- `run_attendance_record`: one day's register: each child taking part, and the
  parent on the parent days. Recording again corrects (the history keeps the
  earlier answer).
Each writes in one transaction; a refusal raises ValidationError and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.audit.context import acting_as
from portal.permissions import require_object_permission

from ..eligibility import long
from ..models import Programme, Run, RunAttendance, RunPlace
from ..selectors.run_days import arrived_places, day_number, held_children, is_parent_day

PLAN = "programmes.plan_run"
RECORD_DAY = "programmes.record_run_day"
VIEW_PROGRAMME = "programmes.view_programme"
VIEW_REFERRAL = "programmes.view_referral"


# --- planning -----------------------------------------------------------------------------


def _plan_errors(run: Run, *, starts_on, venue: str, places, held: int, today: date) -> dict:
    errors: dict[str, list[str]] = {}
    if starts_on is None:
        errors["starts_on"] = [_("Enter the run's first day")]
    elif starts_on <= today:
        errors["starts_on"] = [_("The first day must be in the future")]
    elif run.pk and held and starts_on != run.starts_on:
        errors["starts_on"] = [
            _(
                "Families hold places on this run, so its dates cannot change. Move the "
                "families to another run first, then change the dates."
            )
        ]
    if not venue:
        errors["venue"] = [_("Enter where the run is held")]
    if places is None or places < 1:
        errors["places"] = [_("Enter at least 1 place")]
    elif places < held:
        errors["places"] = [
            ngettext(
                "Families hold %(held)s place on this run: the run needs at least that many.",
                "Families hold %(held)s places on this run: the run needs at least that many.",
                held,
            )
            % {"held": held}
        ]
    return errors


def change_refusal(run: Run, today: date) -> str | None:
    """Why the run's details cannot be changed, or None."""
    if run.status == Run.Status.CANCELLED:
        return _("This run is cancelled: it cannot be changed.")
    if run.starts_on <= today:
        return _("This run has started: its details cannot be changed.")
    return None


def cancel_refusal(run: Run, today: date) -> str | None:
    """Why the run cannot be cancelled, or None."""
    if run.status == Run.Status.CANCELLED:
        return _("This run is cancelled already.")
    if run.starts_on <= today:
        return _("This run has started: it cannot be cancelled.")
    if held_children(run):
        return _(
            "Families hold places on this run. Move them to another run first, then cancel it."
        )
    return None


@transaction.atomic
def run_plan(
    *, programme: Programme, by, starts_on: date | None, venue: str, places, run: Run | None = None
) -> Run:
    """Plan a run of `programme`, or correct `run`."""
    require_object_permission(by, programme, PLAN, scope=VIEW_PROGRAMME)
    if not programme.runs_in_runs:
        raise ValidationError(_("This programme does not run in runs."))
    today = timezone.localdate()
    held = 0
    if run is None:
        run = Run(programme=programme)
    else:
        run = Run.objects.select_for_update().filter(pk=run.pk, programme=programme).first()
        if run is None:
            raise ValidationError(_("That run is not one of this programme's."))
        refusal = change_refusal(run, today)
        if refusal:
            raise ValidationError(refusal)
        held = held_children(run)
    venue = (venue or "").strip()
    errors = _plan_errors(
        run, starts_on=starts_on, venue=venue, places=places, held=held, today=today
    )
    if errors:
        raise ValidationError(errors)
    run.starts_on, run.venue, run.places = starts_on, venue, places
    with acting_as(by):
        run.save()
    return run


@transaction.atomic
def run_cancel(*, run: Run, reason: str, by) -> Run:
    """Cancel a run nobody holds a place on, with the reason."""
    run = Run.objects.select_for_update().select_related("programme").get(pk=run.pk)
    require_object_permission(by, run, PLAN, scope=VIEW_PROGRAMME)
    refusal = cancel_refusal(run, timezone.localdate())
    if refusal:
        raise ValidationError(refusal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why the run is cancelled")})
    run.status, run.cancel_reason = Run.Status.CANCELLED, reason
    with acting_as(by):
        run.save()
    return run


# --- arrival ------------------------------------------------------------------------------


def arrival_refusal(place: RunPlace, today: date) -> str | None:
    """Why the family's arrival cannot be recorded today, or None."""
    run = place.run
    if place.status == RunPlace.Status.CONFIRMED:
        return _("The family's arrival was recorded on %(day)s.") % {"day": long(place.arrived_on)}
    if place.status != RunPlace.Status.INVITED:
        return _("Only a family invited to the run can arrive on it.")
    if run.status != Run.Status.PLANNED:
        return _("This run is cancelled.")
    if today < run.starts_on:
        return _("Arrivals are recorded from the run's first day, %(day)s.") % {
            "day": long(run.starts_on)
        }
    if today > run.ends_on:
        return _("The run ended on %(day)s: arrivals can no longer be recorded.") % {
            "day": long(run.ends_on)
        }
    return None


@transaction.atomic
def run_place_arrive(*, place: RunPlace, sober_since: date | None, by) -> RunPlace:
    """The family has arrived: the parent's sobriety date as told on arrival."""
    place = (
        RunPlace.objects.select_for_update(of=("self",))
        .select_related("run__programme", "referral")
        .get(pk=place.pk)
    )
    require_object_permission(by, place, RECORD_DAY, scope=VIEW_REFERRAL)
    today = timezone.localdate()
    refusal = arrival_refusal(place, today)
    if refusal:
        raise ValidationError(refusal)
    if sober_since is None:
        raise ValidationError({"sober_since": _("Enter the date the parent's sobriety started")})
    if sober_since > today:
        raise ValidationError({"sober_since": _("The sobriety date cannot be in the future")})
    run, programme = place.run, place.run.programme
    # As eligibility.assess counts it: whole days from the sobriety date to the first day.
    days = (run.starts_on - sober_since).days
    if programme.min_sober_days and days < programme.min_sober_days:
        raise ValidationError(
            {
                "sober_since": _(
                    "Counting from this date the parent is sober for %(days)s days on the "
                    "run's first day, %(first)s; the programme needs %(needed)s. The arrival "
                    "is not recorded: the family can be moved to a later run."
                )
                % {
                    "days": max(days, 0),
                    "first": long(run.starts_on),
                    "needed": programme.min_sober_days,
                }
            }
        )
    place.status = RunPlace.Status.CONFIRMED
    place.arrived_on = today
    place.sober_since_on_arrival = sober_since
    place.arrival_recorded_by = by
    with acting_as(by):
        place.save()
    return place


# --- the daily register -------------------------------------------------------------------


def day_refusal(run: Run, day: date, today: date) -> str | None:
    """Why the register of `day` cannot be taken, or None."""
    if run.status == Run.Status.CANCELLED:
        return _("This run is cancelled: it has no register.")
    if day_number(run, day) is None:
        return _("%(day)s is not one of the run's days.") % {"day": long(day)}
    if day > today:
        return _("The register of %(day)s can be taken on the day, not before.") % {
            "day": long(day)
        }
    return None


@transaction.atomic
def run_attendance_record(
    *, run: Run, day: date, answers: Mapping[tuple[int, int | None], bool], by
) -> int:
    """Record who was there on `day`: `answers` maps (place id, child id, or None for
    the parent) to present. Every child taking part, and on a parent day every
    parent, of each family who has arrived must be answered. Returns how many
    answers were new or changed."""
    run = Run.objects.select_for_update().select_related("programme").get(pk=run.pk)
    require_object_permission(by, run, RECORD_DAY, scope=VIEW_PROGRAMME)
    refusal = day_refusal(run, day, timezone.localdate())
    if refusal:
        raise ValidationError(refusal)
    parent_day = is_parent_day(run, day)
    expected = {}
    for place in arrived_places(run):
        for child in place.children_taking_part:
            expected[(place.pk, child.pk)] = child.name
        if parent_day:
            expected[(place.pk, None)] = place.referral.parent_name
    if not parent_day and any(child is None for _place, child in answers):
        days = ", ".join(str(n) for n in run.programme.parent_day_numbers)
        raise ValidationError(
            _("Parents take part on days %(days)s only: day %(day)s has no parent register.")
            % {"days": days, "day": day_number(run, day)}
        )
    if set(answers) - set(expected):
        raise ValidationError(_("Someone on the register is not on this run: reload the page."))
    missing = [name for key, name in expected.items() if key not in answers]
    if missing:
        raise ValidationError(
            _("Say whether each person was there: %(names)s.") % {"names": ", ".join(missing)}
        )
    existing = {
        (row.place_id, row.child_id): row
        for row in RunAttendance.objects.select_for_update().filter(place__run=run, day=day)
    }
    changed = 0
    with acting_as(by):
        for (place_id, child_id), present in answers.items():
            row = existing.get((place_id, child_id))
            if row is not None and row.present == bool(present):
                continue
            if row is None:
                row = RunAttendance(place_id=place_id, child_id=child_id, day=day)
            row.present, row.recorded_by = bool(present), by
            row.save()
            changed += 1
    return changed
