"""Celery application. Tasks stay thin: they call services.

The acting user travels with each task in a message header, so history rows
written by a task name the person whose action caused it (see audit.context).
"""

import logging
import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.exceptions import ImproperlyConfigured
from kombu.exceptions import OperationalError


class PortalCelery(Celery):
    def on_configure(self) -> None:
        """A worker or beat must be told which settings to use: falling back to the
        local ones would run production's queue with a development database, key
        and email backend. Checked when Celery first reads its configuration, not
        on import (`portal.wsgi` imports this package before choosing settings).
        A method, not a receiver of the on_configure signal: Celery's signals
        swallow a receiver's exception."""
        if not os.environ.get("DJANGO_SETTINGS_MODULE"):
            raise ImproperlyConfigured(
                "DJANGO_SETTINGS_MODULE is not set. Start Celery with it, e.g. "
                "DJANGO_SETTINGS_MODULE=portal.settings.production celery -A portal worker"
            )


app = PortalCelery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

ACTING_USER_HEADER = "portal_acting_user_id"

logger = logging.getLogger(__name__)


@before_task_publish.connect
def _attach_acting_user(headers=None, **kwargs):
    from portal.audit.context import current_acting_user_id

    user_id = current_acting_user_id()
    if headers is not None and user_id is not None:
        # A header given by enqueue_on_commit (the user acting when the work was
        # asked for) wins over whoever is acting when the message is published.
        headers.setdefault(ACTING_USER_HEADER, user_id)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue `task` once the current transaction commits, on behalf of the user
    acting now. (The commit may happen after an `acting_as` block has ended.)

    The write has committed by then, so a broker that cannot be reached is logged,
    never raised: the request still succeeds. Work that must not be lost keeps a
    row for a relay to pick up (notification emails: portal.models.EmailOutbox).
    """
    from django.db import transaction

    from portal.audit.context import current_acting_user_id

    user_id = current_acting_user_id()
    headers = {ACTING_USER_HEADER: user_id} if user_id is not None else None

    def publish() -> None:
        try:
            task.apply_async(args, kwargs, headers=headers)
        except OperationalError as error:  # Celery's error for a broker it cannot reach
            logger.warning("Could not enqueue %s: %s", task.name, error)

    transaction.on_commit(publish)


@task_prerun.connect
def _restore_acting_user(task=None, **kwargs):
    from portal.audit.context import enter_acting_user

    request = task.request
    user_id = getattr(request, ACTING_USER_HEADER, None)
    if user_id is None:
        user_id = (getattr(request, "headers", None) or {}).get(ACTING_USER_HEADER)
    request._portal_audit_token = enter_acting_user(user_id) if user_id else None


@task_postrun.connect
def _forget_acting_user(task=None, **kwargs):
    from portal.audit.context import leave_acting_user

    token = getattr(task.request, "_portal_audit_token", None)
    if token is not None:
        leave_acting_user(token)
