"""The one signing mechanism for every signable record.

A signable record (a practice learning agreement, a supervision record, an
observation, a final report...) has simple-history and a method
`signature_capacities()` returning who must sign, as {capacity: user}; a
capacity whose person is not named yet maps to None (required, but nobody can
sign it until someone is named).

A signature stores the id of the record's history row at the moment of
signing. Editing a signed record clears every signature (the caller decides
when, in the same transaction as the edit); the signatures' own history keeps
who had signed, so `changes_since_signed` can show what changed between the
text people signed and the text as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from .models import Signature


def required_capacities(record) -> dict[str, Any]:
    """{capacity: user or None} of who must sign `record`, in the record's order."""
    return dict(record.signature_capacities())


def _of(record) -> dict[str, Any]:
    return {
        "content_type": ContentType.objects.get_for_model(record, for_concrete_model=True),
        "object_id": record.pk,
    }


def signatures_for(record) -> list[Signature]:
    """The record's current signatures, with their signers (one query)."""
    if record is None or record.pk is None:
        return []
    return list(Signature.objects.filter(**_of(record)).select_related("signer"))


def is_fully_signed(record, signatures: list[Signature] | None = None) -> bool:
    """Every required capacity holds a signature (pass `signatures` to save a query)."""
    if signatures is None:
        signatures = signatures_for(record)
    signed = {signature.capacity for signature in signatures}
    return set(required_capacities(record)) <= signed


def sign(*, record, signer, capacity: str) -> Signature:
    """`signer` signs `record` in `capacity`, against its current version.

    Refused: a capacity the record does not ask for, or one held by someone
    else (PermissionDenied); a capacity already signed (ValidationError).
    """
    required = required_capacities(record)
    if capacity not in required:
        raise PermissionDenied("This record does not need a signature in that capacity.")
    person = required[capacity]
    if person is None or person.pk != signer.pk:
        raise PermissionDenied("Only the person named in that capacity can sign it.")
    with transaction.atomic():
        if Signature.objects.filter(**_of(record), capacity=capacity).exists():
            raise ValidationError("This has already been signed in that capacity.")
        try:
            with transaction.atomic():
                return Signature.objects.create(
                    **_of(record),
                    signer=signer,
                    capacity=capacity,
                    signed_version=record.history.latest().history_id,
                )
        except IntegrityError as error:
            # Two requests signing at once: the unique constraint decides.
            raise ValidationError("This has already been signed in that capacity.") from error


def clear_signatures(*, record) -> list[Signature]:
    """Delete every signature on `record`; returns them (for telling the signers).

    Each is deleted on its own so its history records the deletion.
    """
    cleared = signatures_for(record)
    for signature in cleared:
        signature.delete()
    return cleared


def signed_and_current_versions(record) -> tuple[Any, Any]:
    """(the last signed version that differs from now, the current version).

    Both are history rows of `record`. The first is None when nothing but the
    current text was ever signed. It is read from the signatures' own history,
    so it is still known after an edit cleared the signatures, and while
    people sign the new text one by one.
    """
    if record is None or record.pk is None:
        return None, None
    current = record.history.order_by("-history_date", "-history_id").first()
    earlier = Signature.history.filter(**_of(record), signed_version__isnull=False)
    if current is not None:
        earlier = earlier.exclude(signed_version=current.history_id)
    signed_id = earlier.aggregate(last=Max("signed_version"))["last"]
    if signed_id is None:
        return None, current
    return record.history.filter(history_id=signed_id).first(), current


@dataclass
class FieldChange:
    field: str
    old: Any
    new: Any


def changes_since_signed(record) -> list[FieldChange]:
    """Field-level changes between the last signed version and now (empty if none).

    A page shows them while the record is not fully signed again.

    Timestamps kept automatically (auto_now, auto_now_add) are left out.
    Values are shown as people read them: choice labels, not stored codes.
    """
    signed, current = signed_and_current_versions(record)
    if signed is None or current is None:
        return []
    fields = {field.name: field for field in record._meta.concrete_fields}
    automatic = [
        name
        for name, field in fields.items()
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    changes = []
    for change in current.diff_against(signed, excluded_fields=automatic).changes:
        field = fields.get(change.field)
        label = str(field.verbose_name).capitalize() if field else change.field
        changes.append(FieldChange(label, _shown(field, change.old), _shown(field, change.new)))
    return changes


def _shown(field, value):
    if value is None or value == "":
        return None
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    return value
