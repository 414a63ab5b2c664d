"""The one transition engine (portal/transitions.py), on a table made for the test,
and the one TransitionNotAllowed that every app's services raise."""

from __future__ import annotations

import inspect

import pytest
import rules
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from placements.models import Concern, Placement
from portal.accounts.roles import Role
from portal.models import Notification
from portal.services import notify
from portal.transitions import Transition, TransitionNotAllowed, apply_transition
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory

S = Placement.Status

is_the_student = rules.predicate(lambda user, placement: placement.student_id == user.pk)


def _first_problems(placement) -> list[str]:
    return ["The student has no DBS check recorded.", "No practice educator is assigned."]


def _no_problem(placement) -> list[str]:
    return []


def _another_problem(placement) -> list[str]:
    return ["The dates overlap another placement."]


TABLE = {
    t.name: t
    for t in (
        Transition(
            name="propose",
            label="Propose",
            sources=frozenset({S.DRAFT}),
            target=S.PROPOSED,
            who=is_the_student,
            who_text="the student",
            explanation="Test move.",
        ),
        Transition(
            name="confirm",
            label="Confirm",
            sources=frozenset({S.DRAFT}),
            target=S.CONFIRMED,
            who=is_the_student,
            who_text="the student",
            explanation="Test move with checks.",
            checks=(_first_problems, _no_problem, _another_problem),
        ),
        Transition(
            name="end_early",
            label="End early",
            sources=frozenset({S.DRAFT, S.PROPOSED}),
            target=S.ENDED_EARLY,
            who=is_the_student,
            who_text="the student",
            explanation="Test move with a reason.",
            needs_reason=True,
        ),
    )
}


def _record_reason(placement, transition, reason):
    if transition.needs_reason:
        placement.ended_reason = reason
        return ["ended_reason"]
    return []


def apply(placement, name, by, **options):
    return apply_transition(table=TABLE, record=placement, name=name, by=by, **options)


def unchanged(placement, status, history_rows):
    fresh = Placement.objects.get(pk=placement.pk)
    return fresh.status == status and placement.history.count() == history_rows


@pytest.fixture
def draft(db):
    return PlacementFactory(status=S.DRAFT)


def test_a_move_from_another_status_is_refused_clearly_and_changes_nothing(db):
    placement = PlacementFactory(status=S.ACTIVE)
    rows = placement.history.count()
    with pytest.raises(TransitionNotAllowed) as refused:
        apply(placement, "propose", placement.student)
    assert refused.value.messages == ["“Propose” is not possible while this is active."]
    assert isinstance(refused.value, ValidationError)
    assert unchanged(placement, S.ACTIVE, rows)


def test_the_status_is_read_under_the_row_lock_not_from_a_stale_instance(draft):
    Placement.objects.filter(pk=draft.pk).update(status=S.ACTIVE)
    with pytest.raises(TransitionNotAllowed):
        apply(draft, "propose", draft.student)  # draft.status still says "draft"
    assert Placement.objects.get(pk=draft.pk).status == S.ACTIVE


def test_someone_the_move_is_not_for_is_refused_and_nothing_changes(draft):
    rows = draft.history.count()
    with pytest.raises(PermissionDenied, match="Only the student can do this."):
        apply(draft, "propose", draft.practice_educator)
    assert unchanged(draft, S.DRAFT, rows)


def test_a_move_that_needs_a_reason_is_refused_without_one(draft):
    rows = draft.history.count()
    with pytest.raises(ValidationError) as refused:
        apply(draft, "end_early", draft.student, reason="   ")
    assert refused.value.message_dict == {"reason": ["Enter the reason."]}
    with pytest.raises(ValidationError) as refused:
        apply(
            draft,
            "end_early",
            draft.student,
            reason_field="outcome",
            reason_message="Enter the outcome.",
        )
    assert refused.value.message_dict == {"outcome": ["Enter the outcome."]}
    assert unchanged(draft, S.DRAFT, rows)


def test_every_check_runs_and_one_refusal_lists_all_their_problems(draft):
    rows = draft.history.count()
    with pytest.raises(ValidationError) as refused:
        apply(draft, "confirm", draft.student)
    assert refused.value.messages == [
        "The student has no DBS check recorded.",
        "No practice educator is assigned.",
        "The dates overlap another placement.",
    ]
    assert not isinstance(refused.value, TransitionNotAllowed)
    assert unchanged(draft, S.DRAFT, rows)


def test_an_unknown_move_is_named(draft):
    with pytest.raises(ValidationError) as refused:
        apply(draft, "teleport", draft.student)
    assert refused.value.message_dict == {"transition": ["There is no step called “teleport”."]}


def test_the_status_is_saved_with_a_history_row_naming_who_and_the_move(draft):
    saved = apply(
        draft, "end_early", draft.student, reason="  Moved away  ", record_fields=_record_reason
    )
    fresh = Placement.objects.get(pk=draft.pk)
    assert saved.status == fresh.status == S.ENDED_EARLY
    assert fresh.ended_reason == "Moved away"
    latest = draft.history.latest()
    assert latest.status == S.ENDED_EARLY
    assert latest.history_user_id == draft.student.pk
    assert latest.history_change_reason == "end_early"


