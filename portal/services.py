"""Shared services: notifying people, and relaying their emails from the outbox."""

from __future__ import annotations

import logging
from contextlib import nullcontext
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .audit.context import acting_as, current_acting_user_id
from .models import Delivery, EmailOutbox, Notification, NotificationPreference
from .notification_kinds import KINDS, notification_kind

logger = logging.getLogger(__name__)

# The relay tries a failing email again after 2, 4, 8... minutes, at most 6 hours
# apart, and gives up (status "failed", shown in the Django admin) after this many.
OUTBOX_MAX_ATTEMPTS = 12
OUTBOX_MAX_BACKOFF = timedelta(hours=6)


def notify(
    *,
    user,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    language: str = "",
    kind: str = "",
) -> Notification:
    """Tell `user` something: an in-app notification and, if `email`, an email.

    `kind` says what it is about (a name in portal.notification_kinds): the person's
    choice for that kind decides whether the email goes at once, waits for the
    daily summary (portal.digest) or is not sent. No kind: at once, as before
    kinds existed. Safeguarding alerts always go at once. `email=False` keeps it in
    the portal whatever was chosen.

    `language` is the one `title` is written in (a code of settings.LANGUAGES); the
    email's own words follow it. Blank: the site's default language.

    Only `title` and a link leave by email; `body` is shown in the portal only.
    So a title says what happened with references and people's names only, never
    free text someone typed (a reason, a comment, a concern): that may name a
    child, and belongs in `body`.

    The email goes into the outbox in the caller's transaction and is enqueued
    once it commits; if the broker is down then, the relay sends it later.
    """
    delivery = delivery_for(user, kind) if email else Delivery.PORTAL
    notification = Notification.objects.create(
        user=user,
        title=title,
        body=body,
        url=url,
        language=language,
        kind=kind,
        delivery=delivery,
    )
    if delivery == Delivery.EMAIL:
        from .celery import enqueue_on_commit
        from .tasks import send_notification_email

        EmailOutbox.objects.create(
            notification=notification, acting_user_id=current_acting_user_id()
        )
        enqueue_on_commit(send_notification_email, notification.pk)
    return notification


def notify_each(people, *, by, title: str, body: str = "", url: str = "", kind: str = "") -> None:
    """`notify` each active person in `people` once, never `by` (who acted)."""
    told: set[int] = set()
    for person in people:
        if person.pk in told or person.pk == by.pk or not person.is_active:
            continue
        told.add(person.pk)
        notify(user=person, title=title, body=body, url=url, kind=kind)


def delivery_for(user, kind: str) -> str:
    """How `user` hears of a notification of `kind` now: their choice, else the
    kind's default; at once for safeguarding and for a call naming no kind."""
    if not kind:
        return Delivery.EMAIL
    about = notification_kind(kind)
    if about.fixed:
        return Delivery.EMAIL
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or about.default


def notification_preferences_of(user) -> dict[str, str]:
    """Every kind's delivery for `user`: their choice, else the kind's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {
        name: Delivery.EMAIL if about.fixed else chosen.get(name, about.default)
        for name, about in KINDS.items()
    }


@transaction.atomic
def notification_preferences_save(*, user, by, choices: dict[str, str]) -> int:
    """Save how `user` wants to hear of each kind in `choices` ({kind: delivery}).
    Only the person themself chooses. Returns how many choices changed.

    Every choice is checked before any is saved: one bad choice saves nothing."""
    if by.pk != user.pk:
        raise PermissionDenied("Only the person themself chooses how they hear from the portal.")
    errors: dict[str, str] = {}
    for name, delivery in choices.items():
        about = KINDS.get(name)
        if about is None:
            errors[name] = "There is no such kind of notification."
        elif about.fixed and delivery != Delivery.EMAIL:
            errors[name] = f"{about.label} are always emailed at once: this cannot be changed."
        elif delivery not in Delivery.values:
            errors[name] = f"Choose how you hear of {about.label.lower()}."
    if errors:
        raise ValidationError(errors)
    current = notification_preferences_of(user)
    stored = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    changed = 0
    with acting_as(by):
        for name, delivery in choices.items():
            if KINDS[name].fixed or current[name] == delivery:
                continue
            preference = stored.get(name) or NotificationPreference(user=user, kind=name)
            preference.delivery = delivery
            preference.save()
            changed += 1
    return changed


def notification_settings_line() -> str:
    """The line every notification email ends with (issue 22, requirement 5), in the
    active language: where the person chooses how they hear from the portal."""
    link = f"{settings.WAGTAILADMIN_BASE_URL}{reverse('accounts:notification_settings')}"
    return _("Choose how you hear from the portal: %(link)s") % {"link": link}


def notification_email_text(notification: Notification) -> tuple[str, str]:
    """The email's subject and message: the title and a link, never the body."""
    path = notification.url or reverse("portal:notifications")
    with translation.override(notification.language or settings.LANGUAGE_CODE):
        sign_in = _("Sign in to the practice portal to read it: %(link)s") % {
            "link": f"{settings.WAGTAILADMIN_BASE_URL}{path}"
        }
        subject = _("[Practice portal] %(title)s") % {"title": notification.title}
        choose = notification_settings_line()
    return subject, f"{notification.title}\n\n{sign_in}\n\n{choose}\n"


