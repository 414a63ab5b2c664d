"""The supervision part of the placement page: the latest records, the next
session, and the records waiting for the person looking (one query however
long the log is: the placement's records, sorted out here)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..models import SupervisionSession

register = template.Library()

S = SupervisionSession.Status
LATEST = 5
SUMMARY_FIELDS = ("date", "starts_at", "status", "duration_minutes", "placement_id")


def awaiting_statuses(placement, user) -> frozenset:
    """The statuses of the records waiting for `user` on this placement: the student's
    reflection and signature; the practice educator's writing, sending and signature."""
    if placement.student_id == user.pk:
        return frozenset({S.AWAITING_STUDENT})
    if placement.practice_educator_id == user.pk:
        return frozenset({S.DRAFT, S.AWAITING_EDUCATOR})
    return frozenset()


@register.inclusion_tag("supervision/sessions/placement_summary.html", takes_context=True)
def placement_sessions(context, sessions, placement):
    user = context["request"].user
    today = timezone.localdate()
    # All the placement's records in one query, newest first, with what is shown.
    records = list(
        sessions.select_related(None)
        .select_related("amendment")
        # What the summary shows, not the records' writing (notes, reflections).
        .only(*SUMMARY_FIELDS, "amendment__id")
        .order_by("-date", "-starts_at", "-pk")
    )
    waiting_statuses = awaiting_statuses(placement, user)
    upcoming = [s for s in records if s.status == S.SCHEDULED and s.date >= today]
    return {
        "placement": placement,
        # The latest that have happened (the upcoming ones are the schedule).
        "latest": [
            s
            for s in records
            if s.date <= today and not (s.status == S.SCHEDULED and s.date == today)
        ][:LATEST],
        "total": len(records),
        "upcoming": min(upcoming, key=lambda s: (s.date, s.starts_at, s.pk), default=None),
        "waiting": sorted(
            (s for s in records if s.status in waiting_statuses), key=lambda s: (s.date, s.pk)
        )[:LATEST],
        "is_student": placement.student_id == user.pk,
        "can_book": user.has_perm("supervision.add_session", placement),
    }
