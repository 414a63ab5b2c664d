"""The transition tables of supervision records and direct observations.

Supervision record:
    scheduled → draft (the practice educator starts writing it)
    scheduled → scheduled (moved, with a reason) · scheduled / draft → cancelled (reason)
    draft → awaiting student (sent for the student's reflection)
    awaiting student → awaiting educator (the student signs)
    awaiting student / awaiting educator → draft (taken back or sent back, with a reason)
    awaiting educator → locked (the practice educator signs)

Direct observation:
    planned → draft (the observer writes feedback) · planned → cancelled (reason)
    draft → awaiting student → awaiting observer → locked (signatures)
    awaiting student / awaiting observer → draft (taken back or sent back)

Each move names who may take it (a `rules` predicate on the record) and the
checks that must pass. The one function that applies a move is
supervision.services.workflow.apply_transition; pages and the API read these
tables to know which buttons to offer. Moves marked `signs` are taken only
by signing (supervision.services.workflow.sign_record), so a status never
says "signed" without the signature.
"""

from __future__ import annotations

from django.utils import timezone

from portal.dates import long_date
from portal.transitions import Transition

from . import rules as policy
from .models import Observation, SupervisionSession

# --- checks -----------------------------------------------------------------------


def _not_in_future(record) -> list[str]:
    if record.date > timezone.localdate():
        return [
            f"This is dated {long_date(record.date)}, which has not come yet: "
            "a record is written once the meeting has happened."
        ]
    return []


def _session_written(session: SupervisionSession) -> list[str]:
    problems = []
    if not any(getattr(session, name).strip() for name in SupervisionSession.AGENDA) and not (
        session.notes.strip()
    ):
        problems.append("Write at least one agenda item or the notes before sending the record.")
    return problems


def _student_reflected(record) -> list[str]:
    if not record.student_reflection.strip():
        return ["Add your reflection before you sign."]
    return []


def _observation_written(observation: Observation) -> list[str]:
    problems = []
    if not observation.domain_feedback.exists():
        problems.append("Give feedback on at least one PCF domain.")
    if not observation.overall_feedback.strip():
        problems.append("Write the overall feedback.")
    if not hasattr(observation, "service_user_feedback"):
        problems.append(
            "Record the service user's feedback (the faces form or what they said to you)."
        )
    return problems


S = SupervisionSession.Status
O = Observation.Status  # noqa: E741 - reads as the model's status, like S above

SESSION_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="start",
            done_message="You started the record. It is open for you to write.",
            label="Write the record",
            sources=frozenset({S.SCHEDULED}),
            target=S.DRAFT,
            who=policy.educates_session,
            who_text="the practice educator",
            explanation="The record opens for writing. Open actions from the last record "
            "are carried into it.",
            checks=(_not_in_future,),
        ),
        Transition(
            name="move",
            done_message="You moved the session.",
            label="Move session",
            sources=frozenset({S.SCHEDULED}),
            target=S.SCHEDULED,
            who=policy.educates_session | policy.is_session_student,
            who_text="the practice educator or the student",
            explanation="The session moves to the new date and time; the other person is told.",
            needs_reason=True,
        ),
        Transition(
            name="cancel",
            done_message="You cancelled the session. It stays in the log with your reason.",
            label="Cancel session",
            sources=frozenset({S.SCHEDULED, S.DRAFT}),
            target=S.CANCELLED,
            who=policy.educates_session,
            who_text="the practice educator",
            explanation="The session is cancelled and stays in the log with the reason. "
            "The week may then fall short of the course's supervision minimum.",
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="send_to_student",
            done_message="You sent the record to the student for their reflection and signature.",
            label="Send to the student",
            sources=frozenset({S.DRAFT}),
            target=S.AWAITING_STUDENT,
            who=policy.educates_session,
            who_text="the practice educator",
            explanation="The student is asked to add their reflection and sign. You sign "
            "after them, and then the record is locked.",
            checks=(_not_in_future, _session_written),
        ),
        Transition(
            name="student_sign",
            done_message="You signed the record. The practice educator is asked to sign it.",
            label="Sign the record",
            sources=frozenset({S.AWAITING_STUDENT}),
            target=S.AWAITING_EDUCATOR,
            who=policy.is_session_student,
            who_text="the student",
            explanation="You confirm the record is a fair account of the session. The "
            "practice educator signs next, and the record is then locked.",
            checks=(_student_reflected,),
            signs=SupervisionSession.Capacity.STUDENT,
        ),
        Transition(
            name="educator_sign",
            done_message="You signed the record. It is signed by you both and locked.",
            label="Sign and lock",
            sources=frozenset({S.AWAITING_EDUCATOR}),
            target=S.LOCKED,
            who=policy.educates_session,
            who_text="the practice educator",
            explanation="Once you sign, the record is locked: nobody can change it. A "
            "correction later is an amendment, signed again by you both.",
            signs=SupervisionSession.Capacity.PRACTICE_EDUCATOR,
        ),
        Transition(
            name="send_back",
            done_message="You sent the record back to the practice educator with your reason.",
            label="Ask for changes",
            sources=frozenset({S.AWAITING_STUDENT}),
            target=S.DRAFT,
            who=policy.is_session_student,
            who_text="the student",
            explanation="The record goes back to the practice educator with your reason.",
            needs_reason=True,
        ),
        Transition(
            name="take_back",
            done_message="You took the record back. It is open for editing again.",
            label="Take back to edit",
            sources=frozenset({S.AWAITING_STUDENT, S.AWAITING_EDUCATOR}),
            target=S.DRAFT,
            who=policy.educates_session,
            who_text="the practice educator",
            explanation="The record opens for editing again. Any signature is cleared, and "
            "the student is asked to sign again when you send it back.",
            needs_reason=True,
        ),
    )
}

