"""Child protection enquiries (issue 16, requirement 3): what sets a section 47
enquiry apart from a child and family assessment, for services.assessments.

Working Together to Safeguard Children 2023: a section 47 enquiry starts from a
strategy discussion and the initial child protection conference is held within
15 working days of it; a student never holds case responsibility for one.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.workingdays import WorkingDays

from ..models import Assessment
from ..models.assessments import CONFERENCE_WORKING_DAYS

KIND = Assessment.Kind

# The rule's source, named in every refusal of it.
STUDENT_NEVER_ACCOUNTABLE = (
    "Working Together to Safeguard Children 2023 (section 47 enquiries): a student never "
    "holds case responsibility for a child protection enquiry; a qualified social worker "
    "is accountable."
)


def conference_due_for(strategy_discussion_on: date, calendar: WorkingDays | None = None) -> date:
    """The last day for the initial child protection conference: 15 working days
    after the strategy discussion (Working Together to Safeguard Children 2023)."""
    return (calendar or WorkingDays()).add(strategy_discussion_on, CONFERENCE_WORKING_DAYS)


def kind_errors(
    kind: str,
    referral_date: date | None,
    strategy_discussion_on: date | None,
    conference_held_on: date | None,
) -> dict[str, list[str]]:
    """The kind and a child protection enquiry's dates."""
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if kind not in KIND.values:
        return {
            "kind": [
                "Choose the kind of assessment: a child and family assessment or a child "
                "protection enquiry (section 47)."
            ]
        }
    if kind == KIND.CHILD_AND_FAMILY:
        if strategy_discussion_on is not None:
            errors["strategy_discussion_on"] = [
                "Only a child protection enquiry (section 47) has a strategy discussion: "
                "choose that kind, or leave the date empty."
            ]
        if conference_held_on is not None:
            errors["conference_held_on"] = [
                "Only a child protection enquiry (section 47) has an initial child protection "
                "conference: choose that kind, or leave the date empty."
            ]
        return errors
    if strategy_discussion_on is None:
        errors["strategy_discussion_on"] = ["Enter the date of the strategy discussion."]
    elif strategy_discussion_on > today:
        errors["strategy_discussion_on"] = [
            "The date of the strategy discussion must be today or in the past."
        ]
    elif referral_date is not None and strategy_discussion_on < referral_date:
        errors["strategy_discussion_on"] = [
            "The strategy discussion must be on or after the date of the referral."
        ]
    if conference_held_on is not None:
        if conference_held_on > today:
            errors["conference_held_on"] = [
                "The date the conference was held must be today or in the past."
            ]
        elif strategy_discussion_on is not None and conference_held_on < strategy_discussion_on:
            errors["conference_held_on"] = [
                "The initial child protection conference must be on or after the strategy "
                "discussion."
            ]
    return errors


def student_accountable_refusal(kind: str, social_worker: User) -> str | None:
    """Why `social_worker` may not be accountable for an assessment of `kind`, or None.

    Refused for a child protection enquiry when they hold a current student
    membership, whatever other roles they hold. A child and family assessment
    keeps the rule it had: its accountable worker is a qualified social worker of
    the service (someone who is only a student never is one).
    """
    if kind == KIND.SECTION_47 and Role.STUDENT in social_worker.active_roles:
        return f"{social_worker} is a student social worker. {STUDENT_NEVER_ACCOUNTABLE}"
    return None
