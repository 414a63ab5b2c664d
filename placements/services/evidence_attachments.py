"""Files attached to capability evidence (issue 22, requirement 4).

The student attaches files to their own evidence, and removes them, while they
may change the item: the placement is under way and the practice educator has
not commented (the comment answers the item as it stood, files included).
Everyone who sees the placement sees and downloads the files. A file whose name,
or whose text (PDF, Word), names a child or carer on the student's or practice
educator's work is refused like the item's own text (services.anonymisation).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from portal.accounts.models import User
from portal.attachments.models import Attachment
from portal.attachments.registry import attachable
from portal.attachments.services import NAME_GUARD_LABELS, attachment_add, attachment_remove

from ..models import EvidenceItem
from .anonymisation import refuse_child_names
from .evidence import _locked_item, _require_student, refuse_unless_open


def register() -> None:
    """Called at start-up (PlacementsConfig.ready)."""
    attachable(
        EvidenceItem,
        can_see=lambda user, item: user.has_perm("placements.view_placement", item.placement),
    )


def _editable(item: EvidenceItem, by: User, doing: str) -> EvidenceItem:
    current = _locked_item(item)
    _require_student(current.placement, by)
    refuse_unless_open(current.placement, f"Files cannot be {doing} this evidence now")
    if current.commented_at is not None:
        raise ValidationError(
            f"Your practice educator has commented on this evidence, so files cannot be {doing} "
            "it: the comment must stay with what it answers. Ask your practice educator to "
            "reopen it, or add a new piece of evidence."
        )
    return current


@transaction.atomic
def evidence_attachment_add(*, item: EvidenceItem, by: User, upload) -> Attachment:
    current = _editable(item, by, "attached to")
    placement = current.placement
    return attachment_add(
        record=current,
        by=by,
        upload=upload,
        refuse_names=lambda texts: refuse_child_names(
            placement=placement, texts=texts, labels=NAME_GUARD_LABELS
        ),
    )


@transaction.atomic
def evidence_attachment_remove(*, item: EvidenceItem, attachment: Attachment, by: User) -> None:
    _editable(item, by, "removed from")
    attachment_remove(attachment=attachment, by=by)
