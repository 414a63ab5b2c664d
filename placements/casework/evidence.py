"""Starting a PCF evidence item from casework (issue 6, requirement 10).

The prefilled title and text describe the work generically and are built only
from fields that cannot hold a child's name: the session's number and format,
the child's year group, the theme (reference data), the school's kind, the
assessment's dates and recommendation. Free text (activities, observations,
the child's voice, assessment sections) is never copied: a student may have
written a name there. The student then writes their reflection, and the
placements anonymisation guard still refuses any name they type.
"""

from __future__ import annotations

from collections.abc import Iterable

from placements.models import EvidenceItem
from placements.services.evidence import REFLECTION_PROMPT as PROMPT
from portal.dates import long_date

from .models import Assessment, Child, DirectWorkPlan, DirectWorkSession


def _years(children: Iterable[Child]) -> str:
    labels = sorted(
        {child.get_year_group_display() for child in children},
        key=lambda label: (len(label), label),
    )
    if not labels:
        return ""
    if len(labels) == 1:
        return labels[0]
    # "Years 4 and 5": the year groups without repeating the word.
    numbers = [label.removeprefix("Year ") for label in labels]
    return "Years " + ", ".join(numbers[:-1]) + " and " + numbers[-1]


def _who(children: list[Child]) -> str:
    years = _years(children)
    if len(children) == 1:
        return f"a child in {years}" if years else "a child"
    return f"a group of {len(children)} children in {years}" if years else "a group of children"


def evidence_prefill_for_session(session: DirectWorkSession) -> dict:
    """Initial values for the evidence form: title, reflection, kind and date."""
    plan = session.plan
    children = [member.child for member in plan.members.select_related("child")]
    group = plan.format == DirectWorkPlan.Format.GROUP
    theme = session.theme.name if session.theme_id else ""
    details = ", ".join(
        part for part in ("group" if group else "one-to-one", theme and f"theme: {theme}") if part
    )
    title = f"Direct work session {session.number} of {plan.planned_sessions} ({details})"
    outcome = {
        DirectWorkSession.Status.HELD: "I led",
        DirectWorkSession.Status.DID_NOT_ATTEND: "I prepared",
        DirectWorkSession.Status.CANCELLED: "I prepared",
        DirectWorkSession.Status.PLANNED: "I am preparing",
    }[session.status]
    text = (
        f"{outcome} a {'group' if group else 'one-to-one'} early-help direct-work session "
        f"with {_who(children)} at a partner school"
        + (f", on the theme “{theme}”" if theme else "")
        + f" (session {session.number} of {plan.planned_sessions}, "
        f"{long_date(session.planned_on)}).\n\n{PROMPT}"
    )
    return {
        "title": title[:200],
        "reflection": text,
        "kind": EvidenceItem.Kind.DIRECT_WORK,
        "date": session.planned_on.isoformat(),
    }


def evidence_prefill_for_assessment(assessment: Assessment) -> dict:
    """Initial values for the evidence form from a child and family assessment."""
    who = _who([assessment.child])
    recommendation = assessment.get_recommendation_display() if assessment.recommendation else ""
    text = (
        f"I co-worked a child and family assessment for {who} with the accountable qualified "
        f"social worker (referral {long_date(assessment.referral_date)}, due "
        f"{long_date(assessment.due_date)})"
        + (f"; the recommendation was “{recommendation}”" if recommendation else "")
        + ".\n\n"
        + PROMPT
    )
    return {
        "title": "Co-working a child and family assessment",
        "reflection": text,
        "kind": EvidenceItem.Kind.ASSESSMENT,
        "date": (assessment.start_date or assessment.referral_date).isoformat(),
    }
