from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_email(notification_id: int) -> bool:
    return services.notification_send_email(notification_id=notification_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_outbox_email(outbox_id: int) -> bool:
    """Send an outbox email to an address (an invitation, a school's safeguarding lead)."""
    return services.outbox_email_send(outbox_id=outbox_id)


@shared_task
def send_notification_digests() -> int:
    """The daily summary of the notifications people chose to hear of once a day."""
    from .digest import digests_send

    return digests_send()


@shared_task
def prune_read_notifications() -> int:
    return services.notifications_prune(
        older_than=timezone.now() - settings.PORTAL_NOTIFICATION_RETENTION
    )


@shared_task
def run_document_export(export_id: int) -> str | None:
    from .exports import export_run

    export = export_run(export_id)
    return export.status if export else None


@shared_task
def prune_document_exports() -> int:
    from .exports import RETENTION, exports_prune

    return exports_prune(older_than=timezone.now() - RETENTION)


@shared_task
def prune_form_drafts() -> int:
    from .drafts import RETENTION, drafts_prune

    return drafts_prune(older_than=timezone.now() - RETENTION)


@shared_task
def relay_email_outbox() -> int:
    return services.email_outbox_relay()
