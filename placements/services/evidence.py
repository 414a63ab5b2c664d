"""Capability evidence: the student writes it, the practice educator comments
on it (and rates the placement's progress in each PCF domain: services/coverage.py).

Rules (issue 4, requirement 6; DOMAIN.md "Practice learning"):
- Only the student on the placement writes, changes or deletes evidence, and
  only while the placement is under way (`EVIDENCE_STATUSES`): not before it
  starts, and not once the final report is in, because the practice educator's
  assessment is written from the evidence as it stood.
- Every item is dated within the placement and not in the future, and is
  tagged with at least one PCF domain or KSS statement of the current framework
  version. An item written against an older version keeps its tags when it is
  edited; new tags must come from the current version.
- Portfolio evidence about children and families is anonymised: an item, or a
  practice educator's comment, naming a child or carer on the student's or the
  practice educator's work is refused, naming the field (services.anonymisation).
- Once the practice educator has commented, the item is part of the assessment
  record: the student can neither change nor delete it, so the comment always
  answers the text it was written about. The practice educator can reopen it
  (their comment is withdrawn; history keeps it) when a change is needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date as date_type
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.dates import long_date
from portal.services import notifications_done_for, notify

from ..models import Capability, EvidenceItem, Placement
from .anonymisation import anonymisation_errors, refuse_child_names

# Evidence is written, commented on and rated while the placement is under way.
# A suspended placement keeps its portfolio open: the student may still reflect
# on work done before the pause. Proposed and confirmed placements have not
# started; after the final report the evidence is what the PE assessed.
EVIDENCE_STATUSES = frozenset(
    {
        Placement.Status.ACTIVE,
        Placement.Status.SUSPENDED,
        Placement.Status.MIDPOINT_REVIEWED,
    }
)


TITLE_MAX_LENGTH = EvidenceItem._meta.get_field("title").max_length

# The questions an item started from another record (a casework session, an
# assessment, a programme's group session) asks the student to answer.
REFLECTION_PROMPT = (
    "What I did and why: …\n"
    "What I learnt about working with children and families: …\n"
    "What I would do differently: …"
)

# Records evidence may be linked to, by model label ("app_label.model_name"):
# each maps to the records of a placement that its student may link. The
# supervision and casework apps register theirs as their records arrive.
LINKABLE_RECORDS: dict[str, Callable[[Placement], QuerySet]] = {}


@dataclass(frozen=True, kw_only=True)
class EvidenceContent:
    """What the student writes in an evidence item: the same fields whether the
    item is new (`evidence_create`) or changed (`evidence_update`)."""

    date: date_type | None
    kind: str
    title: str
    reflection: str
    capabilities: Iterable[Capability]
    related_record: Model | None = None


def evidence_start_url(placement: Placement, prefill: dict) -> str:
    """The student's new-evidence form, started with `prefill` (a title, reflection,
    kind and date describing another record; the form and service check them)."""
    return f"{reverse('placements:evidence_create', args=[placement.pk])}?{urlencode(prefill)}"


def _evidence_url(item: EvidenceItem) -> str:
    return reverse("placements:evidence_detail", args=[item.placement_id, item.pk])


# --- checks shared by creating and changing -----------------------------------------


def refuse_unless_open(
    placement: Placement, refused: str = "Evidence for this placement cannot be written now"
) -> None:
    if placement.status not in EVIDENCE_STATUSES:
        if placement.status in (Placement.Status.PROPOSED, Placement.Status.CONFIRMED):
            why = "it has not started yet"
        elif placement.status == Placement.Status.FINAL_REPORT_SUBMITTED:
            why = "the final report has been submitted, so the evidence is what was assessed"
        else:
            why = f"it is {placement.get_status_display().lower()}"
        raise ValidationError(f"{refused}: {why}.")


def _require_student(placement: Placement, by: User) -> None:
    if not by.has_perm("placements.write_evidence", placement):
        raise PermissionDenied("Only the student on the placement writes capability evidence.")


def _capability_label(capability: Capability) -> str:
    return f"{capability.version.framework} {capability.number}. {capability.title}"


def _check_related(placement: Placement, related_record: Model | None) -> str | None:
    if related_record is None:
        return None
    candidates = LINKABLE_RECORDS.get(related_record._meta.label_lower)
    if candidates is None:
        return "Evidence cannot be linked to this kind of record."
    if not candidates(placement).filter(pk=related_record.pk).exists():
        return "The linked record must belong to this placement."
    return None


def _check(
    *,
    placement: Placement,
    date: date_type | None,
    kind: str,
    title: str,
    reflection: str,
    capabilities: list[Capability],
    kept_capability_ids: frozenset[int] = frozenset(),
    related_record: Model | None = None,
) -> None:
    """Every refusal for an item's content, collected per field; raises if any."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if date is None:
        refuse("date", "Enter the date of the work.")
    elif date > timezone.localdate():
        refuse("date", "The date must be today or in the past.")
    elif date < placement.starts_on:
        refuse(
            "date",
            f"{long_date(date)} is before the placement started on "
            f"{long_date(placement.starts_on)}.",
        )
    elif date > placement.ends_on:
        refuse(
            "date",
            f"{long_date(date)} is after the placement ends on {long_date(placement.ends_on)}.",
        )
    if kind not in EvidenceItem.Kind.values:
        refuse("kind", "Choose the type of evidence.")
    if not title:
        refuse("title", "Enter a title.")
    elif len(title) > TITLE_MAX_LENGTH:
        refuse("title", f"The title must be {TITLE_MAX_LENGTH} characters or fewer.")
    if not reflection:
        refuse("reflection", "Enter your reflection.")
    if not capabilities:
        refuse(
            "capabilities",
            "Tag at least one PCF domain or KSS statement that this evidence shows.",
        )
    for capability in capabilities:
        if capability.pk in kept_capability_ids or capability.version.is_current:
            continue
        refuse(
            "capabilities",
            f"“{_capability_label(capability)}” is from the {capability.version.label} version, "
            "which is no longer current: tag the current version's domains and statements.",
        )
    related_error = _check_related(placement, related_record)
    if related_error:
        refuse("related_record", related_error)
    for field, message in anonymisation_errors(
        placement=placement, texts={"title": title, "reflection": reflection}
    ).items():
        refuse(field, message)
    if errors:
        raise ValidationError(errors)


