"""The supervision part of the placement page: the latest records, the next
session, and the records waiting for the person looking (four queries however
long the log is)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from ..models import SupervisionSession

register = template.Library()

S = SupervisionSession.Status
LATEST = 5


def awaiting(sessions, placement, user):
    """The records waiting for `user` on this placement: the student's reflection and
    signature; the practice educator's writing, sending and signature."""
    if placement.student_id == user.pk:
        return sessions.filter(status=S.AWAITING_STUDENT)
    if placement.practice_educator_id == user.pk:
        return sessions.filter(status__in=[S.DRAFT, S.AWAITING_EDUCATOR])
    return sessions.none()


@register.inclusion_tag("supervision/sessions/placement_summary.html", takes_context=True)
def placement_sessions(context, sessions, placement):
    user = context["request"].user
    today = timezone.localdate()
    return {
        "placement": placement,
        # The latest that have happened (the upcoming ones are the schedule).
        "latest": list(
            sessions.filter(date__lte=today)
            .exclude(status=S.SCHEDULED, date=today)
            .select_related("amendment")[:LATEST]
        ),
        "total": sessions.count(),
        "upcoming": sessions.filter(status=S.SCHEDULED, date__gte=today)
        .order_by("date", "starts_at", "pk")
        .first(),
        "waiting": list(awaiting(sessions, placement, user).order_by("date", "pk")[:LATEST]),
        "is_student": placement.student_id == user.pk,
        "can_book": user.has_perm("supervision.add_session", placement),
    }
