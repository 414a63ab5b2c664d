"""Retention: attachments go when their record goes, and a file when its row goes.

The file is deleted once the transaction commits, so a rolled-back delete keeps it."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Attachment


def delete_attachments_of(sender, instance, **kwargs) -> None:
    """A record registered as attachable was deleted: so are its attachments."""
    content_type = ContentType.objects.get_for_model(sender, for_concrete_model=False)
    Attachment.objects.filter(content_type=content_type, object_id=instance.pk).delete()


@receiver(post_delete, sender=Attachment)
def _delete_file(sender, instance: Attachment, **kwargs) -> None:
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
