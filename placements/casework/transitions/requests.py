"""The transition table of requests for support (shape: portal.transitions).

    submitted → accepted (students allocated, a PE overseeing each)
    submitted → declined (with a reason)
    submitted → redirected (to a social care referral, with a note)

The one function that applies a move is services.requests.support_request_decide.
"""

from __future__ import annotations

from portal.transitions import Transition, available

from ..models import SupportRequest
from ..rules.requests import may_accept_request, may_triage_request

S = SupportRequest.Status

REQUEST_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="accept",
            done_message="You accepted the request and allocated students. The school is told.",
            label="Accept and allocate students",
            sources=frozenset({S.SUBMITTED}),
            target=S.ACCEPTED,
            who=may_accept_request,
            who_text="a co-ordinator or practice educator of the service, or an administrator,",
            explanation="Choose the students who will do the direct work (a practice "
            "educator allocates the students they educate), the practice "
            "educator overseeing it and the date it starts. The school is told.",
        ),
        Transition(
            name="decline",
            done_message="You declined the request. The school is told.",
            label="Decline",
            sources=frozenset({S.SUBMITTED}),
            target=S.DECLINED,
            who=may_triage_request,
            who_text="a co-ordinator of the service, a practice educator of its students, "
            "or an administrator,",
            explanation="Say why the service cannot offer direct work. The school is told "
            "the reason.",
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="redirect",
            done_message="You redirected the request to a social care referral. "
            "The school is told.",
            label="Redirect to a social care referral",
            sources=frozenset({S.SUBMITTED}),
            target=S.REDIRECTED,
            who=may_triage_request,
            who_text="a co-ordinator of the service, a practice educator of its students, "
            "or an administrator,",
            explanation="Say where the child was referred and when, for example “Referred "
            "to the children's services front door on 3 March”. The school is told.",
            needs_reason=True,
        ),
    )
}

__all__ = ["REQUEST_TRANSITIONS", "available"]
