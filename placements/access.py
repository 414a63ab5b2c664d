"""What the people on a placement may still do once it has finished.

DESIGN.md ("Roles and who sees what"): access ends when the placement ends,
read-only for a grace period. A finished placement (passed, failed or ended
early) takes no more writes: the services refuse new days, confirmations,
evidence, agreement changes, report changes and new concerns. The people whose
access comes from being named on it (student, practice educator, on-site
supervisor, named tutor) go on reading it for `grace_days()` days after it
finished; then it leaves their scope (404). The university's tutors and
co-ordinators and the host's co-ordinators keep it: they hold the record.

When it finished is read from the placement's history (the first row with a
finished status): the finished statuses are final, and every move is saved
through the transition service, so no extra field can disagree with it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import Placement

Status = Placement.Status


# Days the people on a finished placement keep reading it; settings may override it
# (PLACEMENT_ACCESS_GRACE_DAYS), for a university that keeps portfolios open longer.
DEFAULT_GRACE_DAYS = 90


def grace_days() -> int:
    return int(getattr(settings, "PLACEMENT_ACCESS_GRACE_DAYS", DEFAULT_GRACE_DAYS))


def is_finished(placement: Placement) -> bool:
    return placement.status in Placement.FINISHED_STATUSES


def finished_at(placement: Placement) -> datetime | None:
    """When `placement` reached a finished status (None while it has not)."""
    if not is_finished(placement):
        return None
    moment = (
        placement.history.filter(status__in=Placement.FINISHED_STATUSES)
        .order_by("history_date")
        .values_list("history_date", flat=True)
        .first()
    )
    return moment or timezone.now()


def read_only_until(placement: Placement) -> date | None:
    """The last day the people named on a finished placement can read it."""
    moment = finished_at(placement)
    if moment is None:
        return None
    return timezone.localdate(moment) + timedelta(days=grace_days())


def past_grace(*, now: datetime | None = None) -> Q:
    """Placements that finished more than the grace period ago (a filter on Placement)."""
    cutoff = (now or timezone.now()) - timedelta(days=grace_days())
    finished_long_ago = Placement.history.model.objects.filter(
        id=OuterRef("pk"), status__in=Placement.FINISHED_STATUSES, history_date__lt=cutoff
    )
    return Q(status__in=Placement.FINISHED_STATUSES) & Q(Exists(finished_long_ago))


def read_only_message(placement: Placement, what: str) -> str:
    """'This placement is passed, so its days are read-only.' (what: 'its days')."""
    return (
        f"This placement is {placement.get_status_display().lower()}, so {what} "
        "read-only: nothing more can be added or changed."
    )


def read_only_notice(placement: Placement, user, what: str) -> dict | None:
    """What a page of a finished placement tells `user`: that it is read-only and,
    for the people whose access ends, until when they can read it."""
    if not is_finished(placement):
        return None
    named = user.pk in (
        placement.student_id,
        placement.practice_educator_id,
        placement.onsite_supervisor_id,
    )
    return {
        "message": read_only_message(placement, what),
        "until": read_only_until(placement) if named else None,
    }