def _checked_content(
    placement: Placement,
    content: EvidenceContent,
    kept_capability_ids: frozenset[int] = frozenset(),
) -> EvidenceContent:
    """The item's content with its title and reflection trimmed and its tags
    fetched, once `_check` has passed it."""
    checked = replace(
        content,
        title=(content.title or "").strip(),
        reflection=(content.reflection or "").strip(),
        capabilities=_capabilities(content.capabilities),
    )
    _check(
        placement=placement,
        date=checked.date,
        kind=checked.kind,
        title=checked.title,
        reflection=checked.reflection,
        capabilities=checked.capabilities,
        kept_capability_ids=kept_capability_ids,
        related_record=checked.related_record,
    )
    return checked


def _save(item: EvidenceItem, content: EvidenceContent, by: User) -> EvidenceItem:
    """Write checked content (`_checked_content`) to `item`, new or existing."""
    item.date = content.date
    item.kind = content.kind
    item.title = content.title
    item.reflection = content.reflection
    item.related_record = content.related_record
    with acting_as(by):
        item.save()
        item.capabilities.set(content.capabilities)
    return item


def _capabilities(capabilities: Iterable[Capability]) -> list[Capability]:
    """The tagged capabilities, fresh from the database with their version."""
    wanted = {c.pk for c in capabilities}
    return list(
        Capability.objects.select_related("version__framework")
        .filter(pk__in=wanted)
        .order_by("version__framework_id", "number")
    )


# --- the student's writes ---------------------------------------------------------


@transaction.atomic
def evidence_create(*, placement: Placement, by: User, **content: Any) -> EvidenceItem:
    """Add an evidence item to `placement` and tell the practice educator.

    `content` is given as the keyword arguments of `EvidenceContent`."""
    written = EvidenceContent(**content)
    placement = Placement.objects.with_people().get(pk=placement.pk)
    _require_student(placement, by)
    refuse_unless_open(placement)
    checked = _checked_content(placement, written)
    item = _save(EvidenceItem(placement=placement), checked, by)
    if placement.practice_educator is not None:
        date = checked.date
        shown = ", ".join(_capability_label(c) for c in checked.capabilities)
        notify(
            user=placement.practice_educator,
            # The item's title is free text: it stays in the body (never emailed).
            title=f"{placement.student} added capability evidence of {long_date(date)}"[:200],
            body=f"“{checked.title}”: {item.get_kind_display().lower()} on {long_date(date)}, "
            f"showing {shown}. Read it and add your comment.",
            url=_evidence_url(item),
            kind="evidence",
        )
    return item


