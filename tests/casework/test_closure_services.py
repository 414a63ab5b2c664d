"""Closing a child's work (issue 6, requirement 7): `closure_record` and what
`closure_problems` still lists before a plan can complete."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, PlanChild, PlanGoal
from placements.casework.services.closure import closure_problems, closure_record
from portal.accounts.roles import Role
from tests.casework.factories import ChildFactory, PlanGoalFactory
from tests.casework.support import allocated_member
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def work():
    member, allocation = allocated_member()
    goals = [
        PlanGoalFactory(member=member, text="I want to make a new friend"),
        PlanGoalFactory(member=member, text="I want to feel calmer at lunch"),
    ]
    return member, allocation, goals


def close(by, member, goals, **overrides):
    fields = dict(
        by=by,
        member=member,
        summary="We met six times and talked about friendships.",
        faces_rating=4,
        child_feedback="I liked the drawing.",
        goal_outcomes={goals[0].pk: "met", goals[1].pk: "partly"},
    )
    fields.update(overrides)
    return closure_record(**fields)


def test_the_student_records_the_end_of_the_work(work):
    member, allocation, goals = work
    assert closure_problems(member.plan)
    closed = close(allocation.student, member, goals)
    assert closed.closure_summary.startswith("We met six times")
    assert closed.faces_rating == PlanChild.Faces.HAPPY
    assert closed.closed_at is not None
    assert [g.outcome for g in PlanGoal.objects.filter(member=member)] == ["met", "partly"]
    assert closed.history.first().history_user == allocation.student
    assert PlanGoal.objects.get(pk=goals[0].pk).history.first().history_user == allocation.student
    assert closure_problems(member.plan) == []


def test_the_practice_educator_may_record_it_again_while_the_plan_is_active(work):
    member, allocation, goals = work
    first = close(allocation.student, member, goals)
    again = close(
        allocation.practice_educator,
        member,
        goals,
        faces_rating=5,
        goal_outcomes={goals[0].pk: "met", goals[1].pk: "met"},
    )
    assert again.faces_rating == 5
    assert again.closed_at == first.closed_at
    assert again.history.count() == 3  # created, first closure, the change


@pytest.mark.parametrize(
    "status",
    [
        DirectWorkPlan.Status.DRAFT,
        DirectWorkPlan.Status.AGREED,
        DirectWorkPlan.Status.COMPLETED,
        DirectWorkPlan.Status.CLOSED_EARLY,
    ],
)
def test_refused_unless_the_plan_is_active(status):
    member, allocation = allocated_member(status=status)
    goal = PlanGoalFactory(member=member)
    with pytest.raises(ValidationError) as error:
        close(allocation.student, member, [goal, goal], goal_outcomes={goal.pk: "met"})
    assert "while the plan is active" in error.value.messages[0]
    member.refresh_from_db()
    assert member.closed_at is None and not member.closure_summary


def test_refused_for_the_wrong_people(work):
    member, allocation, goals = work
    with pytest.raises(Http404):
        close(user_with_role(Role.STUDENT), member, goals)
    with pytest.raises(PermissionDenied):
        close(member.child.created_by, member, goals)  # the co-ordinator
    with pytest.raises(PermissionDenied):
        close(user_with_role(Role.SCHOOL_CONTACT, member.child.school), member, goals)
    allocation.starts_on = timezone.localdate() - timedelta(days=40)
    allocation.ends_on = timezone.localdate() - timedelta(days=1)
    allocation.save()
    with pytest.raises(PermissionDenied):
        close(allocation.student, member, goals)
    member.refresh_from_db()
    assert member.closed_at is None


def test_every_goal_needs_an_outcome_and_nothing_is_saved(work):
    member, allocation, goals = work
    with pytest.raises(ValidationError) as error:
        close(allocation.student, member, goals, goal_outcomes={goals[0].pk: "met"})
    assert list(error.value.message_dict) == [f"goal_{goals[1].pk}"]
    with pytest.raises(ValidationError) as error:
        close(
            allocation.student,
            member,
            goals,
            goal_outcomes={goals[0].pk: "met", goals[1].pk: "brilliant"},
        )
    assert f"goal_{goals[1].pk}" in error.value.message_dict
    assert not PlanGoal.objects.exclude(outcome="").exists()
    member.refresh_from_db()
    assert member.closed_at is None and not member.closure_summary


def test_summary_and_faces_are_required_and_faces_must_be_one_to_five(work):
    member, allocation, goals = work
    with pytest.raises(ValidationError) as error:
        close(allocation.student, member, goals, summary="  ", faces_rating=None)
    assert set(error.value.message_dict) == {"summary", "faces_rating"}
    with pytest.raises(ValidationError) as error:
        close(allocation.student, member, goals, faces_rating=6)
    assert "faces_rating" in error.value.message_dict
    assert not PlanGoal.objects.exclude(outcome="").exists()


def test_an_outcome_for_another_childs_goal_is_refused(work):
    member, allocation, goals = work
    other, _ = allocated_member(plan=member.plan, child=ChildFactory(school=member.child.school))
    their_goal = PlanGoalFactory(member=other)
    outcomes = {goals[0].pk: "met", goals[1].pk: "met", their_goal.pk: "met"}
    with pytest.raises(ValidationError):
        close(allocation.student, member, goals, goal_outcomes=outcomes)
    their_goal.refresh_from_db()
    assert their_goal.outcome == ""


def test_a_child_without_goals_cannot_be_closed():
    member, allocation = allocated_member()
    with pytest.raises(ValidationError) as error:
        closure_record(
            by=allocation.student,
            member=member,
            summary="Done.",
            faces_rating=3,
            goal_outcomes={},
        )
    assert "no goals" in " ".join(error.value.messages)


def test_closure_problems_lists_each_childs_missing_parts(work):
    member, allocation, goals = work
    second, second_allocation = allocated_member(
        plan=member.plan, child=ChildFactory(school=member.child.school, first_name="Zara")
    )
    problems = closure_problems(member.plan)
    who, other = member.child.initials, second.child.initials
    assert f"Write the end-of-work summary for {who}." in problems
    assert f"{other} has no goals on the plan." in problems
    assert any("2 still to record" in p and who in p for p in problems)
    close(allocation.student, member, goals)
    problems = closure_problems(member.plan)
    assert not any(who in p for p in problems)
    assert any(other in p for p in problems)