def test_the_change_reason_can_carry_the_reason(draft):
    apply(
        draft,
        "end_early",
        draft.student,
        reason="Moved away",
        change_reason=lambda transition, reason: f"{transition.name}: {reason}",
    )
    assert draft.history.latest().history_change_reason == "end_early: Moved away"


def test_the_guard_and_vet_refuse_before_anything_is_written(draft):
    rows = draft.history.count()

    def out_of_scope(placement):
        raise PermissionDenied("Not yours.")

    with pytest.raises(PermissionDenied, match="Not yours"):
        apply(draft, "propose", draft.student, guard=out_of_scope)

    def names_a_child(placement, transition, reason):
        raise ValidationError({"reason": "Leave out the child's name."})

    with pytest.raises(ValidationError, match="child's name"):
        apply(draft, "end_early", draft.student, reason="Jo", vet=names_a_child)
    assert unchanged(draft, S.DRAFT, rows)


def test_people_are_told_once_the_change_is_saved_and_emails_leave_after_commit(
    draft, django_capture_on_commit_callbacks
):
    told = []

    def tell(placement, transition, previous, reason):
        # The change is saved when people are told.
        told.append((Placement.objects.get(pk=placement.pk).status, previous, transition.name))
        notify(user=placement.practice_educator, title="Proposed")

    with django_capture_on_commit_callbacks() as callbacks:
        apply(draft, "propose", draft.student, tell=tell)
        assert mail.outbox == []
    assert told == [(S.PROPOSED, "Draft", "propose")]
    assert callbacks, "the email waits for the commit"
    assert mail.outbox == []


def test_nobody_is_told_of_a_refused_move(draft):
    told = []

    def tell(*args):
        told.append(args)

    with pytest.raises(ValidationError):
        apply(draft, "confirm", draft.student, tell=tell)  # checks fail
    with pytest.raises(PermissionDenied):
        apply(draft, "propose", draft.practice_educator, tell=tell)
    with pytest.raises(ValidationError):
        apply(draft, "end_early", draft.student, tell=tell)  # no reason
    Placement.objects.filter(pk=draft.pk).update(status=S.ACTIVE)
    with pytest.raises(TransitionNotAllowed):
        apply(draft, "propose", draft.student, tell=tell)
    assert told == []


def test_a_move_refused_after_telling_rolls_back_the_notification_too(draft):
    def tell(placement, transition, previous, reason):
        notify(user=placement.practice_educator, title="Proposed", email=False)
        raise ValidationError("Something later refused the whole step.")

    with pytest.raises(ValidationError):
        apply(draft, "propose", draft.student, tell=tell)
    assert Placement.objects.get(pk=draft.pk).status == S.DRAFT
    assert not Notification.objects.exists()


# --- One TransitionNotAllowed: every app raises the engine's -----------------------


def test_no_app_defines_its_own_transition_not_allowed():
    from placements.casework.services import assessments, plans, requests
    from placements.services import concern, lifecycle
    from supervision.services import workflow

    for module in (lifecycle, concern, plans, assessments, requests, workflow):
        own = [
            name
            for name, value in vars(module).items()
            if inspect.isclass(value)
            and issubclass(value, ValidationError)
            and value.__module__ == module.__name__
        ]
        assert own == [], f"{module.__name__} defines {own}"


def test_a_placement_move_from_the_wrong_status_raises_the_engines_refusal(db):
    from placements.services.lifecycle import placement_transition

    placement = PlacementFactory(status=S.DRAFT)
    admin = user_with_role(Role.ADMIN)
    with pytest.raises(TransitionNotAllowed):
        placement_transition(placement=placement, name="confirm", by=admin)


def test_a_supervision_record_not_waiting_for_a_signature_raises_the_engines_refusal(db):
    from supervision.services.workflow import apply_transition as supervision_move
    from supervision.services.workflow import sign_record
    from tests.supervision.factories import SupervisionSessionFactory

    session = SupervisionSessionFactory()
    with pytest.raises(TransitionNotAllowed):
        sign_record(record=session, by=session.placement.practice_educator)
    with pytest.raises(TransitionNotAllowed):
        supervision_move(record=session, name="educator_sign", by=session.placement.student)


def test_a_plan_move_from_the_wrong_status_raises_the_engines_refusal(db):
    from placements.casework.services.plan_status import plan_transition
    from tests.casework.support import work_with

    work = work_with()
    with pytest.raises(TransitionNotAllowed):
        plan_transition(plan=work.plan, name="complete", by=work.educator)


def test_a_step_on_a_resolved_concern_raises_the_engines_refusal(db):
    from placements.services.concern import concern_step

    placement = PlacementFactory()
    concern = Concern.objects.create(
        placement=placement,
        raised_by=placement.practice_educator,
        summary="Late to visits",
        action_plan="Plan visits with the team",
        status=Concern.Status.RESOLVED,
    )
    with pytest.raises(TransitionNotAllowed, match="resolved"):
        concern_step(concern=concern, name="escalate", by=placement.practice_educator)
