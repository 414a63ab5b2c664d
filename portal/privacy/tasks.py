from celery import shared_task
from django.contrib.auth import get_user_model

from .retention import retention_run


@shared_task(name="portal.privacy.tasks.run_retention_schedules")
def run_retention_schedules() -> int:
    """The daily run of the retention schedules; returns the report's id."""
    return retention_run().pk


@shared_task(name="portal.privacy.tasks.run_retention_dry_run")
def run_retention_dry_run(user_id: int) -> int:
    """A dry run an administrator asked for from the portal."""
    by = get_user_model().objects.filter(pk=user_id).first()
    return retention_run(dry_run=True, by=by).pk


@shared_task(name="portal.privacy.tasks.remind_rights_requests")
def remind_rights_requests() -> int:
    """Each morning: tell the administrators which requests are due soon or overdue."""
    from .rights import rights_requests_remind

    return rights_requests_remind()
