"""Files attached to a direct observation and to its service user's feedback sheet
(issue 22, requirement 4: "a PE attaches a feedback sheet to an observation").

The observer (supervision.write_observation_feedback) attaches and removes files
while writing the feedback (the observation is "Feedback being written"): once it
is sent to the student, the student reflects on, and both sign, what is there. A
signed and locked observation refuses any change (RecordLocked), as its other
parts do. A feedback sheet goes with the service user's feedback, so that is
recorded first. Everyone who sees the observation sees and downloads the files;
a file naming a child or carer (in its name, or its PDF or Word text) is refused
like the observation's own text (placements.services.anonymisation).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction

from placements.services.anonymisation import refuse_child_names
from portal.accounts.models import User
from portal.attachments.models import Attachment
from portal.attachments.registry import attachable
from portal.attachments.services import (
    NAME_GUARD_LABELS,
    attachment_add,
    attachment_remove,
    attachments_copy,
)

from ..models import Observation, ServiceUserFeedback
from .workflow import locked_for_update, refuse_if_locked

O = Observation.Status  # noqa: E741 - reads as the model's status

SHEET_FIRST = (
    "Record the service user's feedback first (the faces form or what they said), then "
    "attach the sheet to it."
)


def register() -> None:
    """Called at start-up (SupervisionConfig.ready)."""
    attachable(
        Observation,
        can_see=lambda user, observation: user.has_perm(
            "supervision.view_observation", observation
        ),
    )
    attachable(
        ServiceUserFeedback,
        can_see=lambda user, feedback: user.has_perm(
            "supervision.view_observation", feedback.observation
        ),
    )


def attachments_refusal(observation: Observation) -> str | None:
    """Why files cannot be added or removed now (the pages say it), or None."""
    if observation.is_locked:
        return (
            "This observation has been signed by everyone and is locked, so its files cannot "
            "change. To correct it, start an amendment."
        )
    if observation.status != O.DRAFT:
        return (
            "Files are attached while the observer writes the feedback; the observation is "
            f"{observation.get_status_display().lower()}."
        )
    return None


def _writable(observation: Observation, by: User) -> Observation:
    current = locked_for_update(observation)
    refuse_if_locked(current)
    if not by.has_perm("supervision.write_observation_feedback", current):
        raise PermissionDenied("Only the observer attaches files to the observation.")
    refused = attachments_refusal(current)
    if refused:
        raise ValidationError(refused)
    return current


def _sheet_holder(observation: Observation) -> ServiceUserFeedback:
    try:
        return observation.service_user_feedback
    except ObjectDoesNotExist:
        raise ValidationError(SHEET_FIRST) from None


@transaction.atomic
def observation_attachment_add(
    *, observation: Observation, by: User, upload, feedback_sheet: bool = False
) -> Attachment:
    """Attach `upload` to the observation, or (`feedback_sheet`) to its service
    user's feedback."""
    current = _writable(observation, by)
    record = _sheet_holder(current) if feedback_sheet else current
    placement = current.placement
    return attachment_add(
        record=record,
        by=by,
        upload=upload,
        refuse_names=lambda texts: refuse_child_names(
            placement=placement, texts=texts, labels=NAME_GUARD_LABELS
        ),
    )


@transaction.atomic
def observation_attachment_remove(
    *, observation: Observation, attachment: Attachment, by: User
) -> None:
    _writable(observation, by)
    attachment_remove(attachment=attachment, by=by)


def with_files(copy_parts):
    """`copy_parts` of an amendment, then the files: the observation's, and the
    feedback sheet's (once `copy_parts` has copied the service user's feedback)."""

    def copy(original: Observation, correction: Observation) -> None:
        copy_parts(original, correction)
        attachments_copy(source=original, target=correction)
        sheet = ServiceUserFeedback.objects.filter(observation=original).first()
        if sheet is not None:
            attachments_copy(source=sheet, target=_sheet_holder(correction))

    return copy
