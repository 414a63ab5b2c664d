"""Child and family assessments (issue 6, requirement 8): starting one (the due
date 45 working days after the referral, across bank holidays), writing it,
and its transitions with their refusals: only the accountable social worker
submits, a team manager who is not that social worker authorises, and an
authorised assessment is locked."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from placements.casework.models import Assessment
from placements.casework.services.assessments import (
    assessment_create,
    assessment_transition,
    assessment_update,
    due_date_for,
)
from portal.accounts.roles import Role
from portal.accounts.services import membership_grant
from portal.locking import RecordLocked
from portal.models import Notification
from portal.transitions import TransitionNotAllowed
from tests.casework.factories import AllocationFactory
from tests.casework.support import SECTIONS, assessment_world
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return assessment_world()


def written(world):
    """The world's assessment with every section written by the social worker."""
    return assessment_update(by=world.social_worker, assessment=world.assessment, **SECTIONS)


def submitted(world):
    written(world)
    return assessment_transition(assessment=world.assessment, name="submit", by=world.social_worker)


def authorised(world):
    submitted(world)
    return assessment_transition(
        assessment=world.assessment, name="authorise", by=world.team_manager
    )


def titles(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


# --- due dates across bank holidays (worked out by hand) -------------------------------


@pytest.mark.parametrize(
    ("referral", "due"),
    [
        # Mon 16 March 2026: Good Friday (3 April), Easter Monday (6 April) and the early
        # May bank holiday (4 May) push nine weeks (Mon 18 May) on by three days.
        (date(2026, 3, 16), date(2026, 5, 21)),
        # Mon 30 November 2026: Christmas Day (Fri), Boxing Day's substitute (Mon 28)
        # and New Year's Day (Fri) push Mon 1 February 2027 to Thu 4 February.
        (date(2026, 11, 30), date(2027, 2, 4)),
        # Mon 29 November 2027: the substitute days Mon 27 and Tue 28 December and
        # Mon 3 January 2028 push Mon 31 January 2028 to Thu 3 February.
        (date(2027, 11, 29), date(2028, 2, 3)),
        # A Friday referral: the weekend is not counted. Fri 5 June 2026 + 9 weeks.
        (date(2026, 6, 5), date(2026, 8, 7)),
        # Mon 3 August 2026: the summer bank holiday (Mon 31 August) pushes nine weeks
        # (Mon 5 October) on by one day.
        (date(2026, 8, 3), date(2026, 10, 6)),
    ],
)
def test_due_date_is_45_working_days_after_the_referral(referral, due):
    assert due_date_for(referral) == due


def test_starting_an_assessment_sets_the_due_date_across_christmas(world):
    assessment = assessment_create(
        by=world.team_manager,
        child=world.child,
        referral_date=date(2026, 11, 30),
        start_date=date(2026, 12, 1),
        social_worker=world.social_worker,
        student=world.student,
    )
    assessment.refresh_from_db()
    assert assessment.due_date == date(2027, 2, 4)
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.created_by == world.team_manager
    assert assessment.history.count() == 1
    assert assessment.history.first().history_user == world.team_manager
    # Told, by reference only.
    [title] = titles(world.social_worker)
    assert world.child.reference in title and world.child.first_name not in title
    assert any(world.child.reference in t for t in titles(world.student))


def test_changing_the_referral_date_recomputes_the_due_date(world):
    assessment_update(
        by=world.social_worker,
        assessment=world.assessment,
        referral_date=date(2026, 3, 16),
        start_date=date(2026, 3, 17),
    )
    world.assessment.refresh_from_db()
    assert world.assessment.due_date == date(2026, 5, 21)


@pytest.mark.parametrize("who", ["coordinator", "social_worker", "admin"])
def test_who_may_start_an_assessment(world, who):
    today = timezone.localdate()
    assessment = assessment_create(
        by=getattr(world, who),
        child=world.child,
        referral_date=today - timedelta(days=3),
        start_date=today,
        social_worker=world.social_worker,
    )
    assert assessment.social_worker == world.social_worker


@pytest.mark.parametrize(
    "who", ["student", "educator", "school_contact", "tutor", "other_team_manager"]
)
def test_others_may_not_start_one(world, who):
    today = timezone.localdate()
    before = Assessment.objects.count()
    with pytest.raises(PermissionDenied):
        assessment_create(
            by=getattr(world, who),
            child=world.child,
            referral_date=today,
            start_date=today,
            social_worker=world.social_worker,
        )
    assert Assessment.objects.count() == before


def test_a_social_worker_starts_one_only_as_the_accountable_one(world):
    today = timezone.localdate()
    with pytest.raises(PermissionDenied, match="yourself"):
        assessment_create(
            by=world.other_social_worker,
            child=world.child,
            referral_date=today,
            start_date=today,
            social_worker=world.social_worker,
        )


def test_bad_dates_and_people_are_refused_naming_the_field(world):
    today = timezone.localdate()
    before = Assessment.objects.count()
    outsider = user_with_role(Role.SOCIAL_WORKER)  # another organisation's
    with pytest.raises(ValidationError) as refused:
        assessment_create(
            by=world.team_manager,
            child=world.child,
            referral_date=today + timedelta(days=1),
            start_date=today + timedelta(days=2),
            social_worker=outsider,
            student=world.other_student,  # no allocation with this child
        )
    errors = refused.value.message_dict
    assert "today or in the past" in errors["referral_date"][0]
    assert "today or in the past" in errors["start_date"][0]
    assert "not a qualified social worker" in errors["social_worker"][0]
    assert "no current allocation" in errors["student"][0]
    with pytest.raises(ValidationError) as refused:
        assessment_create(
            by=world.team_manager,
            child=world.child,
            referral_date=today - timedelta(days=2),
            start_date=today - timedelta(days=3),
            social_worker=world.social_worker,
        )
    assert "after the referral" in refused.value.message_dict["start_date"][0]
    assert Assessment.objects.count() == before


def test_a_student_whose_allocation_ended_cannot_co_work(world):
    ended = AllocationFactory(
        child=world.child,
        starts_on=timezone.localdate() - timedelta(days=40),
        ends_on=timezone.localdate() - timedelta(days=2),
    )
    today = timezone.localdate()
    with pytest.raises(ValidationError) as refused:
        assessment_create(
            by=world.team_manager,
            child=world.child,
            referral_date=today,
            start_date=today,
            social_worker=world.social_worker,
            student=ended.student,
        )
    assert "student" in refused.value.message_dict


# --- writing ---------------------------------------------------------------------------


def test_the_student_and_social_worker_write_the_draft(world):
    assessment_update(by=world.student, assessment=world.assessment, analysis="First thoughts.")
    assessment_update(by=world.social_worker, assessment=world.assessment, child_voice="Hi.")
    world.assessment.refresh_from_db()
    assert world.assessment.analysis == "First thoughts."
    assert world.assessment.child_voice == "Hi."
    users = [h.history_user for h in world.assessment.history.order_by("history_id")]
    assert users[-2:] == [world.student, world.social_worker]


@pytest.mark.parametrize("who", ["team_manager", "coordinator", "educator"])
def test_others_in_scope_do_not_write_it(world, who):
    with pytest.raises(PermissionDenied):
        assessment_update(by=getattr(world, who), assessment=world.assessment, analysis="x")


@pytest.mark.parametrize("who", ["school_contact", "tutor", "other_student", "other_team_manager"])
def test_out_of_scope_is_not_found(world, who):
    with pytest.raises(Http404):
        assessment_update(by=getattr(world, who), assessment=world.assessment, analysis="x")
    with pytest.raises(Http404):
        assessment_transition(assessment=world.assessment, name="submit", by=getattr(world, who))


def test_the_student_cannot_change_the_dates(world):
    with pytest.raises(PermissionDenied):
        assessment_update(
            by=world.student, assessment=world.assessment, referral_date=date(2026, 3, 16)
        )


def test_a_submitted_assessment_is_not_written_until_taken_back(world):
    submitted(world)
    with pytest.raises(ValidationError, match="take it back"):
        assessment_update(by=world.student, assessment=world.assessment, analysis="More.")


# --- transitions -------------------------------------------------------------------------


def test_the_student_is_refused_submitting_with_a_clear_message(world):
    written(world)
    with pytest.raises(PermissionDenied, match="Only the accountable qualified social worker"):
        assessment_transition(assessment=world.assessment, name="submit", by=world.student)
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.DRAFT


def test_submitting_needs_every_section_and_a_recommendation(world):
    assessment_update(by=world.student, assessment=world.assessment, analysis="Only this.")
    with pytest.raises(ValidationError) as refused:
        assessment_transition(assessment=world.assessment, name="submit", by=world.social_worker)
    problems = refused.value.messages
    assert "Write the child's developmental needs." in problems
    assert "Write the child's voice." in problems
    assert "Choose a recommendation." in problems
    assert "Write the analysis." not in problems
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.DRAFT


def test_the_social_worker_submits_and_the_team_manager_is_told(world):
    assessment = submitted(world)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None
    [title] = titles(world.team_manager)
    assert "waiting for authorisation" in title and world.child.reference in title
    assert world.child.first_name not in title


def test_returning_needs_a_reason_and_tells_the_social_worker(world):
    submitted(world)
    with pytest.raises(ValidationError) as refused:
        assessment_transition(
            assessment=world.assessment, name="return", by=world.team_manager, reason="  "
        )
    assert "reason" in refused.value.message_dict
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.SUBMITTED
    assessment_transition(
        assessment=world.assessment,
        name="return",
        by=world.team_manager,
        reason="Say more about the grandmother's support.",
    )
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.DRAFT
    body = Notification.objects.filter(user=world.social_worker).latest("pk").body
    assert "grandmother" in body
    assert world.assessment.history.first().history_change_reason.startswith("return:")


def test_the_social_worker_takes_it_back(world):
    submitted(world)
    assessment_transition(assessment=world.assessment, name="take_back", by=world.social_worker)
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.DRAFT


def test_the_social_worker_cannot_authorise_even_as_a_team_manager(world):
    membership_grant(
        user=world.social_worker,
        organisation=world.service,
        role=Role.TEAM_MANAGER,
        starts_on=timezone.localdate() - timedelta(days=1),
    )
    submitted(world)
    with pytest.raises(PermissionDenied):
        assessment_transition(assessment=world.assessment, name="authorise", by=world.social_worker)
    world.assessment.refresh_from_db()
    assert world.assessment.status == Assessment.Status.SUBMITTED


@pytest.mark.parametrize("who", ["student", "coordinator", "educator"])
def test_only_a_team_manager_authorises(world, who):
    submitted(world)
    with pytest.raises(PermissionDenied):
        assessment_transition(assessment=world.assessment, name="authorise", by=getattr(world, who))


def test_a_draft_cannot_be_authorised(world):
    written(world)
    with pytest.raises(TransitionNotAllowed):
        assessment_transition(assessment=world.assessment, name="authorise", by=world.team_manager)


def test_authorising_completes_and_locks_it(world):
    assessment = authorised(world)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.AUTHORISED
    assert assessment.authorised_by == world.team_manager
    assert assessment.authorised_at is not None
    assert assessment.completed_on == timezone.localdate()
    assert assessment.is_locked
    assert assessment.on_time is True
    assert any("authorised" in t for t in titles(world.social_worker))
    assert any("authorised" in t for t in titles(world.student))


def test_a_locked_assessment_refuses_every_change(world):
    authorised(world)
    with pytest.raises(RecordLocked):
        assessment_update(by=world.social_worker, assessment=world.assessment, analysis="Late.")
    for name, who in (("return", world.team_manager), ("take_back", world.social_worker)):
        with pytest.raises(RecordLocked):
            assessment_transition(assessment=world.assessment, name=name, by=who, reason="x")
    # The model itself refuses, whatever path the change comes by.
    row = Assessment.objects.get(pk=world.assessment.pk)
    row.analysis = "Changed behind the service's back."
    with pytest.raises(RecordLocked):
        row.save()
    with pytest.raises(RecordLocked):
        Assessment.objects.filter(pk=row.pk).update(analysis="Bulk change.")
    with pytest.raises(RecordLocked):
        row.delete()
    row.refresh_from_db()
    assert row.analysis == SECTIONS["analysis"]


def test_an_unknown_step_is_refused(world):
    with pytest.raises(ValidationError):
        assessment_transition(assessment=world.assessment, name="approve", by=world.team_manager)


# --- working days left -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (date(2027, 1, 28), 5),  # Thu → Thu 4 February 2027: Fri, Mon, Tue, Wed, Thu
        (date(2027, 2, 4), 0),  # the due date itself
        (date(2027, 2, 8), -2),  # Mon after: Fri 5 and Mon 8 are past it
        (date(2026, 12, 24), 27),  # Christmas Eve: 25, 28 Dec and 1 Jan do not count
    ],
)
def test_working_days_left(today, left):
    from placements.casework.selectors.assessments import working_days_left
    from portal.workingdays import WorkingDays

    assessment = Assessment(due_date=date(2027, 2, 4))
    assert working_days_left(assessment, today, WorkingDays()) == left
    assert working_days_left(assessment, today=today) == left


def test_the_list_says_due_today_and_working_days_overdue(world, client):
    from placements.casework.selectors.assessments import working_days_left
    from portal.workingdays import WorkingDays

    today = timezone.localdate()
    calendar = WorkingDays()
    Assessment.objects.filter(pk=world.assessment.pk).update(due_date=today)
    client.force_login(world.social_worker)
    url = "/portal/casework/assessments/"
    if calendar.is_working_day(today):
        assert "Due today" in client.get(url).content.decode()
    late = today - timedelta(days=10)
    Assessment.objects.filter(pk=world.assessment.pk).update(due_date=late)
    world.assessment.refresh_from_db()
    overdue = -working_days_left(world.assessment, today, calendar)
    assert f"{overdue} working days overdue" in client.get(url).content.decode()
