"""Whether a run came before or after a child's support group (issue 19, requirement 6).

The Children's Program can come before a support group (the child goes on to
one, or is waiting for one) or after it (a deepening of the child–parent
relationship for a child who already goes or went). A child's path is read
from their support-group steps; without steps, from what the family said when
they registered.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext_lazy as _

from ..models import ReferredChild, SupportGroup, SupportGroupStep

BEFORE = "before"  # the run came first: the child is waiting for, or went on to, a group
AFTER = "after"  # the child was in a support group before the run's first day
NONE = "none"

PATHS = {
    BEFORE: _("Run before a support group"),
    AFTER: _("Run after a support group"),
    NONE: _("No support group"),
}

STARTED = (SupportGroupStep.Status.ATTENDING, SupportGroupStep.Status.FINISHED)


def support_group_path(
    child: ReferredChild, first_day: date, steps: Iterable[SupportGroupStep] | None = None
) -> str:
    """BEFORE, AFTER or NONE for `child` on a run starting `first_day`.

    `steps` are the child's steps when already fetched (a list page prefetches them);
    otherwise they are read."""
    steps = list(child.support_group_steps.all() if steps is None else steps)
    if steps:
        started = [s.on for s in steps if s.status in STARTED]
        if started and min(started) <= first_day:
            return AFTER
        return BEFORE
    said = child.support_group
    if said in (SupportGroup.ATTENDING, SupportGroup.FINISHED):
        return AFTER
    if said == SupportGroup.QUEUED:
        return BEFORE
    return NONE
