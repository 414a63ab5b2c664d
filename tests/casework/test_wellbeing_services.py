"""Recording and correcting wellbeing measures (issue 6, requirement 5)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from placements.casework.models import DirectWorkPlan, WellbeingMeasure
from placements.casework.services.wellbeing import wellbeing_correct, wellbeing_record
from portal.accounts.roles import Role
from tests.casework.factories import AllocationFactory, SessionFactory
from tests.casework.support import allocated_member
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

SA, SD = "strongly_agree", "strongly_disagree"
TODAY = timezone.localdate


def record(by, member, **overrides):
    fields = dict(
        by=by,
        plan=member.plan,
        child=member.child,
        scale="stirling",
        point="first",
        answers=[4] * 12,
        completed_on=TODAY(),
    )
    fields.update(overrides)
    return wellbeing_record(**fields)


def test_the_student_records_and_the_total_is_computed():
    member, allocation = allocated_member()
    session = SessionFactory(plan=member.plan, number=1)
    measure = record(allocation.student, member, session=session)
    assert measure.total == 48
    assert measure.answers == [4] * 12
    assert measure.session == session
    assert measure.recorded_by == allocation.student
    assert measure.history.first().history_user == allocation.student


def test_the_practice_educator_records_a_rosenberg_measure():
    member, allocation = allocated_member()
    measure = record(
        allocation.practice_educator, member, scale="rosenberg", point="last", answers=[SA] * 10
    )
    assert measure.total == 15


def test_an_invalid_answer_is_refused_naming_the_item_and_nothing_is_saved():
    member, allocation = allocated_member()
    with pytest.raises(ValidationError) as error:
        record(allocation.student, member, answers=[4] * 6 + [9] + [4] * 5)
    assert "item_7" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(allocation.student, member, answers=[4] * 11)
    assert "item_12" in error.value.message_dict
    assert not WellbeingMeasure.objects.exists()


def test_a_second_measure_for_the_same_point_is_refused():
    member, allocation = allocated_member()
    record(allocation.student, member)
    with pytest.raises(ValidationError) as error:
        record(allocation.practice_educator, member, answers=[1] * 12)
    assert "already recorded" in error.value.messages[0]
    assert "Correct it" in error.value.messages[0]
    assert WellbeingMeasure.objects.get().total == 48
    # the other point and the other scale are still open
    record(allocation.student, member, point="last")
    record(allocation.student, member, scale="rosenberg", answers=[SA] * 10)
    assert WellbeingMeasure.objects.count() == 3


def test_refused_for_people_not_on_current_work():
    member, allocation = allocated_member()
    with pytest.raises(Http404):
        record(user_with_role(Role.STUDENT), member)
    # the co-ordinator holding the record sees the child but did not do the work
    with pytest.raises(PermissionDenied):
        record(member.child.created_by, member)
    school_contact = user_with_role(Role.SCHOOL_CONTACT, member.child.school)
    with pytest.raises(PermissionDenied):
        record(school_contact, member)
    # after the allocation ends the student reads but cannot record
    allocation.starts_on = TODAY() - timedelta(days=30)
    allocation.ends_on = TODAY() - timedelta(days=2)
    allocation.save()
    with pytest.raises(PermissionDenied):
        record(allocation.student, member)
    assert not WellbeingMeasure.objects.exists()


def test_refused_for_a_child_not_on_the_plan():
    member, allocation = allocated_member()
    other, _ = allocated_member()
    other_child = other.child
    # the student of `allocation` is not allocated `other_child`: 404 first
    with pytest.raises(Http404):
        record(allocation.student, member, child=other_child)
    # a child the student is allocated but who is not on this plan
    AllocationFactory(child=other_child, student=allocation.student, placement=allocation.placement)
    with pytest.raises(Http404):
        record(allocation.student, member, child=other_child)


@pytest.mark.parametrize(
    "status, message",
    [
        (DirectWorkPlan.Status.DRAFT, "once the plan is agreed"),
        (DirectWorkPlan.Status.COMPLETED, "plan is closed"),
        (DirectWorkPlan.Status.CLOSED_EARLY, "plan is closed"),
    ],
)
def test_refused_outside_agreed_and_active_plans(status, message):
    member, allocation = allocated_member(status=status)
    with pytest.raises(ValidationError) as error:
        record(allocation.student, member)
    assert message in error.value.messages[0]


def test_a_future_date_and_another_plans_session_are_refused():
    member, allocation = allocated_member()
    with pytest.raises(ValidationError) as error:
        record(allocation.student, member, completed_on=TODAY() + timedelta(days=1))
    assert "completed_on" in error.value.message_dict
    other_session = SessionFactory(number=1)
    with pytest.raises(ValidationError) as error:
        record(allocation.student, member, session=other_session)
    assert "session" in error.value.message_dict


def test_a_correction_keeps_the_history_and_is_refused_once_the_plan_closes():
    member, allocation = allocated_member()
    measure = record(allocation.student, member)
    corrected = wellbeing_correct(by=allocation.student, measure=measure, answers=[5] * 12)
    assert corrected.total == 60
    totals = [row.total for row in corrected.history.order_by("history_date")]
    assert totals == [48, 60]
    with pytest.raises(ValidationError):
        wellbeing_correct(by=allocation.student, measure=measure, answers=[5] * 11)
    member.plan.status = DirectWorkPlan.Status.COMPLETED
    member.plan.save()
    with pytest.raises(ValidationError) as error:
        wellbeing_correct(by=allocation.student, measure=measure, answers=[1] * 12)
    assert "closed" in error.value.messages[0]
    assert WellbeingMeasure.objects.get().total == 60


def test_a_correction_by_someone_else_is_refused():
    member, allocation = allocated_member()
    measure = record(allocation.student, member)
    with pytest.raises(Http404):
        wellbeing_correct(by=user_with_role(Role.STUDENT), measure=measure, answers=[1] * 12)
    assert WellbeingMeasure.objects.get().total == 48
