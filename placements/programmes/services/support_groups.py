"""A child's support-group history (issue 19, requirement 6).

A Children's Program child may be queued for, attend and finish a support group;
each is one step with its date (and the group, when known). The steps go in
that order: a child starts a group on or after the day they joined its queue,
and finishes it on or after the day they started. A date is today or earlier
(a history records what happened) and not before the child was born.

Recording a status the child already has corrects that step (its date and
group); the earlier answer stays in the step's history. A refusal names what is
wrong and changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import require_object_permission

from ..eligibility import long
from ..models import ReferredChild, SupportGroupStep

RECORD = "programmes.record_support_group"
VIEW = "programmes.view_referral"
Status = SupportGroupStep.Status
ORDER = (Status.QUEUED, Status.ATTENDING, Status.FINISHED)
GROUP_MAX = 120


def _order_problem(dates: dict[str, date]) -> str | None:
    """What is out of order among the steps' dates (status: date), or None."""
    if (
        Status.QUEUED in dates
        and Status.ATTENDING in dates
        and dates[Status.ATTENDING] < dates[Status.QUEUED]
    ):
        return _(
            "A child starts a support group on or after the day they joined its queue: "
            "the start (%(started)s) is before the queue date (%(queued)s)."
        ) % {"started": long(dates[Status.ATTENDING]), "queued": long(dates[Status.QUEUED])}
    if (
        Status.ATTENDING in dates
        and Status.FINISHED in dates
        and dates[Status.FINISHED] < dates[Status.ATTENDING]
    ):
        return _(
            "A child finishes a support group on or after the day they started it: "
            "the end (%(finished)s) is before the start (%(started)s)."
        ) % {"finished": long(dates[Status.FINISHED]), "started": long(dates[Status.ATTENDING])}
    if (
        Status.QUEUED in dates
        and Status.FINISHED in dates
        and dates[Status.FINISHED] < dates[Status.QUEUED]
    ):
        return _(
            "A child finishes a support group after joining its queue: "
            "the end (%(finished)s) is before the queue date (%(queued)s)."
        ) % {"finished": long(dates[Status.FINISHED]), "queued": long(dates[Status.QUEUED])}
    return None


def _check(child: ReferredChild, status: str, on: date | None, group: str, today: date) -> None:
    if status not in Status.values:
        raise ValidationError({"status": _("Select where the child is with the support group")})
    if on is None:
        raise ValidationError({"on": _("Enter the date of this step")})
    if on > today:
        raise ValidationError(
            {"on": _("The date must be today or in the past: a history records what happened")}
        )
    if on < child.date_of_birth:
        raise ValidationError(
            {
                "on": _("The date is before the child was born (%(born)s)")
                % {"born": long(child.date_of_birth)}
            }
        )
    if len(group) > GROUP_MAX:
        raise ValidationError(
            {"group": _("Use %(limit)s characters or fewer") % {"limit": GROUP_MAX}}
        )


def support_group_step_record(
    *, child: ReferredChild, status: str, on: date | None, group: str = "", by
) -> tuple[SupportGroupStep, bool]:
    """Record (or correct) one step of `child`'s support-group history.

    Answers the step and whether it was created (False: an existing step of that
    status was corrected)."""
    require_object_permission(by, child.referral, RECORD, scope=VIEW)
    group = (group or "").strip()
    today = timezone.localdate()
    with transaction.atomic():
        # The child's row is locked so two steps recorded at once are checked in turn.
        child = ReferredChild.objects.select_for_update().get(pk=child.pk)
        _check(child, status, on, group, today)
        steps = {s.status: s for s in SupportGroupStep.objects.filter(child=child)}
        dates = {name: step.on for name, step in steps.items()}
        dates[status] = on
        problem = _order_problem(dates)
        if problem:
            raise ValidationError({"on": problem})
        step = steps.get(status)
        created = step is None
        if created:
            step = SupportGroupStep(child=child, status=status)
        step.on = on
        step.group = group
        step.recorded_by = by
        step.full_clean()
        step.save()
        return step, created
