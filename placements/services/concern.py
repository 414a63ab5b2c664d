"""Causes for concern: raising one and moving it through its stages.

    raise → stage 1, open (practice educator and student, with an action plan)
    open, stage 1 → escalate → stage 2 (the university tutor joins)
    open or placement suspended → resolve (with an outcome note)
    open → suspend: the placement is suspended
    open or placement suspended → end: the placement ends early

The steps are a transition table (shape: portal.transitions), applied by the
one engine, portal.transitions.apply_transition. Each step names who may take it
(a `rules` permission in placements/rules.py, checked against the placement).
Suspending and ending go through
placements.services.lifecycle.placement_transition, so the placement's own
rules and checks apply; a refusal there refuses the whole step. Every step
tells the people on the placement, except the person acting.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.audit.context import acting_as
from portal.services import notifications_done_for, notify
from portal.transitions import Transition, apply_transition

from ..access import is_finished, read_only_message
from ..models import Concern, Placement
from .anonymisation import refuse_child_names
from .lifecycle import people_on, placement_transition

Status = Concern.Status
Stage = Concern.Stage


def _at_stage_1(concern: Concern) -> bool:
    return concern.stage == Stage.PRACTICE


# Each step's permission is checked against the concern's placement.
STEPS: dict[str, Transition] = {
    s.name: s
    for s in (
        Transition(
            name="escalate",
            done_message="You escalated the concern to stage 2. The tutor was told.",
            label="Escalate to stage 2",
            permission="placements.escalate_concern",
            who_text="the practice educator or a placement co-ordinator",
            sources=frozenset({Status.OPEN}),
            only_if=_at_stage_1,
            target=Status.OPEN,
            explanation="The action plan has not resolved the concern. The university tutor "
            "joins and is told now.",
        ),
        Transition(
            name="resolve",
            done_message="You resolved the concern.",
            label="Resolve concern",
            permission="placements.resolve_concern",
            who_text="the practice educator, the university tutor or a placement co-ordinator",
            sources=frozenset({Status.OPEN, Status.PLACEMENT_SUSPENDED}),
            target=Status.RESOLVED,
            explanation="The concern is closed. The outcome is kept with it and shown to the "
            "people on the placement. A suspended placement stays suspended until it is "
            "resumed.",
            needs_reason=True,
        ),
        Transition(
            name="suspend",
            done_message="You suspended the placement because of the concern.",
            label="Suspend placement",
            permission="placements.suspend_for_concern",
            who_text="a placement co-ordinator or the student's university tutor",
            sources=frozenset({Status.OPEN}),
            target=Status.PLACEMENT_SUSPENDED,
            explanation="The placement is paused while the concern is looked into. It can be "
            "resumed from the placement page, or ended early.",
            needs_reason=True,
            warning=True,
        ),
        Transition(
            name="end",
            done_message="You ended the placement early because of the concern.",
            label="End placement early",
            permission="placements.end_for_concern",
            who_text="a placement co-ordinator of the host organisation or the university, or "
            "an administrator",
            sources=frozenset({Status.OPEN, Status.PLACEMENT_SUSPENDED}),
            target=Status.PLACEMENT_ENDED,
            explanation="The placement stops now and cannot be restarted. The outcome is kept "
            "with the concern and is the reason recorded on the placement.",
            needs_reason=True,
            warning=True,
        ),
    )
}

# The placement transition a step applies (placements/transitions.py); its outcome
# is the placement's reason.
PLACEMENT_MOVES = {"suspend": "suspend", "end": "end_early"}


def steps_for(concern: Concern, user: User) -> list[Transition]:
    """The steps `user` may take on `concern` now, in table order."""
    return [
        s
        for s in STEPS.values()
        if s.allowed_for(concern) and user.has_perm(s.permission, concern.placement)
    ]


def _refusal(step: Transition, concern: Concern) -> str:
    if concern.status == Status.RESOLVED:
        return "This concern is resolved: it cannot be escalated, resolved or closed again."
    if step.name == "escalate" and concern.stage == Stage.TUTOR:
        return "This concern is already at stage 2."
    return (
        f"A concern whose status is “{concern.get_status_display().lower()}” cannot take this step."
    )


def _concerns_url(concern: Concern) -> str:
    return reverse("placements:concern_list", args=[concern.placement_id])


def _done_for(concern: Concern, *, by: User) -> None:
    """`by` moved the concern on: their notices about the placement's concerns are done,
    unless another concern on it is still open (the notices share the one page)."""
    others = Concern.objects.filter(
        placement_id=concern.placement_id, status__in=Concern.UNRESOLVED_STATUSES
    ).exclude(pk=concern.pk)
    if not others.exists():
        notifications_done_for(user=by, url=_concerns_url(concern))


def _tell(concern: Concern, *, by: User, title: str, body: str) -> None:
    url = _concerns_url(concern)
    for person in people_on(concern.placement):
        if person.pk == by.pk:
            continue  # nobody needs telling about their own action
        notify(user=person, title=title[:200], body=body, url=url, kind="concerns")


@transaction.atomic
def concern_raise(*, placement: Placement, by: User, summary: str, action_plan: str) -> Concern:
    """Raise a cause for concern at stage 1 with its action plan."""
    placement = Placement.objects.with_people().get(pk=placement.pk)
    if not by.has_perm("placements.raise_concern", placement):
        raise PermissionDenied(
            "Only the people named on the placement or a placement co-ordinator can raise a "
            "cause for concern."
        )
    if is_finished(placement):
        raise ValidationError(
            read_only_message(placement, "its records are")
            + " Raise any concern about it with the university directly."
        )
    summary, action_plan = (summary or "").strip(), (action_plan or "").strip()
    errors = {}
    if not summary:
        errors["summary"] = "Enter what the concern is."
    if not action_plan:
        errors["action_plan"] = "Enter the action plan agreed with the student."
    if errors:
        raise ValidationError(errors)
    refuse_child_names(
        placement=placement,
        texts={"summary": summary, "action_plan": action_plan},
        labels={"summary": "concern", "action_plan": "action plan"},
    )
    concern = Concern(placement=placement, raised_by=by, summary=summary, action_plan=action_plan)
    with acting_as(by):
        concern.save()
    _tell(
        concern,
        by=by,
        title=f"Cause for concern raised about {placement.student}'s placement at {placement.host}",
        body=f"{by} raised a cause for concern (stage 1): {summary}",
    )
    return concern


def concern_step(*, concern: Concern, name: str, by: User, outcome: str = "") -> Concern:
    """Take the step `name` on `concern` on behalf of `by`.

    Raises TransitionNotAllowed (a ValidationError) when the step is not allowed
    now, ValidationError when the outcome is missing, PermissionDenied when `by`
    may not take it; a refusal of the placement move (suspend, end early)
    refuses the whole step. Nothing is written on a refusal. Returns the concern
    as saved (a fresh instance).
    """

    def lock_row(concern: Concern) -> Concern:
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        concern.placement = Placement.objects.with_people().get(pk=concern.placement_id)
        return concern

    def vet(concern: Concern, step: Transition, outcome: str) -> None:
        refuse_child_names(placement=concern.placement, texts={"outcome": outcome})

    def record_step(concern: Concern, step: Transition, outcome: str) -> list[str]:
        if step.name in PLACEMENT_MOVES:
            # The placement's own rules and checks; a refusal rolls back everything.
            concern.placement = placement_transition(
                placement=concern.placement, name=PLACEMENT_MOVES[step.name], by=by, reason=outcome
            )
        if step.name == "escalate":
            concern.stage = Stage.TUTOR
        if outcome:
            concern.outcome = outcome
        if step.target != Status.OPEN and step.name != "suspend":
            concern.resolved_at = timezone.now()
        return ["stage", "outcome", "resolved_at"]

    def tell(concern: Concern, step: Transition, previous: str, outcome: str) -> None:
        placement = concern.placement
        about = f"{placement.student}'s placement at {placement.host}"
        if step.name == "escalate":
            title = f"Cause for concern about {about} is now at stage 2"
            body = f"{by} escalated the concern to stage 2: the university tutor joins."
        else:
            title = f"Cause for concern about {about}: {concern.get_status_display().lower()}"
            body = f"{by}: {outcome}"
        _done_for(concern, by=by)
        _tell(concern, by=by, title=title, body=body)

    return apply_transition(
        table=STEPS,
        record=concern,
        name=name,
        by=by,
        reason=outcome,
        lock=lock_row,
        refusal=_refusal,
        permission_of=lambda concern: concern.placement,
        denial=lambda step, concern: f"Only {step.who_text} can {step.label.lower()}.",
        reason_field="outcome",
        reason_message="Enter the outcome.",
        vet=vet,
        record_fields=record_step,
        tell=tell,
        unknown_field="step",
    )
