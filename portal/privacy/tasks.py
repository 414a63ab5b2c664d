from celery import shared_task

from .retention import retention_run


@shared_task(name="portal.privacy.tasks.run_retention_schedules")
def run_retention_schedules() -> int:
    """The daily run of the retention schedules; returns the report's id."""
    return retention_run().pk
