"""Enrolment and delivery services (issue 18, requirement 4): the strand rule,
generating group sessions, registers, the creche, keywork, attendance and the
completion rule. Each refusal changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from placements.programmes.models import (
    Attendance,
    CrecheBooking,
    Enrolment,
    GroupSession,
    KeyworkSession,
    OutcomeCheck,
    Referral,
)
from placements.programmes.selectors.delivery import attendance_for, attendance_of, review_due
from placements.programmes.services.delivery import (
    enrolment_create,
    enrolment_end,
    enrolment_leave,
)
from placements.programmes.services.groups import (
    creche_book,
    creche_cancel,
    group_session_cancel,
    group_sessions_generate,
    register_take,
)
from placements.programmes.services.keywork import (
    keywork_plan_agree,
    keywork_plan_review,
    keywork_session_record,
)
from portal.models import BankHoliday

from .delivery_support import (
    coordinator_of,
    enrolment,
    group_session,
    other_programme,
    programme_with_strands,
    referral,
    strand,
    worker_on,
    years_before,
)

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)  # a Wednesday


@pytest.fixture
def today(clock):
    clock.today_is(TODAY)
    return TODAY


@pytest.fixture
def pocar_with_strands(today):
    return programme_with_strands(men_running=False)


@pytest.fixture
def coordinator(pocar_with_strands):
    return coordinator_of(pocar_with_strands)


def errors(caught) -> dict:
    return caught.value.message_dict if hasattr(caught.value, "error_dict") else {}


# --- the strand rule -------------------------------------------------------------------


def test_a_mother_joins_the_womens_group_running_now(pocar_with_strands, coordinator, today):
    accepted = referral(
        pocar_with_strands, gender=Referral.Gender.FEMALE, children=(("Ava", date(2024, 1, 5)),)
    )
    made = enrolment_create(referral=accepted, starts_on=today, by=coordinator)
    assert made.strand == strand(pocar_with_strands, "female")
    assert made.keywork_only_reason == ""
    assert made.ends_on == today + timedelta(weeks=16)
    # the baseline outcome check of each child is opened
    assert OutcomeCheck.objects.filter(child__referral=accepted, point="referral").count() == 1
    assert made.history.first().history_user == coordinator


def test_a_father_has_keywork_only_while_the_mens_group_is_not_running(
    pocar_with_strands, coordinator
):
    accepted = referral(pocar_with_strands, gender=Referral.Gender.MALE)
    made = enrolment_create(referral=accepted, starts_on=TODAY, by=coordinator)
    assert made.strand is None
    assert made.keywork_only_reason == (
        "The men's group is not running now, so this parent has keywork only."
    )


def test_a_father_joins_the_mens_group_once_it_runs(today):
    programme = programme_with_strands(men_running=True)
    made = enrolment_create(
        referral=referral(programme, gender=Referral.Gender.MALE),
        starts_on=today,
        by=coordinator_of(programme),
    )
    assert made.strand == strand(programme, "male") and made.keywork_only_reason == ""


def test_a_parent_no_strand_is_for_has_keywork_only(pocar_with_strands, coordinator):
    made = enrolment_create(
        referral=referral(pocar_with_strands, gender=Referral.Gender.OTHER),
        starts_on=TODAY,
        by=coordinator,
    )
    assert made.strand is None
    assert "keywork only" in made.keywork_only_reason


@pytest.mark.parametrize(
    "status", [Referral.Status.RECEIVED, Referral.Status.ALLOCATED, Referral.Status.NOT_SUITABLE]
)
def test_only_an_accepted_referral_is_enrolled(pocar_with_strands, coordinator, status):
    waiting = referral(pocar_with_strands, status=status)
    with pytest.raises(ValidationError, match="Only an accepted referral"):
        enrolment_create(referral=waiting, starts_on=TODAY, by=coordinator)
    assert not Enrolment.objects.exists()


def test_a_parent_is_enrolled_once(pocar_with_strands, coordinator):
    accepted = referral(pocar_with_strands)
    enrolment_create(referral=accepted, starts_on=TODAY, by=coordinator)
    with pytest.raises(ValidationError, match="already enrolled"):
        enrolment_create(referral=accepted, starts_on=TODAY, by=coordinator)
    assert Enrolment.objects.count() == 1


def test_a_start_more_than_4_weeks_ago_is_refused(pocar_with_strands, coordinator):
    accepted = referral(pocar_with_strands)
    with pytest.raises(ValidationError) as caught:
        enrolment_create(referral=accepted, starts_on=TODAY - timedelta(days=29), by=coordinator)
    assert "starts_on" in errors(caught)
    made = enrolment_create(referral=accepted, starts_on=TODAY - timedelta(days=28), by=coordinator)
    assert made.starts_on.weekday() == 2  # rolling entry: any weekday


def test_a_worker_not_caring_for_the_family_cannot_enrol(pocar_with_strands):
    worker = worker_on(pocar_with_strands)
    with pytest.raises(PermissionDenied):
        enrolment_create(referral=referral(pocar_with_strands), starts_on=TODAY, by=worker)
    outsider = coordinator_of(other_programme())
    with pytest.raises(Http404):
        enrolment_create(referral=referral(pocar_with_strands), starts_on=TODAY, by=outsider)
    assert not Enrolment.objects.exists()


def test_the_care_coordinator_may_enrol(pocar_with_strands):
    worker = worker_on(pocar_with_strands)
    made = enrolment_create(
        referral=referral(pocar_with_strands, care_coordinator=worker), starts_on=TODAY, by=worker
    )
    assert made.pk


# --- generating group sessions ---------------------------------------------------------


def test_sessions_are_generated_for_running_strands_skipping_bank_holidays(
    pocar_with_strands, coordinator
):
    BankHoliday.objects.get_or_create(date=date(2027, 3, 29), defaults={"name": "Easter Monday"})
    created = group_sessions_generate(
        programme=pocar_with_strands, start=date(2027, 3, 22), end=date(2027, 4, 4), by=coordinator
    )
    days = list(GroupSession.objects.values_list("on", flat=True))
    # Mon 22, Wed 24, (Mon 29 is Easter Monday), Wed 31: the women's strand only
    assert days == [date(2027, 3, 22), date(2027, 3, 24), date(2027, 3, 31)]
    assert created == 3
    assert set(GroupSession.objects.values_list("strand", flat=True)) == {
        strand(pocar_with_strands, "female").pk
    }
    # idempotent: existing sessions are kept, nothing is doubled
    again = group_sessions_generate(
        programme=pocar_with_strands, start=date(2027, 3, 22), end=date(2027, 4, 7), by=coordinator
    )
    assert again == 2 and GroupSession.objects.count() == 5


def test_at_most_26_weeks_are_generated_at_once(pocar_with_strands, coordinator):
    with pytest.raises(ValidationError) as caught:
        group_sessions_generate(
            programme=pocar_with_strands,
            start=TODAY,
            end=TODAY + timedelta(weeks=26),
            by=coordinator,
        )
    assert "end" in errors(caught)
    assert not GroupSession.objects.exists()


def test_only_a_coordinator_generates_sessions(pocar_with_strands):
    with pytest.raises(PermissionDenied):
        group_sessions_generate(
            programme=pocar_with_strands,
            start=TODAY,
            end=TODAY + timedelta(days=7),
            by=worker_on(pocar_with_strands),
        )
    assert not GroupSession.objects.exists()


def test_cancelling_needs_a_reason_and_no_register(pocar_with_strands, coordinator):
    session = group_session(pocar_with_strands, on=TODAY)
    with pytest.raises(ValidationError) as caught:
        group_session_cancel(group_session=session, reason=" ", by=coordinator)
    assert "reason" in errors(caught)
    session.register_taken_at = session.register_taken_by = None
    GroupSession.objects.filter(pk=session.pk).update(register_taken_at="2027-03-10T11:00Z")
    with pytest.raises(ValidationError, match="register"):
        group_session_cancel(group_session=session, reason="Staff illness", by=coordinator)
    assert GroupSession.objects.get().status == "scheduled"
    later = group_session(pocar_with_strands, on=TODAY + timedelta(days=5))
    group_session_cancel(group_session=later, reason="Staff illness", by=coordinator)
    later.refresh_from_db()
    assert later.status == "cancelled" and later.cancel_reason == "Staff illness"


# --- registers -------------------------------------------------------------------------


def test_the_register_needs_every_expected_parent(pocar_with_strands, coordinator):
    first = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=2), by=coordinator)
    second = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=1), by=coordinator)
    enrolment(
        pocar_with_strands, starts_on=TODAY + timedelta(days=1), by=coordinator
    )  # not yet started
    enrolment(pocar_with_strands, starts_on=TODAY, by=coordinator, keywork_only=True)  # no groups
    session = group_session(pocar_with_strands, on=TODAY)
    with pytest.raises(ValidationError) as caught:
        register_take(group_session=session, marks={first.pk: "present"}, by=coordinator)
    assert set(errors(caught)) == {f"mark_{second.pk}"}
    assert not Attendance.objects.exists()
    register_take(
        group_session=session, marks={first.pk: "present", second.pk: "apologies"}, by=coordinator
    )
    session.refresh_from_db()
    assert session.register_taken_by == coordinator and session.register_taken_at
    # taking it again replaces the marks
    register_take(
        group_session=session, marks={first.pk: "absent", second.pk: "present"}, by=coordinator
    )
    assert dict(Attendance.objects.values_list("enrolment", "mark")) == {
        first.pk: "absent",
        second.pk: "present",
    }


def test_no_register_for_a_cancelled_or_future_session(pocar_with_strands, coordinator):
    parent = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=2), by=coordinator)
    future = group_session(pocar_with_strands, on=TODAY + timedelta(days=5))
    with pytest.raises(ValidationError, match="on the day"):
        register_take(group_session=future, marks={parent.pk: "present"}, by=coordinator)
    cancelled = group_session(pocar_with_strands, on=TODAY - timedelta(days=2), status="cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        register_take(group_session=cancelled, marks={parent.pk: "present"}, by=coordinator)
    assert not Attendance.objects.exists()


# --- the creche ------------------------------------------------------------------------


def test_the_creche_refuses_a_booking_when_full(today):
    programme = programme_with_strands(creche_places=1)
    coordinator = coordinator_of(programme)
    parent = enrolment(
        programme,
        starts_on=TODAY,
        by=coordinator,
        children=(("Ava", date(2024, 1, 1)), ("Ben", date(2025, 1, 1))),
    )
    session = group_session(programme, on=TODAY + timedelta(days=5))
    ava, ben = parent.referral.children.order_by("name")
    creche_book(group_session=session, child=ava, by=coordinator)
    with pytest.raises(ValidationError, match="The creche is full: all 1 places are booked."):
        creche_book(group_session=session, child=ben, by=coordinator)
    assert CrecheBooking.objects.count() == 1
    creche_cancel(booking=CrecheBooking.objects.get(), by=coordinator)
    creche_book(group_session=session, child=ben, by=coordinator)
    assert list(CrecheBooking.objects.values_list("child", flat=True)) == [ben.pk]


def test_the_creche_age_is_counted_on_the_session_date(pocar_with_strands, coordinator):
    session_day = date(2027, 3, 15)  # a Monday
    parent = enrolment(
        pocar_with_strands,
        starts_on=TODAY,
        by=coordinator,
        children=(
            ("Ava", years_before(session_day, 6, days=1)),  # 5 today, 6 by the session
            ("Cal", years_before(session_day, 6, days=-1)),  # still 5 on the day
        ),
    )
    session = group_session(pocar_with_strands, on=session_day)
    ava, cal = parent.referral.children.order_by("name")
    with pytest.raises(ValidationError) as caught:
        creche_book(group_session=session, child=ava, by=coordinator)
    assert errors(caught)["child"] == [
        "Ava will be 6 on 15 March 2027; the creche is for children aged 0 to 5."
    ]
    creche_book(group_session=session, child=cal, by=coordinator)
    assert list(CrecheBooking.objects.values_list("child", flat=True)) == [cal.pk]


def test_the_creche_is_for_children_of_parents_expected(pocar_with_strands, coordinator):
    father = enrolment(
        pocar_with_strands,
        starts_on=TODAY,
        by=coordinator,
        gender="male",
        keywork_only=True,
        children=(("Dan", date(2025, 1, 1)),),
    )
    session = group_session(pocar_with_strands, on=TODAY + timedelta(days=5))
    with pytest.raises(ValidationError, match="expected at this session"):
        creche_book(group_session=session, child=father.referral.children.get(), by=coordinator)
    cancelled = group_session(pocar_with_strands, on=TODAY + timedelta(days=7), status="cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        creche_book(group_session=cancelled, child=father.referral.children.get(), by=coordinator)
    assert not CrecheBooking.objects.exists()


def test_no_creche_no_booking(today):
    programme = programme_with_strands(has_creche=False)
    coordinator = coordinator_of(programme)
    parent = enrolment(
        programme, starts_on=TODAY, by=coordinator, children=(("Eve", date(2025, 1, 1)),)
    )
    session = group_session(programme, on=TODAY)
    with pytest.raises(ValidationError, match="no creche"):
        creche_book(group_session=session, child=parent.referral.children.get(), by=coordinator)


# --- keywork -------------------------------------------------------------------------------


def test_a_keywork_plan_has_1_to_5_goals_scored_0_to_10(pocar_with_strands, coordinator):
    parent = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=1), by=coordinator)
    with pytest.raises(ValidationError) as caught:
        keywork_plan_agree(enrolment=parent, agreed_on=TODAY, goals=[], by=coordinator)
    assert "goals" in errors(caught)
    with pytest.raises(ValidationError):
        keywork_plan_agree(enrolment=parent, agreed_on=TODAY, goals=[("Sleep", 11)], by=coordinator)
    with pytest.raises(ValidationError):
        keywork_plan_agree(
            enrolment=parent,
            agreed_on=TODAY,
            goals=[(f"Goal {n}", 3) for n in range(6)],
            by=coordinator,
        )
    plan = keywork_plan_agree(
        enrolment=parent,
        agreed_on=TODAY - timedelta(days=3),
        goals=[("Take the children to school", 3), ("Cut down", 2)],
        by=coordinator,
    )
    assert [g.score_start for g in plan.goals.all()] == [3, 2]
    due = review_due(plan, today=TODAY)
    assert due.due_on == TODAY + timedelta(days=25) and due.state == ""
    assert review_due(plan, today=TODAY + timedelta(days=20)).state == "due"
    assert review_due(plan, today=TODAY + timedelta(days=26)).state == "overdue"
    goal_ids = [g.pk for g in plan.goals.all()]
    with pytest.raises(ValidationError) as caught:
        keywork_plan_review(plan=plan, reviewed_on=TODAY, scores={goal_ids[0]: 5}, by=coordinator)
    assert f"score_{goal_ids[1]}" in errors(caught)
    keywork_plan_review(
        plan=plan, reviewed_on=TODAY, scores={goal_ids[0]: 5, goal_ids[1]: 4}, by=coordinator
    )
    plan.refresh_from_db()
    assert plan.last_reviewed_on == TODAY
    assert review_due(plan, today=TODAY).due_on == TODAY + timedelta(days=28)


def test_keywork_sessions_are_within_the_enrolment_and_not_in_the_future(
    pocar_with_strands, coordinator
):
    parent = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=1), by=coordinator)
    for held_on in (TODAY + timedelta(days=1), TODAY - timedelta(weeks=2)):
        with pytest.raises(ValidationError) as caught:
            keywork_session_record(
                enrolment=parent, held_on=held_on, mode="phone", attended=True, by=coordinator
            )
        assert "held_on" in errors(caught)
    keywork_session_record(
        enrolment=parent, held_on=TODAY, mode="phone", attended=True, note="", by=coordinator
    )
    Enrolment.objects.filter(pk=parent.pk).update(status="left")
    with pytest.raises(ValidationError, match="ended"):
        keywork_session_record(
            enrolment=parent, held_on=TODAY, mode="phone", attended=True, by=coordinator
        )
    assert KeyworkSession.objects.count() == 1


# --- attendance and the completion rule ------------------------------------------------


def attended_groups(programme, parent, coordinator, *, present: int, absent: int, start: date):
    """Sessions on successive days from `start`, the parent marked as asked."""
    day = start
    for mark in ["present"] * present + ["absent"] * absent:
        session = group_session(programme, on=day)
        Attendance.objects.create(group_session=session, enrolment=parent, mark=mark)
        day += timedelta(days=1)


def test_attendance_counts_groups_and_keywork_offered_and_attended(pocar_with_strands, coordinator):
    start = TODAY - timedelta(weeks=3)
    parent = enrolment(pocar_with_strands, starts_on=start, by=coordinator)
    attended_groups(pocar_with_strands, parent, coordinator, present=2, absent=1, start=start)
    group_session(pocar_with_strands, on=start + timedelta(days=5))  # register not taken: offered
    group_session(
        pocar_with_strands, on=start + timedelta(days=6), status="cancelled"
    )  # not offered
    group_session(pocar_with_strands, on=TODAY + timedelta(days=1))  # not yet
    group_session(pocar_with_strands, on=TODAY, gender="male")  # another strand
    KeyworkSession.objects.create(
        enrolment=parent, held_on=start + timedelta(days=1), mode="phone", recorded_by=coordinator
    )
    KeyworkSession.objects.create(
        enrolment=parent,
        held_on=start + timedelta(days=2),
        mode="phone",
        attended=False,
        recorded_by=coordinator,
    )
    figures = attendance_of(parent)
    assert (figures.offered, figures.attended) == (6, 3)
    assert figures.share == 50


def test_attendance_in_bulk_takes_the_same_queries_for_more_enrolments(
    pocar_with_strands, coordinator, django_assert_max_num_queries
):
    parents = [
        enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=2), by=coordinator)
        for _ in range(10)
    ]
    with django_assert_max_num_queries(3):
        figures = attendance_for(parents)
    assert len(figures) == 10


def ended_parent(programme, coordinator, *, present: int, absent: int) -> Enrolment:
    start = TODAY - timedelta(weeks=16)
    parent = enrolment(
        programme, starts_on=start, by=coordinator, children=(("Ava", date(2024, 1, 1)),)
    )
    Enrolment.objects.filter(pk=parent.pk).update(ends_on=TODAY - timedelta(days=1))
    parent.refresh_from_db()
    attended_groups(programme, parent, coordinator, present=present, absent=absent, start=start)
    return parent


def test_exactly_75_percent_completes(pocar_with_strands, coordinator):
    parent = ended_parent(pocar_with_strands, coordinator, present=3, absent=1)
    ended = enrolment_end(enrolment=parent, by=coordinator)
    assert ended.status == Enrolment.Status.COMPLETED
    assert (ended.sessions_offered, ended.sessions_attended) == (4, 3)
    assert ended.ended_on == ended.ends_on
    points = set(
        OutcomeCheck.objects.filter(child__referral=parent.referral).values_list("point", flat=True)
    )
    assert points == {"completion", "3m", "12m"}


def test_just_below_75_percent_does_not_complete(pocar_with_strands, coordinator):
    parent = ended_parent(pocar_with_strands, coordinator, present=20, absent=7)  # 74.07%
    ended = enrolment_end(enrolment=parent, by=coordinator)
    assert ended.status == Enrolment.Status.NOT_COMPLETED
    assert (ended.sessions_offered, ended.sessions_attended) == (27, 20)
    figures = attendance_of(parent, on=parent.ends_on)
    assert figures.summary(75) == "attended 20 of 27 sessions (74%); the programme asks for 75%"


def test_a_share_that_rounds_up_to_the_rule_shows_its_decimal(pocar_with_strands, coordinator):
    from placements.programmes.selectors.delivery import Figures

    assert Figures(offered=67, attended=50).summary(75) == (
        "attended 50 of 67 sessions (74.6%); the programme asks for 75%"
    )
    assert Figures(offered=26, attended=20).summary(75) == (
        "attended 20 of 26 sessions (77%); the programme asks for 75%"
    )


def test_the_programme_is_not_ended_before_its_end_date(pocar_with_strands, coordinator):
    parent = enrolment(pocar_with_strands, starts_on=TODAY - timedelta(weeks=2), by=coordinator)
    with pytest.raises(ValidationError, match="The programme ends on"):
        enrolment_end(enrolment=parent, by=coordinator)
    parent.refresh_from_db()
    assert parent.status == "active" and parent.sessions_offered is None


def test_leaving_early_keeps_the_figures_so_far_and_the_reason(pocar_with_strands, coordinator):
    start = TODAY - timedelta(weeks=3)
    parent = enrolment(
        pocar_with_strands, starts_on=start, by=coordinator, children=(("Ava", date(2024, 1, 1)),)
    )
    attended_groups(pocar_with_strands, parent, coordinator, present=2, absent=2, start=start)
    with pytest.raises(ValidationError) as caught:
        enrolment_leave(enrolment=parent, reason="", by=coordinator)
    assert "reason" in errors(caught)
    parent.refresh_from_db()
    assert parent.status == "active"
    left = enrolment_leave(enrolment=parent, reason="Moved out of the area.", by=coordinator)
    assert left.status == Enrolment.Status.LEFT
    assert left.ended_on == TODAY and left.end_reason == "Moved out of the area."
    assert (left.sessions_offered, left.sessions_attended) == (4, 2)
    assert OutcomeCheck.objects.filter(child__referral=parent.referral, point="3m").exists()


def test_a_team_member_not_caring_for_the_family_cannot_end_it(pocar_with_strands, coordinator):
    parent = ended_parent(pocar_with_strands, coordinator, present=3, absent=1)
    with pytest.raises(PermissionDenied):
        enrolment_leave(enrolment=parent, reason="Moved", by=worker_on(pocar_with_strands))
    parent.refresh_from_db()
    assert parent.status == "active"