def notification_send_email(*, notification_id: int) -> bool:
    """Email one notification once. Returns False when there was nothing to send.

    Idempotent: the notification row is locked and `emailed_at` checked, so the
    task enqueued on commit and the outbox relay never both send it.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return False
        pending = EmailOutbox.objects.filter(
            notification_id=notification_id, status=EmailOutbox.Status.PENDING
        )
        if notification.emailed_at is not None:
            pending.update(status=EmailOutbox.Status.SENT, sent_at=notification.emailed_at)
            return False
        if not notification.user.is_active:
            pending.update(status=EmailOutbox.Status.SKIPPED)
            return False
        subject, message = notification_email_text(notification)
        send_mail(
            subject=subject,
            message=message,
            from_email=None,
            recipient_list=[notification.user.email],
        )
        now = timezone.now()
        notification.emailed_at = now
        notification.save(update_fields=["emailed_at"])
        pending.update(status=EmailOutbox.Status.SENT, sent_at=now)
    return True


def queue_email(*, to: str, subject: str, message: str) -> EmailOutbox:
    """Email an address that may have no account (an invitation, a school's
    safeguarding lead) through the outbox: the row is written in the caller's
    transaction and sent once it commits, or by the relay if the broker is down.

    Like a notification's email, `subject` and `message` must not carry free text
    someone typed about a child: say what happened, with references and a link.
    """
    from .celery import enqueue_on_commit
    from .tasks import send_outbox_email

    row = EmailOutbox.objects.create(
        recipient=to,
        subject=subject[:250],
        message=message,
        acting_user_id=current_acting_user_id(),
    )
    enqueue_on_commit(send_outbox_email, row.pk)
    return row


def outbox_email_send(*, outbox_id: int) -> bool:
    """Send one outbox email once. Returns False when there was nothing to send.

    Idempotent: the row is locked and its status checked, so the task enqueued on
    commit and the relay never both send it. A notification's email is sent by
    `notification_send_email` (which also stamps the notification)."""
    row = EmailOutbox.objects.filter(pk=outbox_id).values_list("notification_id", flat=True).first()
    if row is not None:  # a notification's email
        return notification_send_email(notification_id=row)
    with transaction.atomic():
        email = (
            EmailOutbox.objects.select_for_update()
            .filter(pk=outbox_id, status=EmailOutbox.Status.PENDING, notification__isnull=True)
            .first()
        )
        if email is None:
            return False
        send_mail(
            subject=email.subject,
            message=email.message,
            from_email=None,
            recipient_list=[email.recipient],
        )
        email.status = EmailOutbox.Status.SENT
        email.sent_at = timezone.now()
        email.message = ""  # it may hold a one-time link; the subject stays as the log
        email.save(update_fields=["status", "sent_at", "message"])
    return True


def email_outbox_relay(*, limit: int = 200) -> int:
    """Send the outbox's pending emails that are due (those whose enqueue failed,
    or whose sending failed). Returns how many were sent.

    A failure is tried again later with backoff; sending twice is impossible
    (see outbox_email_send), so overlapping runs are safe.
    """
    due = list(
        EmailOutbox.objects.due(timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "acting_user_id")[:limit]
    )
    sent = 0
    for pk, acting_user_id in due:
        try:
            with acting_as(acting_user_id) if acting_user_id else nullcontext():
                sent += outbox_email_send(outbox_id=pk)
        except Exception as error:  # noqa: BLE001 - one failing email must not stop the rest
            logger.warning("Outbox email %s not sent: %r", pk, error)
            _outbox_try_later(pk, error)
    return sent


def _outbox_try_later(pk: int, error: Exception) -> None:
    row = EmailOutbox.objects.filter(pk=pk, status=EmailOutbox.Status.PENDING).first()
    if row is None:
        return
    row.attempts += 1
    row.next_attempt_at = timezone.now() + min(
        timedelta(minutes=2**row.attempts), OUTBOX_MAX_BACKOFF
    )
    row.last_error = repr(error)[:500]
    if row.attempts >= OUTBOX_MAX_ATTEMPTS:
        row.status = EmailOutbox.Status.FAILED
    row.save(update_fields=["attempts", "next_attempt_at", "last_error", "status"])


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


def notifications_done_for(*, user, url: str) -> int:
    """Mark done (read) `user`'s unread notifications that point at `url`: the task
    they asked for is done (issue 22, requirement 2). A link to the same page with
    an anchor or a query counts too. Returns how many were marked."""
    if not url:
        return 0
    pointing = Notification.objects.unread().filter(
        Q(url=url) | Q(url__startswith=f"{url}#") | Q(url__startswith=f"{url}?"), user=user
    )
    return notification_mark_read(
        user=user, notification_ids=list(pointing.values_list("pk", flat=True))
    )
