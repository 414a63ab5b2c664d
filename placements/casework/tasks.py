"""Casework background work (thin: each task calls a service)."""

from celery import shared_task

from .services import safeguarding


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_concern_to_school_lead(concern_id: int) -> bool:
    """Email a school's designated safeguarding lead's address that a concern was raised."""
    return safeguarding.concern_email_school_lead(concern_id=concern_id)
