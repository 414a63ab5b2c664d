from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from .models import AccessEvent


def record_access(user, obj, purpose: str, *, path: str = "") -> AccessEvent:
    """Log that `user` read `obj` (a sensitive record) for `purpose`."""
    return AccessEvent.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        purpose=purpose[:200],
        path=path[:500],
    )


def record_accesses(user, objs, purpose: str, *, path: str = "") -> None:
    """Log that `user` read each of `objs` (one page of a list), in one insert."""
    objs = list(objs)
    if not objs:
        return
    AccessEvent.objects.bulk_create(
        AccessEvent(
            user=user,
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            purpose=purpose[:200],
            path=path[:500],
        )
        for obj in objs
    )
