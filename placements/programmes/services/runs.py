"""Places on a run (issue 19, requirements 3 and 4).

A team member invites a family from the waiting list to a planned run that has
not started. The invitation is checked against the run's first day: the
parent's treatment stage and sobriety, and which children are 7 to 12 on it
(only they take places). The run's row is locked while its places are counted,
so two invitations at once cannot overfill it. A family may be moved to another
run (with a reason) or decline (with a reason). Each step is written in one
transaction; a refusal changes nothing. The family hears by email in their
language, with the reference and the run's dates only.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.permissions import require_object_permission
from portal.services import queue_email

from ..eligibility import assess, long
from ..models import Referral, Run, RunPlace

INVITE = "programmes.invite_to_run"
VIEW = "programmes.view_referral"
WAITING = (Referral.Status.RECEIVED, Referral.Status.ALLOCATED, Referral.Status.ACCEPTED)
# How a refusal names a registration that is off the waiting list (in the page's language).
NOT_WAITING = {
    Referral.Status.NOT_SUITABLE: gettext_lazy("not suitable"),
    Referral.Status.PARENT_DECLINED: gettext_lazy("parent declined"),
    Referral.Status.WITHDRAWN: gettext_lazy("withdrawn"),
}


def places_left(run: Run, *, leaving_out: RunPlace | None = None) -> int:
    held = RunPlace.objects.filter(run=run, status__in=RunPlace.HOLDING)
    if leaving_out is not None:
        held = held.exclude(pk=leaving_out.pk)
    return run.places - (held.aggregate(n=Sum("children_count"))["n"] or 0)


def _locked_run(run: Run) -> Run:
    return Run.objects.select_for_update().select_related("programme").get(pk=run.pk)


def _children_who_fit(run: Run, referral: Referral, today) -> int:
    """How many of the family's children take part in `run`; a ValidationError
    naming what does not fit on its first day."""
    if run.status != Run.Status.PLANNED or run.starts_on <= today:
        raise ValidationError(
            _("Families can only be invited to a planned run that has not started.")
        )
    children = list(referral.children.all())
    assessment = assess(
        run.programme,
        children=[(n, c.name, c.date_of_birth) for n, c in enumerate(children, start=1)],
        treatment_stage=referral.treatment_stage,
        sober_since=referral.sober_since,
        today=today,
        run=run,
        upcoming=[run],
    )
    first_day = long(run.starts_on)
    problems = []
    if not assessment.stage_suits:
        problems.append(
            _(
                "the parent is %(stage)s, and the programme needs the end of primary "
                "treatment or aftercare"
            )
            % {"stage": str(referral.get_treatment_stage_display()).lower()}
        )
    if not assessment.sober_enough:
        problems.append(
            _(
                "the parent is sober for %(days)s days on %(first_day)s; %(needed)s are "
                "needed, reached on %(reached)s"
            )
            % {
                "days": assessment.sober_days,
                "first_day": first_day,
                "needed": run.programme.min_sober_days,
                "reached": long(assessment.sober_enough_from),
            }
        )
    fit = [c for c in assessment.children if c.eligible]
    if not fit:
        ages = ", ".join(
            _("%(name)s is %(age)s") % {"name": c.first_name, "age": c.age}
            for c in assessment.children
        )
        problems.append(
            _("no child is %(youngest)s to %(oldest)s on %(first_day)s (%(ages)s)")
            % {
                "youngest": run.programme.min_age,
                "oldest": run.programme.max_age,
                "first_day": first_day,
                "ages": ages,
            }
        )
    if problems:
        raise ValidationError(
            _("The run from %(first_day)s does not fit yet: %(problems)s")
            % {"first_day": first_day, "problems": "; ".join(problems)}
        )
    return len(fit)


def _tell_family(place: RunPlace) -> None:
    referral, run = place.referral, place.run
    with translation.override(referral.language or "sv"):
        queue_email(
            to=referral.parent_email,
            subject=_("A place for you on %(programme)s: %(reference)s")
            % {"programme": run.programme.name, "reference": referral.reference},
            message=_(
                "We would like to offer your family a place on %(programme)s from %(first)s "
                "to %(last)s.\n\nYour reference is %(reference)s. We will call you to go "
                "through the days together.\n"
            )
            % {
                "programme": run.programme.name,
                "first": long(run.starts_on),
                "last": long(run.ends_on),
                "reference": referral.reference,
            },
        )


def _place(run: Run, referral: Referral, by, today) -> RunPlace:
    needed = _children_who_fit(run, referral, today)
    left = places_left(run)
    if needed > left:
        raise ValidationError(
            ngettext(
                "The run from %(first_day)s has %(left)s place left; this family needs %(needed)s.",
                "The run from %(first_day)s has %(left)s places left; this family needs "
                "%(needed)s.",
                left,
            )
            % {"first_day": long(run.starts_on), "left": left, "needed": needed}
        )
    return RunPlace.objects.create(
        run=run,
        referral=referral,
        children_count=needed,
        sober_since=referral.sober_since,
        invited_on=today,
        invited_by=by,
    )


def run_invite(*, run: Run, referral: Referral, by) -> RunPlace:
    """Offer the family a place on `run`."""
    require_object_permission(by, referral, INVITE, scope=VIEW)
    today = timezone.localdate()
    with transaction.atomic():
        run = _locked_run(run)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if not referral.is_interest or referral.programme_id != run.programme_id:
            raise ValidationError(_("Only a family registered for this programme can be invited."))
        if referral.status not in WAITING:
            status = NOT_WAITING.get(referral.status) or referral.get_status_display().lower()
            raise ValidationError(
                _("This registration is %(status)s: it is not on the waiting list.")
                % {"status": status}
            )
        held = referral.run_places.filter(status__in=RunPlace.HOLDING).select_related("run")
        if held:
            raise ValidationError(
                _(
                    "The family already has a place on the run from %(first_day)s: "
                    "move them instead."
                )
                % {"first_day": long(held[0].run.starts_on)}
            )
        place = _place(run, referral, by, today)
        _tell_family(place)
        return place


def run_place_move(*, place: RunPlace, to_run: Run, reason: str, by) -> RunPlace:
    """Move the family to another run, with the reason; the old place is kept as moved."""
    require_object_permission(by, place.referral, INVITE, scope=VIEW)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why the family is moving to another run")})
    today = timezone.localdate()
    with transaction.atomic():
        to_run = _locked_run(to_run)
        place = RunPlace.objects.select_for_update().select_related("referral").get(pk=place.pk)
        if place.status not in RunPlace.HOLDING:
            raise ValidationError(_("Only an invited or confirmed place can be moved."))
        if to_run.pk == place.run_id or to_run.programme_id != place.referral.programme_id:
            raise ValidationError({"run": _("Choose another run of this programme")})
        place.status = RunPlace.Status.MOVED
        place.reason = reason
        place.save()
        moved = _place(to_run, place.referral, by, today)
        place.moved_to = moved
        place.save()
        _tell_family(moved)
        return moved


def run_place_decline(*, place: RunPlace, reason: str, by) -> RunPlace:
    """The family says no to the place (the reason is kept; the place is freed)."""
    require_object_permission(by, place.referral, INVITE, scope=VIEW)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why the family declined the place")})
    with transaction.atomic():
        place = RunPlace.objects.select_for_update().get(pk=place.pk)
        if place.status not in RunPlace.HOLDING:
            raise ValidationError(_("Only an invited or confirmed place can be declined."))
        place.status = RunPlace.Status.DECLINED
        place.reason = reason
        place.save()
        return place
