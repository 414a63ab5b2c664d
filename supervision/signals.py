"""Keeping the booked sessions in step with the practice learning agreement.

The agreement holds the weekly supervision slot, so every save of it (a new
agreement, or a changed day or time) books the placement's sessions again once
the save commits. Booking is idempotent (supervision.services.schedule), so a
save that changed something else costs a no-op run.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from placements.models import LearningAgreement
from portal.celery import enqueue_on_commit

from .models import Observation, SupervisionSession


@receiver(post_save, sender=LearningAgreement, dispatch_uid="supervision_schedule_on_agreement")
def schedule_after_agreement_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: leave the rows as they are
        return
    from .tasks import schedule_placement_sessions

    enqueue_on_commit(schedule_placement_sessions, instance.placement_id)


# The RAG status reads weekly supervision and direct observations (supervision/oversight.py):
# a written record changes its placement's status, so the one kept is let go
# (placements.rag_cache).
def rag_record_written(sender, instance, raw=False, **kwargs):
    from placements.rag_cache import rag_changed

    rag_changed(instance.placement_id)


for _signal, _uid in ((post_save, "save"), (post_delete, "delete")):
    for _model in (SupervisionSession, Observation):
        _signal.connect(
            rag_record_written, sender=_model, dispatch_uid=f"rag_{_model.__name__}_{_uid}"
        )
