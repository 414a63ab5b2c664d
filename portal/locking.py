"""The one lock rule and the one amendment rule for signed records.

A record that everyone has signed is evidence (supervision records and direct
observations at the practice assessment panel; later, authorised assessments),
so once it is locked nothing may change it: not a view, a form, an API route,
the admin or a service. The rule is enforced where every one of those paths
ends, in the model:

- `Lockable.save()` and `.delete()` refuse when the row is locked in the
  database (the state that counts, not the instance in memory);
- `LockableQuerySet.update()` and `.delete()` refuse when any row they would
  touch is locked;
- a record's parts (actions, per-domain feedback...) are `LockedWithParent`:
  they refuse to change while their parent is locked;
- many-to-many links of a locked record refuse to change (`refuse_m2m_change`).

A correction is an amendment (`amend`): a new record linked to the original
through `amends`, with the reason, signed again by everyone. The original stays
exactly as it was signed, readable beside its correction, and both have their
own history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone


class RecordLocked(ValidationError):
    """A change to a locked record. Pages show the message; the API answers 409."""

    def __init__(self, message: str | None = None):
        super().__init__(
            message
            or "This record has been signed by everyone and is locked, so it cannot be "
            "changed. To correct it, start an amendment."
        )


class LockableQuerySet(models.QuerySet):
    def locked(self):
        return self.filter(locked_at__isnull=False)

    def unlocked(self):
        return self.filter(locked_at__isnull=True)

    def update(self, **kwargs):
        if self.locked().exists():
            raise RecordLocked()
        return super().update(**kwargs)

    def delete(self):
        if self.locked().exists():
            raise RecordLocked()
        return super().delete()


class Lockable(models.Model):
    """A signable record that locks once fully signed (set `locked_at` through `lock`)."""

    locked_at = models.DateTimeField("locked at", null=True, blank=True, editable=False)
    # The amendment chain: a correction points at the record it corrects.
    amends = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendment",
        editable=False,
    )
    amendment_reason = models.TextField("reason for the amendment", blank=True, editable=False)

    objects = LockableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._locked_in_database():
            raise RecordLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._locked_in_database():
            raise RecordLocked()
        return super().delete(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def _locked_in_database(self) -> bool:
        if self.pk is None:
            return False
        return type(self)._base_manager.filter(pk=self.pk, locked_at__isnull=False).exists()


class LockedWithParentQuerySet(models.QuerySet):
    """Bulk changes to parts refuse when any part belongs to a locked record."""

    def _any_parent_locked(self) -> bool:
        parent = self.model.lock_parent
        return self.filter(**{f"{parent}__locked_at__isnull": False}).exists()

    def update(self, **kwargs):
        if self._any_parent_locked():
            raise RecordLocked()
        return super().update(**kwargs)

    def delete(self):
        if self._any_parent_locked():
            raise RecordLocked()
        return super().delete()


class LockedWithParent(models.Model):
    """A part of a Lockable record: set `lock_parent` to the name of the foreign key."""

    lock_parent: str = ""

    objects = LockedWithParentQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._parent_locked():
            raise RecordLocked()
        if self.pk is not None:
            # Moving a part out of a locked record changes that record too.
            field = self._meta.get_field(self.lock_parent)
            before = (
                type(self)._base_manager.filter(pk=self.pk).values_list(field.attname, flat=True)
            ).first()
            if before is not None and self._parent_locked(before):
                raise RecordLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._parent_locked():
            raise RecordLocked()
        return super().delete(*args, **kwargs)

    def _parent_locked(self, parent_id=None) -> bool:
        field = self._meta.get_field(self.lock_parent)
        parent_id = parent_id if parent_id is not None else getattr(self, field.attname)
        if parent_id is None:
            return False
        return field.related_model._base_manager.filter(
            pk=parent_id, locked_at__isnull=False
        ).exists()


def refuse_m2m_change(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed receiver: a locked record's links (e.g. PCF domains) stay as signed.

    Connect it for each many-to-many field of a Lockable model. Django sends
    these signals inside its own atomic block without a savepoint, so a refusal
    here spoils the surrounding transaction: services check `is_locked` first,
    and this is the last line of defence (the admin, a shell).
    """
    if not action.startswith("pre_"):
        return
    if not reverse:
        if isinstance(instance, Lockable) and instance._locked_in_database():
            raise RecordLocked()
        return
    # Changed from the other side: refuse if any of the records touched is locked.
    if pk_set and model._base_manager.filter(pk__in=pk_set, locked_at__isnull=False).exists():
        raise RecordLocked()
    if action == "pre_clear":
        record_fk, other_fk = _through_keys(sender, model)
        if sender.objects.filter(
            **{other_fk: instance.pk, f"{record_fk}__locked_at__isnull": False}
        ).exists():
            raise RecordLocked()


def _through_keys(through, record_model) -> tuple[str, str]:
    """(name of the through model's key to the lockable record, attname of the other key)."""
    record_fk = other_fk = None
    for field in through._meta.get_fields():
        if not getattr(field, "many_to_one", False):
            continue
        if field.related_model is record_model:
            record_fk = field.name
        else:
            other_fk = field.attname
    if record_fk is None or other_fk is None:
        raise LookupError(f"{through} does not link {record_model} to another model")
    return record_fk, other_fk


def lock(record: Lockable) -> Lockable:
    """Lock `record` now (called by the service that takes its last signature)."""
    if record.is_locked:
        raise RecordLocked("This record is already locked.")
    record.locked_at = timezone.now()
    record._change_reason = "lock"  # its own history row, not the move that led to it
    record.save(update_fields=["locked_at"])
    return record


def current_version(record: Lockable) -> Lockable:
    """The newest record of the amendment chain that `record` belongs to."""
    latest = record
    seen = {latest.pk}
    while True:
        following = type(record)._base_manager.filter(amends_id=latest.pk).first()
        if following is None or following.pk in seen:
            return latest
        seen.add(following.pk)
        latest = following


def amend(*, record: Lockable, reason: str, copy) -> Lockable:
    """Start a correction of the locked `record`: a new unsigned version linked to it.

    `copy(record) -> new unsaved instance` copies what the correction starts
    from (the caller also copies the parts once the new record is saved).
    Refused: an unlocked record (change it directly), a record that already has
    an amendment (amend the newest version), an empty reason.
    """
    reason = (reason or "").strip()
    if not record.is_locked:
        raise ValidationError("Only a locked record is amended; this one can still be changed.")
    if type(record)._base_manager.filter(amends_id=record.pk).exists():
        raise ValidationError(
            "This record already has an amendment: correct the newest version instead."
        )
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the amendment."})
    correction = copy(record)
    correction.pk = None
    correction.id = None
    correction._state.adding = True
    correction.locked_at = None
    correction.amends = record
    correction.amendment_reason = reason
    correction.save()
    return correction
