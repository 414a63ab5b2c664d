from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from portal.dates import long_date_time

from .models import Invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int, key: str) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    link = settings.WAGTAILADMIN_BASE_URL + reverse(
        "accounts:invitation_accept", kwargs={"key": key}
    )
    send_mail(
        subject=f"[Practice portal] Invitation to join {invitation.organisation}",
        message=(
            f"{invitation.invited_by} has invited you to the practice education portal as "
            f"{invitation.get_role_display().lower()} for {invitation.organisation}.\n\n"
            f"Open this link to set up your account. It works once and expires on "
            f"{long_date_time(invitation.expires_at)}.\n\n{link}\n"
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )
