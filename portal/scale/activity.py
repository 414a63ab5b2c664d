"""Notifications and the read-access log, in proportion to the work.

Notifications: what the services tell people about their placements (days to
confirm, records to sign, reviews), most read and emailed. Access log: the
student and practice educator opening each allocated child's record over the
weeks of the work, as the child's page logs it.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from placements.casework.models import Child
from portal.audit.models import AccessEvent
from portal.models import Notification, Signature

from .base import Context, by_scale_user, delete_rows, insert_stream

NOTIFICATIONS_PER_PLACEMENT = 6
VIEWS_PER_CHILD = 10
CHILD_VIEW_PURPOSE = "Viewed the child's record"  # placements.casework.views.children
TOLD = {
    "student": (
        "Your supervision record is ready for your reflection",
        "Your practice educator confirmed your placement days",
        "Your practice learning agreement is ready to sign",
        "Your direct-work session was reviewed",
    ),
    "educator": (
        "Placement days are waiting for your confirmation",
        "A supervision record is waiting for your signature",
        "A direct-work session is waiting for your review",
        "A direct observation is booked with you",
    ),
}


def generate(ctx: Context) -> dict[str, int]:
    notifications = insert_stream(Notification, _notifications(ctx))
    accesses = insert_stream(AccessEvent, _accesses(ctx))
    return {"notifications": notifications, "access log rows": accesses}


def _notifications(ctx: Context):
    rng, today = ctx.rng, ctx.today
    for plan in ctx.made["plans"]:
        placement = plan.placement
        if placement.starts_on > today:
            continue
        url = reverse("placements:placement_detail", args=[placement.pk])
        last = min(placement.ends_on, today)
        span = max((last - placement.starts_on).days, 1)
        for number in range(NOTIFICATIONS_PER_PLACEMENT):
            educator = number % 3 == 2
            sent = ctx.at(placement.starts_on + timedelta(days=rng.randrange(span)), 9 + number)
            read = sent < ctx.at(today - timedelta(days=7)) or ctx.chance(0.3)
            yield Notification(
                user_id=placement.practice_educator_id if educator else placement.student_id,
                title=rng.choice(TOLD["educator" if educator else "student"]),
                url=url,
                created_at=sent,
                read_at=sent + timedelta(hours=rng.randint(1, 48)) if read else None,
                emailed_at=sent + timedelta(minutes=1),
            )


def _accesses(ctx: Context):
    rng, today = ctx.rng, ctx.today
    child_type = ContentType.objects.get_for_model(Child, for_concrete_model=False)
    for allocation in ctx.made["allocations"]:
        child = allocation.child
        path = reverse("casework:child_detail", args=[child.pk])
        last = min(allocation.ends_on or today, today)
        span = max((last - allocation.starts_on).days, 1)
        for number in range(VIEWS_PER_CHILD):
            yield AccessEvent(
                user_id=allocation.practice_educator_id
                if number % 4 == 3
                else allocation.student_id,
                content_type=child_type,
                object_id=str(child.pk),
                object_repr=str(child),
                purpose=CHILD_VIEW_PURPOSE,
                path=path,
                at=ctx.at(
                    allocation.starts_on + timedelta(days=rng.randrange(span)), 9 + number % 8
                ),
            )


def clear() -> dict[str, int]:
    # Signatures first: they belong to records of every area.
    return delete_rows(
        (AccessEvent, by_scale_user("user")),
        (Notification, by_scale_user("user")),
        (Signature, by_scale_user("signer")),
    )
