"""The daily summary email (issue 22, requirement 5): one email a day to each person
listing the notifications they chose to hear of in the digest and have neither read
nor had in an earlier summary.

Celery beat runs `digests_send` once a day (portal.tasks.send_notification_digests),
at 07:40, after the morning's reminders, so that they can be in it.
It is idempotent: each person's waiting notifications are locked, emailed and
stamped `emailed_at` in one transaction, so a second run, or two at once, finds
nothing left to send; and a person who already had a summary today gets no second
one that day (what arrived since waits for tomorrow's).
If sending fails, the transaction rolls back and the notifications wait for the next
run. Like every notification email, it carries titles and links only.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, time

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Delivery, Notification
from .services import notification_settings_line

logger = logging.getLogger(__name__)


def _waiting():
    """Digest notifications not yet read and not yet in a summary."""
    return Notification.objects.filter(
        delivery=Delivery.DIGEST, emailed_at__isnull=True, read_at__isnull=True
    )


def _start_of_today() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def digest_language(notifications: list[Notification]) -> str:
    """The summary's words follow its notifications' language: the one most of them
    are written in (the site's default for those without one)."""
    counts = Counter(n.language or settings.LANGUAGE_CODE for n in notifications)
    return max(counts.items(), key=lambda item: (item[1], item[0] == settings.LANGUAGE_CODE))[0]


def digest_email_text(notifications: list[Notification]) -> tuple[str, str]:
    """The summary's subject and message: each notification's title and link."""
    base = settings.WAGTAILADMIN_BASE_URL
    with translation.override(digest_language(notifications)):
        count = len(notifications)
        subject = _("[Practice portal] %(title)s") % {
            "title": ngettext(
                "Your daily summary: %(count)d notification",
                "Your daily summary: %(count)d notifications",
                count,
            )
            % {"count": count}
        }
        opening = ngettext(
            "This notification in the practice portal is waiting for you:",
            "These %(count)d notifications in the practice portal are waiting for you:",
            count,
        ) % {"count": count}
        items = "\n\n".join(
            f"- {n.title}\n  {base}{n.url or reverse('portal:notifications')}"
            for n in notifications
        )
        everything = _("All your notifications: %(link)s") % {
            "link": f"{base}{reverse('portal:notifications')}"
        }
        choose = notification_settings_line()
    return subject, f"{opening}\n\n{items}\n\n{everything}\n\n{choose}\n"


def digest_send(*, user_id: int) -> int:
    """Email `user_id` the summary of their waiting digest notifications. Returns
    how many notifications it listed (0: nothing sent)."""
    with transaction.atomic():
        waiting = list(
            _waiting()
            .select_for_update(of=("self",))
            .filter(user_id=user_id, user__is_active=True)
            .select_related("user")
            .order_by("created_at", "pk")
        )
        if not waiting:
            return 0
        had_one_today = Notification.objects.filter(
            user_id=user_id, delivery=Delivery.DIGEST, emailed_at__gte=_start_of_today()
        ).exists()
        if had_one_today:
            return 0
        subject, message = digest_email_text(waiting)
        send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=[waiting[0].user.email],
        )
        Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
            emailed_at=timezone.now()
        )
    return len(waiting)


def digests_send() -> int:
    """Send today's summaries to everyone with digest notifications waiting.
    Returns how many emails were sent. One person's failure does not stop the rest."""
    people = _waiting().filter(user__is_active=True).values_list("user_id", flat=True).distinct()
    sent = 0
    for user_id in sorted(set(people)):
        try:
            sent += bool(digest_send(user_id=user_id))
        except Exception as error:  # noqa: BLE001 - the others' summaries still go
            logger.warning("Daily summary for user %s not sent: %r", user_id, error)
    return sent
