"""The transition table of child and family assessments (shape: portal.transitions).

    draft → submitted (only the accountable qualified social worker; all five
            sections written and a recommendation chosen)
    submitted → draft (the team manager returns it with a reason, or the social
            worker takes it back)
    submitted → authorised (a team manager of the holding organisation who is not
            the social worker; the assessment is then locked)

The one function that applies a move is services.assessments.assessment_transition.
"""

from __future__ import annotations

from portal.transitions import Transition, available

from ..models import Assessment
from ..rules.assessments import is_accountable_social_worker, manages_assessment, may_authorise

S = Assessment.Status

SECTION_LABELS = {
    "developmental_needs": "the child's developmental needs",
    "parenting_capacity": "parenting capacity",
    "family_environment": "family and environmental factors",
    "child_voice": "the child's voice",
    "analysis": "the analysis",
}


def sections_written(assessment: Assessment) -> list[str]:
    return [
        f"Write {label}."
        for name, label in SECTION_LABELS.items()
        if not (getattr(assessment, name) or "").strip()
    ]


def recommendation_chosen(assessment: Assessment) -> list[str]:
    return [] if assessment.recommendation else ["Choose a recommendation."]


ASSESSMENT_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="submit",
            done_message="You sent the assessment to the team manager for authorisation.",
            label="Submit for authorisation",
            sources=frozenset({S.DRAFT}),
            target=S.SUBMITTED,
            who=is_accountable_social_worker,
            who_text="the accountable qualified social worker",
            explanation="The team manager is asked to authorise the assessment. You can take "
            "it back to change it until they do.",
            checks=(sections_written, recommendation_chosen),
        ),
        Transition(
            name="return",
            done_message="You returned the assessment to the social worker.",
            label="Return to the social worker",
            sources=frozenset({S.SUBMITTED}),
            target=S.DRAFT,
            who=manages_assessment,
            who_text="a team manager of the service",
            explanation="Say what needs to change. The social worker is told the reason.",
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="take_back",
            done_message="You took the assessment back to change it.",
            label="Take back to change",
            sources=frozenset({S.SUBMITTED}),
            target=S.DRAFT,
            who=is_accountable_social_worker,
            who_text="the accountable qualified social worker",
            explanation="The assessment goes back to draft so you can change it, then submit "
            "it again.",
        ),
        Transition(
            name="authorise",
            done_message="You authorised the assessment.",
            label="Authorise",
            sources=frozenset({S.SUBMITTED}),
            target=S.AUTHORISED,
            who=may_authorise,
            who_text="a team manager of the service who is not the assessment's social worker",
            explanation="Authorising completes the assessment today and locks it: nobody can "
            "change it afterwards.",
            signs="team manager",
        ),
    )
}

__all__ = ["ASSESSMENT_TRANSITIONS", "available"]