def _locked_item(item: EvidenceItem) -> EvidenceItem:
    current = EvidenceItem.objects.select_for_update().get(pk=item.pk)
    current.placement = Placement.objects.with_people().get(pk=current.placement_id)
    return current


def _refuse_if_commented(item: EvidenceItem, doing: str) -> None:
    if item.commented_at is not None:
        raise ValidationError(
            f"Your practice educator has commented on this evidence, so it cannot be {doing}: "
            "the comment must stay with the text it answers. Ask your practice educator to "
            "reopen it, or add a new piece of evidence."
        )


@transaction.atomic
def evidence_update(*, item: EvidenceItem, by: User, **content: Any) -> EvidenceItem:
    """Change an item the practice educator has not commented on yet.

    `content` is given as the keyword arguments of `EvidenceContent`. Tags to an
    older framework version that the item already has are kept; any tag added
    now must be from the current version.
    """
    written = EvidenceContent(**content)
    current = _locked_item(item)
    placement = current.placement
    _require_student(placement, by)
    refuse_unless_open(placement)
    _refuse_if_commented(current, "changed")
    kept = frozenset(current.capabilities.values_list("pk", flat=True))
    return _save(current, _checked_content(placement, written, kept), by)


@transaction.atomic
def evidence_delete(*, item: EvidenceItem, by: User) -> None:
    """Delete an item the practice educator has not commented on (history keeps it)."""
    current = _locked_item(item)
    _require_student(current.placement, by)
    refuse_unless_open(current.placement)
    _refuse_if_commented(current, "deleted")
    with acting_as(by):
        current.delete()


# --- the practice educator's writes -------------------------------------------------


def require_educator(placement: Placement, by: User, doing: str) -> None:
    if not by.has_perm("placements.assess_evidence", placement):
        raise PermissionDenied(f"Only the placement's practice educator {doing}.")


@transaction.atomic
def evidence_comment(*, item: EvidenceItem, by: User, comment: str) -> EvidenceItem:
    """Add or replace the practice educator's comment and tell the student."""
    current = _locked_item(item)
    placement = current.placement
    require_educator(placement, by, "comments on evidence")
    refuse_unless_open(placement, "Evidence for this placement cannot be commented on now")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Enter your comment."})
    refuse_child_names(placement=placement, texts={"comment": comment})
    if comment == current.educator_comment:
        return current  # saved unchanged: nothing new to record or tell the student
    current.educator_comment = comment
    current.commented_by = by
    current.commented_at = timezone.now()
    with acting_as(by):
        current.save()
    notifications_done_for(user=by, url=_evidence_url(current))  # "read it and comment"
    notify(
        user=placement.student,
        title=f"{by} commented on your evidence of {long_date(current.date)}"[:200],
        body=comment,
        url=_evidence_url(current),
        kind="evidence",
    )
    return current


@transaction.atomic
def evidence_reopen(*, item: EvidenceItem, by: User) -> EvidenceItem:
    """Withdraw the comment so the student may change or delete the item again."""
    current = _locked_item(item)
    placement = current.placement
    require_educator(placement, by, "reopens evidence")
    refuse_unless_open(placement, "Evidence for this placement cannot be reopened now")
    if current.commented_at is None:
        raise ValidationError(
            "This evidence has no comment yet: the student can already change it."
        )
    current.educator_comment = ""
    current.commented_by = None
    current.commented_at = None
    current._change_reason = "reopened"
    with acting_as(by):
        current.save()
    notify(
        user=placement.student,
        title=f"{by} reopened your evidence of {long_date(current.date)} for changes"[:200],
        body=f"You can change or delete “{current.title}” now. Your practice educator will "
        "comment again.",
        url=_evidence_url(current),
        kind="evidence",
    )
    return current
