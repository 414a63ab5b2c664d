"""Supervision's background work. Thin: each task calls one service."""

from celery import shared_task

from .services import reminders, schedule


@shared_task
def send_supervision_reminders() -> int:
    """Daily (beat): today's reminders, one digest per person."""
    return reminders.reminders_send()


@shared_task
def schedule_supervision_sessions() -> int:
    """Daily (beat): book the weekly sessions every agreement asks for."""
    return schedule.schedule_all()


@shared_task
def schedule_placement_sessions(placement_id: int) -> int:
    """After a learning agreement is saved: book (or move) that placement's sessions."""
    from placements.models import Placement

    placement = (
        Placement.objects.select_related("course", "practice_educator")
        .filter(pk=placement_id)
        .first()
    )
    if placement is None:  # removed before the task ran
        return 0
    return len(schedule.schedule_sessions(placement=placement))
