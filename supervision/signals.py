"""Keeping the booked sessions in step with the practice learning agreement.

The agreement holds the weekly supervision slot, so every save of it (a new
agreement, or a changed day or time) books the placement's sessions again once
the save commits. Booking is idempotent (supervision.services.schedule), so a
save that changed something else costs a no-op run.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from placements.models import LearningAgreement
from portal.celery import enqueue_on_commit


@receiver(post_save, sender=LearningAgreement, dispatch_uid="supervision_schedule_on_agreement")
def schedule_after_agreement_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: leave the rows as they are
        return
    from .tasks import schedule_placement_sessions

    enqueue_on_commit(schedule_placement_sessions, instance.placement_id)
