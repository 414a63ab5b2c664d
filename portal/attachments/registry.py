"""The kinds of record files may be attached to, filled by the apps owning them at
start-up (portal imports no app). Each says who may see a record's files: the
download page answers 404 to anyone else, as the record's own page does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_delete


@dataclass(frozen=True)
class Attachable:
    model: type[models.Model]
    # (user, record) -> whether the user may see the record (and so its files).
    can_see: Callable[..., bool]


_ATTACHABLE: dict[str, Attachable] = {}


def attachable(model: type[models.Model], *, can_see: Callable[..., bool]) -> None:
    """Let files be attached to records of `model`; they are deleted with the record."""
    from .signals import delete_attachments_of

    _ATTACHABLE[model._meta.label_lower] = Attachable(model, can_see)
    post_delete.connect(
        delete_attachments_of, sender=model, dispatch_uid=f"attachments:{model._meta.label_lower}"
    )


def attachable_for(record_or_model) -> Attachable | None:
    return _ATTACHABLE.get(record_or_model._meta.label_lower)


def may_see(user, record) -> bool:
    entry = attachable_for(record)
    return bool(entry and user.is_authenticated and entry.can_see(user, record))
