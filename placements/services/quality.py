"""The placement-quality questionnaire (issue 4, requirement 11).

When a placement has ended, its student rates the setting once. Two rows are
written together: the answers (`QualityFeedback`: setting, level and month,
never the placement or the student) and a receipt (`QualityFeedbackReceipt`:
this placement's student has answered, not what).

When "ended" is: the final report is submitted (the days are done; the panel
may take weeks, and feedback is best given while it is fresh), passed, failed,
or ended early after it had started (it was active at some point: a placement
that ended before it began has no setting to rate). Before then the student is
still in the setting and has not seen all of it.
"""

from __future__ import annotations

from datetime import datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as

from ..models import Placement, QualityFeedback, QualityFeedbackReceipt

Status = Placement.Status

# Not Placement.FINISHED_STATUSES: a submitted final report counts, and ending early
# counts only after the placement was active (ended_for_feedback).
FEEDBACK_STATUSES = frozenset({Status.FINAL_REPORT_SUBMITTED, Status.PASSED, Status.FAILED})
COMMENT_MAX_LENGTH = 5000
COMMENTS = ("went_well", "could_improve")


def _was_active() -> Exists:
    return Exists(Placement.history.model.objects.filter(id=OuterRef("pk"), status=Status.ACTIVE))


def ended_for_feedback(placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """Those of `placements` whose student can rate the setting (see the module note)."""
    return placements.filter(
        Q(status__in=FEEDBACK_STATUSES) | (Q(status=Status.ENDED_EARLY) & _was_active())
    )


def placements_awaiting_quality_feedback(student: User) -> QuerySet[Placement]:
    """The student's ended placements they have not rated yet (one query)."""
    return (
        ended_for_feedback(Placement.objects.filter(student=student))
        .filter(quality_feedback_receipt__isnull=True)
        .select_related("host")
        .order_by("-ends_on", "pk")
    )


def quality_feedback_due(placement: Placement, user: User) -> bool:
    """Whether `user` is the placement's student and can rate its setting now: never
    before the placement has ended (no query then), and only once."""
    return (
        placement.student_id == user.pk
        and placement.status in FEEDBACK_STATUSES | {Status.ENDED_EARLY}
        and placements_awaiting_quality_feedback(user).filter(pk=placement.pk).exists()
    )


def _clean_answers(answers: dict) -> dict:
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for name in QualityFeedback.SCORES:
        label = QualityFeedback._meta.get_field(name).verbose_name
        value = answers.get(name)
        try:
            score = int(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            score = None
        if score is None or not 1 <= score <= 5 or str(score) != str(value).strip():
            errors[name] = f"Choose a score from 1 to 5 for “{label}”"
        else:
            cleaned[name] = score
    for name in COMMENTS:
        text = (answers.get(name) or "").strip()
        if len(text) > COMMENT_MAX_LENGTH:
            errors[name] = f"Keep this to {COMMENT_MAX_LENGTH} characters or fewer."
        cleaned[name] = text
    unknown = set(answers) - set(QualityFeedback.SCORES) - set(COMMENTS)
    if unknown:
        errors["__all__"] = f"Unknown answers: {', '.join(sorted(unknown))}."
    if errors:
        raise ValidationError(errors)
    return cleaned


def quality_feedback_submit(*, placement: Placement, by: User, answers: dict) -> None:
    """Record the student's ratings of the placement's setting, once.

    `answers`: the five scores (1 to 5) named in QualityFeedback.SCORES and the
    optional comments `went_well` and `could_improve`. Raises PermissionDenied
    unless `by` is the placement's student; ValidationError when the placement
    has not ended, the student has already answered, or an answer is out of
    range (naming it). Nothing is saved on a refusal. Returns nothing: the
    answers are deliberately not handed back linked to the person.
    """
    if placement.student_id != by.pk:
        raise PermissionDenied("Only the placement's student can rate the setting.")
    with transaction.atomic():
        placement = (
            Placement.objects.select_for_update().select_related("host").get(pk=placement.pk)
        )
        if QualityFeedbackReceipt.objects.filter(placement=placement).exists():
            raise ValidationError(
                "You have already rated this placement's setting. Each placement is rated "
                "once, and the answers cannot be changed because they are not linked to you."
            )
        if not ended_for_feedback(Placement.objects.filter(pk=placement.pk)).exists():
            raise ValidationError(
                "You can rate the setting once the placement has ended: when the final report "
                "is submitted, the placement is passed or failed, or it ends early."
            )
        cleaned = _clean_answers(answers)
        today = timezone.localdate()
        month = today.replace(day=1)
        feedback = QualityFeedback(
            host=placement.host,
            team=placement.team,
            level=placement.level,
            received_month=month,
            **cleaned,
        )
        # The history row gets the month too, not the moment: a timestamp could be
        # matched with the receipt's and name the student.
        feedback._history_date = timezone.make_aware(datetime.combine(month, time.min))
        feedback.full_clean()
        try:
            with transaction.atomic():
                feedback.save()
                with acting_as(by):
                    QualityFeedbackReceipt.objects.create(placement=placement)
        except IntegrityError as clash:  # the same student answering twice at once
            raise ValidationError("You have already rated this placement's setting.") from clash
