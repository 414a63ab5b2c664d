"""Shared services: notifying people."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import Notification


def notify(*, user, title: str, body: str = "", url: str = "", email: bool = True) -> Notification:
    """Tell `user` something: an in-app notification, and an email sent after commit."""
    notification = Notification.objects.create(user=user, title=title, body=body, url=url)
    if email:
        from .celery import enqueue_on_commit
        from .tasks import send_notification_email

        enqueue_on_commit(send_notification_email, notification.pk)
    return notification


def notification_send_email(*, notification_id: int) -> bool:
    """Email one notification once. Returns False when there was nothing to send."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.user.is_active:
            return False
        link = f"{settings.WAGTAILADMIN_BASE_URL}{notification.url}" if notification.url else ""
        send_mail(
            subject=f"[Practice portal] {notification.title}",
            message="\n\n".join(part for part in (notification.body, link) if part),
            from_email=None,
            recipient_list=[notification.user.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def notification_mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given)."""
    unread = Notification.objects.unread().filter(user=user)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    now = timezone.now()
    count = 0
    for notification in unread:
        notification.read_at = now
        notification.save(update_fields=["read_at"])
        count += 1
    return count


def notifications_prune(*, older_than: datetime) -> int:
    """Remove notifications read before `older_than` (history keeps the record)."""
    deleted, _ = Notification.objects.filter(read_at__lt=older_than).delete()
    return deleted
