"""The transition tables of referrals and enrolments (shape: portal.transitions).

Referral:
    received → allocated            (a co-ordinator of the provider allocates a care co-ordinator)
    allocated → allocated           (re-allocation to another care co-ordinator)
    allocated → accepted            (after the parent was reached and assessed)
    received, allocated → not_suitable     (with the reason)
    allocated → parent_declined            (with what the parent said)
    received, allocated → withdrawn        (the referrer withdrew it, with the reason)
Each move but allocation tells the referrer by reference (services.intake).

Enrolment:
    active → completed       (at the end, attendance at or above the completion rule)
    active → not_completed   (at the end, attendance below it)
    active → left            (the parent left early, with the reason)
The completion rule is applied by services.delivery.enrolment_end, which
chooses between `complete` and `not_complete` from the figures; the checks here
refuse the wrong one.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.dates import long_date
from portal.transitions import Transition, available

from .models import Enrolment, Referral
from .rules import coordinates_programme, may_work_with_family

R = Referral.Status
E = Enrolment.Status

# The referral's words are shown on the intake pages, which the Children's Program's
# workers read in Swedish (issue 19, requirement 8): lazy, so each page has its own language.
FAMILY = gettext_lazy(
    "the family's care co-ordinator, a co-ordinator of the provider or an administrator,"
)


def _parent_reached(referral: Referral) -> list[str]:
    if referral.contacted_on is None:
        return [_("Record a contact that reached the parent before accepting the referral.")]
    if referral.assessment_on is None:
        return [_("Record the assessment date given to the parent before accepting the referral.")]
    if referral.assessment_on > timezone.localdate():
        return [_("The referral can be accepted once the assessment has taken place.")]
    return []


REFERRAL_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="allocate",
            label=gettext_lazy("Allocate a care co-ordinator"),
            sources=frozenset({R.RECEIVED, R.ALLOCATED}),
            target=R.ALLOCATED,
            who=coordinates_programme,
            who_text=gettext_lazy("a co-ordinator of the provider or an administrator"),
            explanation=gettext_lazy(
                "The care co-ordinator contacts the parent and arranges the "
                "assessment. They are told by a notification."
            ),
        ),
        Transition(
            name="accept",
            label=gettext_lazy("Accept onto the programme"),
            sources=frozenset({R.ALLOCATED}),
            target=R.ACCEPTED,
            who=may_work_with_family,
            who_text=FAMILY,
            explanation=gettext_lazy(
                "The parent was assessed and will join the programme. The "
                "referrer is emailed that the referral was accepted (by its reference)."
            ),
            checks=(_parent_reached,),
        ),
        Transition(
            name="not_suitable",
            label=gettext_lazy("Not suitable"),
            sources=frozenset({R.RECEIVED, R.ALLOCATED}),
            target=R.NOT_SUITABLE,
            who=may_work_with_family,
            who_text=FAMILY,
            explanation=gettext_lazy(
                "Say why the programme is not suitable. The referrer is emailed "
                "the outcome by reference and asked to contact the service for the reason."
            ),
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="parent_declined",
            label=gettext_lazy("Parent declined"),
            sources=frozenset({R.ALLOCATED}),
            target=R.PARENT_DECLINED,
            who=may_work_with_family,
            who_text=FAMILY,
            explanation=gettext_lazy(
                "Record what the parent said. The referrer is emailed the outcome by reference."
            ),
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="withdraw",
            label=gettext_lazy("Withdrawn by the referrer"),
            sources=frozenset({R.RECEIVED, R.ALLOCATED}),
            target=R.WITHDRAWN,
            who=may_work_with_family,
            who_text=FAMILY,
            explanation=gettext_lazy(
                "Record who withdrew the referral and why. The referrer is emailed "
                "to confirm, by reference."
            ),
            needs_reason=True,
            warning=True,
        ),
    )
}


def _at_end(enrolment: Enrolment) -> list[str]:
    if enrolment.ends_on > timezone.localdate():
        return [
            f"The programme ends on {long_date(enrolment.ends_on)}: the completion rule "
            "is applied then. If the parent has left, record that instead."
        ]
    return []


ENROLMENT_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="complete",
            label="Completed",
            sources=frozenset({E.ACTIVE}),
            target=E.COMPLETED,
            who=may_work_with_family,
            who_text=FAMILY,
            explanation="The parent attended at least the programme's share of sessions.",
            checks=(_at_end,),
        ),
        Transition(
            name="not_complete",
            label="Did not complete",
            sources=frozenset({E.ACTIVE}),
            target=E.NOT_COMPLETED,
            who=may_work_with_family,
            who_text=FAMILY,
            explanation="The parent attended fewer than the programme's share of sessions.",
            checks=(_at_end,),
        ),
        Transition(
            name="leave",
            label="Left the programme early",
            sources=frozenset({E.ACTIVE}),
            target=E.LEFT,
            who=may_work_with_family,
            who_text=FAMILY,
            explanation="Record why the parent left. Attendance so far is kept with the enrolment.",
            needs_reason=True,
            warning=True,
        ),
    )
}

__all__ = ["ENROLMENT_TRANSITIONS", "REFERRAL_TRANSITIONS", "available"]