OBSERVATION_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            name="start",
            done_message="You marked the observation as done. Write your feedback here.",
            label="Write feedback",
            sources=frozenset({O.PLANNED}),
            target=O.DRAFT,
            who=policy.is_observer,
            who_text="the observer",
            explanation="The observation is recorded as done, and its feedback opens for writing.",
            checks=(_not_in_future,),
        ),
        Transition(
            name="cancel",
            done_message="You cancelled the observation. It stays in the list with your reason.",
            label="Cancel observation",
            sources=frozenset({O.PLANNED}),
            target=O.CANCELLED,
            who=policy.is_observer | policy.educates_observation,
            who_text="the observer or the practice educator",
            explanation="The observation is cancelled and stays in the list with the reason; "
            "book another so the course's rule is still met.",
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="send_to_student",
            done_message="You sent the observation to the student for their reflection "
            "and signature.",
            label="Send to the student",
            sources=frozenset({O.DRAFT}),
            target=O.AWAITING_STUDENT,
            who=policy.is_observer,
            who_text="the observer",
            explanation="The student is asked to add their reflection and sign; you sign "
            "after them, and the observation is then locked.",
            checks=(_not_in_future, _observation_written),
        ),
        Transition(
            name="student_sign",
            done_message="You signed the observation. The observer is asked to sign it.",
            label="Sign the observation",
            sources=frozenset({O.AWAITING_STUDENT}),
            target=O.AWAITING_OBSERVER,
            who=policy.is_observation_student,
            who_text="the student",
            explanation="You confirm the feedback has been shared with you. The observer "
            "signs next, and the observation is then locked.",
            checks=(_student_reflected,),
            signs=Observation.Capacity.STUDENT,
        ),
        Transition(
            name="observer_sign",
            done_message="You signed the observation. It is signed by you both and locked.",
            label="Sign and lock",
            sources=frozenset({O.AWAITING_OBSERVER}),
            target=O.LOCKED,
            who=policy.is_observer,
            who_text="the observer",
            explanation="Once you sign, the observation is locked: nobody can change it.",
            signs=Observation.Capacity.OBSERVER,
        ),
        Transition(
            name="send_back",
            done_message="You sent the observation back to the observer with your reason.",
            label="Ask for changes",
            sources=frozenset({O.AWAITING_STUDENT}),
            target=O.DRAFT,
            who=policy.is_observation_student,
            who_text="the student",
            explanation="The observation goes back to the observer with your reason.",
            needs_reason=True,
        ),
        Transition(
            name="take_back",
            done_message="You took the observation back. Its feedback is open for editing again.",
            label="Take back to edit",
            sources=frozenset({O.AWAITING_STUDENT, O.AWAITING_OBSERVER}),
            target=O.DRAFT,
            who=policy.is_observer,
            who_text="the observer",
            explanation="The feedback opens for editing again and any signature is cleared.",
            needs_reason=True,
        ),
    )
}


def table_for(record) -> dict[str, Transition]:
    if isinstance(record, SupervisionSession):
        return SESSION_TRANSITIONS
    if isinstance(record, Observation):
        return OBSERVATION_TRANSITIONS
    raise TypeError(f"No transition table for {type(record).__name__}")


def available(record, user) -> list[Transition]:
    """The moves `user` may take on `record` now (for buttons)."""
    if record.is_locked:
        return []
    return [
        t
        for t in table_for(record).values()
        if t.allowed_from(record.status) and t.who(user, record)
    ]
