"""Placement lifecycle services: creating, changing, and every status change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from placements.models import EducatorProfile, Placement, StudentProfile
from placements.services.lifecycle import (
    placement_create,
    placement_transition,
    placement_update,
)
from placements.transitions import TRANSITIONS, transitions_from
from portal.accounts.roles import Role
from portal.models import Notification
from portal.transitions import TransitionNotAllowed
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import (
    EducatorProfileFactory,
    FinalReportFactory,
    MidpointReviewFactory,
    PanelDecisionFactory,
    PlacementFactory,
)
from tests.placements.support import days_ago, make_cast, years_ago

pytestmark = pytest.mark.django_db

S = Placement.Status

# Who on the placement takes each move in the "legal move" tests.
ACTOR = {
    "propose": "host_coordinator",
    "confirm": "host_coordinator",
    "start": "educator",
    "suspend": "tutor",
    "resume": "host_coordinator",
    "review_midpoint": "educator",
    "submit_final_report": "educator",
    "pass": "tutor",
    "fail": "university_coordinator",
    "end_early": "admin",
}

LEGAL = [(t.name, source) for t in TRANSITIONS.values() for source in sorted(t.sources)]
ILLEGAL = [
    (t.name, status) for t in TRANSITIONS.values() for status in S.values if status not in t.sources
]


# Moves taken by writing a record (placements/services/review.py passes it): the
# record each needs. The services' own tests cover writing the records.
RECORD_FOR = {
    "review_midpoint": MidpointReviewFactory,
    "submit_final_report": FinalReportFactory,
    "pass": PanelDecisionFactory,
    "fail": PanelDecisionFactory,
}


def history_count(placement: Placement) -> int:
    return placement.history.count()


# --- The table ----------------------------------------------------------------------------


def test_the_table_has_the_moves_of_the_lifecycle():
    moves = {(name, source): TRANSITIONS[name].target for name, source in LEGAL}
    assert moves == {
        ("propose", S.DRAFT): S.PROPOSED,
        ("confirm", S.PROPOSED): S.CONFIRMED,
        ("start", S.CONFIRMED): S.ACTIVE,
        ("suspend", S.ACTIVE): S.SUSPENDED,
        ("resume", S.SUSPENDED): S.ACTIVE,
        ("review_midpoint", S.ACTIVE): S.MIDPOINT_REVIEWED,
        ("submit_final_report", S.MIDPOINT_REVIEWED): S.FINAL_REPORT_SUBMITTED,
        ("pass", S.FINAL_REPORT_SUBMITTED): S.PASSED,
        ("fail", S.FINAL_REPORT_SUBMITTED): S.FAILED,
        **{("end_early", status): S.ENDED_EARLY for status in Placement.LIVE_STATUSES},
    }


def test_finished_placements_have_no_moves():
    for status in (S.PASSED, S.FAILED, S.ENDED_EARLY):
        assert transitions_from(status) == []


# --- Every legal move ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "source"), LEGAL)
def test_every_legal_move_is_applied_and_recorded(name, source):
    cast = make_cast(status=source)
    actor = getattr(cast, ACTOR[name])
    record = RECORD_FOR[name](placement=cast.placement) if name in RECORD_FOR else None
    before = history_count(cast.placement)

    placement = placement_transition(
        placement=cast.placement, name=name, by=actor, reason="The team closed.", record=record
    )

    placement.refresh_from_db()
    assert placement.status == TRANSITIONS[name].target
    assert history_count(placement) == before + 1
    latest = placement.history.order_by("-history_date", "-pk").first()
    assert latest.history_user == actor
    assert latest.history_change_reason == name
    assert latest.status == TRANSITIONS[name].target


# --- Every illegal move -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "status"), ILLEGAL)
def test_every_illegal_move_is_refused_and_changes_nothing(name, status):
    cast = make_cast(status=status)
    before = history_count(cast.placement)

    with pytest.raises(TransitionNotAllowed) as refused:
        placement_transition(
            placement=cast.placement, name=name, by=cast.admin, reason="Any reason"
        )

    assert "cannot be" in refused.value.messages[0]
    cast.placement.refresh_from_db()
    assert cast.placement.status == status
    assert history_count(cast.placement) == before
    assert not Notification.objects.exists()


def test_the_moves_taken_by_a_record_are_the_reviews_and_the_panel():
    assert {t.name for t in TRANSITIONS.values() if t.recorded_by} == set(RECORD_FOR)


@pytest.mark.parametrize("name", list(RECORD_FOR))
def test_a_move_taken_by_a_record_is_refused_without_it(name):
    source = next(iter(TRANSITIONS[name].sources))
    cast = make_cast(status=source)
    actor = getattr(cast, ACTOR[name])
    before = history_count(cast.placement)

    with pytest.raises(TransitionNotAllowed) as refused:
        placement_transition(placement=cast.placement, name=name, by=actor)

    assert refused.value.messages == [
        f"This step is taken by recording {TRANSITIONS[name].recorded_by.record}, on its own page."
    ]
    cast.placement.refresh_from_db()
    assert cast.placement.status == source
    assert history_count(cast.placement) == before
    assert not Notification.objects.exists()


@pytest.mark.parametrize("name", list(RECORD_FOR))
def test_a_record_of_another_placement_or_kind_does_not_take_the_move(name):
    source = next(iter(TRANSITIONS[name].sources))
    cast = make_cast(status=source)
    actor = getattr(cast, ACTOR[name])
    elsewhere = RECORD_FOR[name]()  # on a placement of its own
    wrong_kind = next(f for n, f in RECORD_FOR.items() if f is not RECORD_FOR[name])(
        placement=cast.placement
    )

    for record in (elsewhere, wrong_kind):
        with pytest.raises(TransitionNotAllowed):
            placement_transition(placement=cast.placement, name=name, by=actor, record=record)

    cast.placement.refresh_from_db()
    assert cast.placement.status == source


def test_a_move_taken_by_a_record_tells_people_with_a_link_to_the_record():
    cast = make_cast(status=S.ACTIVE)
    review = MidpointReviewFactory(placement=cast.placement)

    placement_transition(
        placement=cast.placement, name="review_midpoint", by=cast.educator, record=review
    )

    told = Notification.objects.filter(user=cast.student).get()
    assert told.url == f"/portal/placements/{cast.placement.pk}/midpoint-review/"
    assert "is now midpoint reviewed" in told.title
    assert told.body.endswith("Read the review and its action plan.")


def test_the_refusal_names_the_status_and_the_move():
    cast = make_cast(status=S.SUSPENDED)
    with pytest.raises(TransitionNotAllowed) as refused:
        placement_transition(placement=cast.placement, name="confirm", by=cast.host_coordinator)
    assert refused.value.messages == ["A suspended placement cannot be confirmed."]


def test_a_move_that_does_not_exist_names_the_field():
    cast = make_cast()
    with pytest.raises(ValidationError) as refused:
        placement_transition(placement=cast.placement, name="teleport", by=cast.admin)
    assert "transition" in refused.value.message_dict


# --- Who may take each move ---------------------------------------------------------------

# (move, from status) -> the people of the cast allowed to take it
WHO = {
    ("propose", S.DRAFT): {"host_coordinator", "university_coordinator", "admin"},
    ("confirm", S.PROPOSED): {"host_coordinator", "university_coordinator", "admin"},
    ("start", S.CONFIRMED): {"host_coordinator", "university_coordinator", "admin", "educator"},
    ("suspend", S.ACTIVE): {"host_coordinator", "university_coordinator", "tutor"},
    ("resume", S.SUSPENDED): {"host_coordinator", "university_coordinator", "tutor"},
    ("review_midpoint", S.ACTIVE): {"educator"},
    ("submit_final_report", S.MIDPOINT_REVIEWED): {"educator"},
    ("pass", S.FINAL_REPORT_SUBMITTED): {"tutor", "university_coordinator"},
    ("fail", S.FINAL_REPORT_SUBMITTED): {"tutor", "university_coordinator"},
    ("end_early", S.ACTIVE): {"host_coordinator", "university_coordinator", "admin"},
}
PEOPLE = [
    "student",
    "educator",
    "supervisor",
    "tutor",
    "host_coordinator",
    "university_coordinator",
    "admin",
]


@pytest.mark.parametrize(("name", "source"), list(WHO))
def test_each_move_names_who_may_take_it(name, source):
    cast = make_cast(status=source)
    allowed = {
        who
        for who in PEOPLE
        if getattr(cast, who).has_perm(TRANSITIONS[name].permission, cast.placement)
    }
    assert allowed == WHO[(name, source)]


@pytest.mark.parametrize(
    ("name", "source", "who"),
    [
        ("propose", S.DRAFT, "student"),
        ("confirm", S.PROPOSED, "educator"),
        ("suspend", S.ACTIVE, "admin"),
        ("review_midpoint", S.ACTIVE, "host_coordinator"),
        ("pass", S.FINAL_REPORT_SUBMITTED, "host_coordinator"),
        ("end_early", S.ACTIVE, "tutor"),
    ],
)
def test_a_refused_person_changes_nothing(name, source, who):
    cast = make_cast(status=source)
    before = history_count(cast.placement)

    with pytest.raises(PermissionDenied):
        placement_transition(
            placement=cast.placement, name=name, by=getattr(cast, who), reason="Because"
        )

    cast.placement.refresh_from_db()
    assert cast.placement.status == source
    assert history_count(cast.placement) == before
    assert not Notification.objects.exists()


def test_a_tutor_of_the_same_university_who_is_not_the_placements_tutor_cannot_suspend():
    cast = make_cast(status=S.ACTIVE)
    colleague = cast.extras()["colleague_tutor"]
    with pytest.raises(PermissionDenied):
        placement_transition(placement=cast.placement, name="suspend", by=colleague)


def test_a_practice_educator_whose_role_has_ended_cannot_start_the_placement():
    from portal.accounts.models import Membership

    cast = make_cast(status=S.CONFIRMED)
    Membership.objects.filter(user=cast.educator).update(ends_on=days_ago(1))
    cast.educator.__dict__.pop("active_memberships", None)
    cast.educator.__dict__.pop("active_roles", None)
    with pytest.raises(PermissionDenied):
        placement_transition(placement=cast.placement, name="start", by=cast.educator)


# --- Confirmation checks ------------------------------------------------------------------


def confirm(cast):
    return placement_transition(placement=cast.placement, name="confirm", by=cast.host_coordinator)


def refusal_of_confirm(cast) -> list[str]:
    before = history_count(cast.placement)
    with pytest.raises(ValidationError) as refused:
        confirm(cast)
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.PROPOSED
    assert history_count(cast.placement) == before
    return refused.value.messages


def test_a_placement_passing_every_check_is_confirmed():
    cast = make_cast()
    assert confirm(cast).status == S.CONFIRMED


def test_the_student_needs_a_dbs_check():
    cast = make_cast()
    StudentProfile.objects.filter(user=cast.student).update(dbs_checked_on=None)
    assert refusal_of_confirm(cast) == ["Sam Student has no DBS check recorded."]


def test_the_students_dbs_check_must_be_within_3_years_of_the_start():
    cast = make_cast(starts_on=days_ago(0), ends_on=days_ago(-100))
    StudentProfile.objects.filter(user=cast.student).update(dbs_checked_on=years_ago(3, 1))
    [message] = refusal_of_confirm(cast)
    assert message.startswith("Sam Student's DBS check (")
    assert "is more than 3 years before the placement starts" in message


def test_a_dbs_check_exactly_3_years_before_the_start_is_in_date():
    cast = make_cast(starts_on=days_ago(0), ends_on=days_ago(-100))
    StudentProfile.objects.filter(user=cast.student).update(dbs_checked_on=years_ago(3))
    EducatorProfile.objects.filter(user=cast.educator).update(dbs_checked_on=years_ago(3))
    assert confirm(cast).status == S.CONFIRMED


def test_a_student_without_a_profile_is_refused():
    cast = make_cast()
    StudentProfile.objects.filter(user=cast.student).delete()
    [message] = refusal_of_confirm(cast)
    assert "Sam Student has no student profile" in message


def test_a_practice_educator_must_be_assigned():
    cast = make_cast(practice_educator=None)
    assert refusal_of_confirm(cast) == [
        "Assign a practice educator before the placement is confirmed."
    ]


def test_the_practice_educator_needs_a_profile():
    cast = make_cast()
    EducatorProfile.objects.filter(user=cast.educator).delete()
    [message] = refusal_of_confirm(cast)
    assert message.startswith(f"{cast.educator} has no practice educator profile")


def test_the_practice_educator_needs_a_dbs_check():
    cast = make_cast()
    EducatorProfile.objects.filter(user=cast.educator).update(dbs_checked_on=None)
    assert refusal_of_confirm(cast) == [f"{cast.educator} has no DBS check recorded."]


def test_the_practice_educators_dbs_check_must_be_in_date():
    cast = make_cast()
    EducatorProfile.objects.filter(user=cast.educator).update(dbs_checked_on=years_ago(4))
    [message] = refusal_of_confirm(cast)
    assert message.startswith(f"{cast.educator}'s DBS check (")


def test_a_final_placement_needs_a_peps_stage_2_educator():
    cast = make_cast(level=Placement.Level.FINAL)
    EducatorProfile.objects.filter(user=cast.educator).update(peps_stage=1)
    assert refusal_of_confirm(cast) == [
        f"A final placement needs a practice educator at PEPS stage 2; {cast.educator} is at "
        "stage 1."
    ]


def test_a_first_placement_may_have_a_peps_stage_1_educator():
    cast = make_cast(level=Placement.Level.FIRST)
    EducatorProfile.objects.filter(user=cast.educator).update(peps_stage=1)
    assert confirm(cast).status == S.CONFIRMED


def test_the_practice_educator_must_have_room():
    cast = make_cast()
    EducatorProfile.objects.filter(user=cast.educator).update(max_students=1)
    PlacementFactory(practice_educator=cast.educator, status=S.ACTIVE)
    [message] = refusal_of_confirm(cast)
    assert message.startswith(f"{cast.educator} has no room: they already educate 1 student ")
    assert "their most at once is 1" in message


def test_finished_or_later_placements_do_not_use_up_the_educators_room():
    cast = make_cast()
    EducatorProfile.objects.filter(user=cast.educator).update(max_students=1)
    PlacementFactory(practice_educator=cast.educator, status=S.PASSED)
    PlacementFactory(practice_educator=cast.educator, status=S.ENDED_EARLY)
    PlacementFactory(
        practice_educator=cast.educator,
        status=S.CONFIRMED,
        starts_on=cast.placement.ends_on + timedelta(days=1),
        ends_on=cast.placement.ends_on + timedelta(days=100),
    )
    assert confirm(cast).status == S.CONFIRMED


def test_the_student_cannot_have_two_placements_at_once():
    cast = make_cast()
    PlacementFactory(
        student=cast.student,
        course=cast.course,
        status=S.ACTIVE,
        starts_on=cast.placement.starts_on + timedelta(days=30),
        ends_on=cast.placement.ends_on + timedelta(days=30),
    )
    clash = Placement.objects.exclude(pk=cast.placement.pk).get()
    [message] = refusal_of_confirm(cast)
    assert message.startswith(f"Sam Student already has a placement at {clash.host} from ")
    assert message.endswith("(active), which overlaps these dates.")


def test_every_failed_check_is_listed_in_one_refusal():
    cast = make_cast(level=Placement.Level.FINAL)
    StudentProfile.objects.filter(user=cast.student).update(dbs_checked_on=None)
    EducatorProfile.objects.filter(user=cast.educator).update(
        peps_stage=1, dbs_checked_on=years_ago(5), max_students=1
    )
    PlacementFactory(practice_educator=cast.educator, status=S.ACTIVE)
    PlacementFactory(student=cast.student, course=cast.course, status=S.CONFIRMED)

    messages = refusal_of_confirm(cast)

    assert len(messages) == 5
    assert messages[0] == "Sam Student has no DBS check recorded."
    assert messages[1].startswith(f"{cast.educator}'s DBS check (")
    assert messages[2].startswith("A final placement needs a practice educator at PEPS stage 2")
    assert messages[3].startswith(f"{cast.educator} has no room")
    assert messages[4].startswith("Sam Student already has a placement at")


# --- Ending early -------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_ending_early_needs_a_reason(reason):
    cast = make_cast(status=S.ACTIVE)
    before = history_count(cast.placement)
    with pytest.raises(ValidationError) as refused:
        placement_transition(
            placement=cast.placement, name="end_early", by=cast.host_coordinator, reason=reason
        )
    assert refused.value.message_dict == {
        "reason": ["Enter the reason the placement is ending early."]
    }
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.ACTIVE
    assert cast.placement.ended_reason == ""
    assert history_count(cast.placement) == before


def test_ending_early_keeps_the_reason():
    cast = make_cast(status=S.SUSPENDED)
    placement = placement_transition(
        placement=cast.placement,
        name="end_early",
        by=cast.host_coordinator,
        reason="  The student withdrew from the course.  ",
    )
    placement.refresh_from_db()
    assert placement.status == S.ENDED_EARLY
    assert placement.ended_reason == "The student withdrew from the course."


# --- Notifications ------------------------------------------------------------------------


def test_the_people_on_the_placement_are_told(django_capture_on_commit_callbacks):
    cast = make_cast()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(cast)

    told = Notification.objects.order_by("user__name")
    assert {n.user for n in told} == {cast.student, cast.educator, cast.supervisor, cast.tutor}
    for notification in told:
        assert notification.url == f"/portal/placements/{cast.placement.pk}/"
        assert "is now confirmed" in notification.title
        assert "Chris Coordinator moved Sam Student's first placement" in notification.body
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        p.email for p in (cast.student, cast.educator, cast.supervisor, cast.tutor)
    )
    assert not Notification.objects.filter(user=cast.host_coordinator).exists()


def test_the_person_who_acts_is_not_told_about_their_own_move():
    cast = make_cast(status=S.CONFIRMED)
    placement_transition(placement=cast.placement, name="start", by=cast.educator)
    assert set(Notification.objects.values_list("user", flat=True)) == {
        cast.student.pk,
        cast.supervisor.pk,
        cast.tutor.pk,
    }


def test_nobody_missing_from_the_placement_is_told():
    cast = make_cast(onsite_supervisor=None, tutor=None)
    confirm(cast)
    assert set(Notification.objects.values_list("user", flat=True)) == {
        cast.student.pk,
        cast.educator.pk,
    }


# --- Creating and changing ----------------------------------------------------------------


def create(cast, by=None, **overrides):
    fields = {
        "by": by or cast.host_coordinator,
        "student": cast.student,
        "course": cast.course,
        "host": cast.host,
        "team": "Early help team",
        "practice_educator": cast.educator,
        "onsite_supervisor": cast.supervisor,
        "tutor": cast.tutor,
        "level": Placement.Level.FIRST,
        "starts_on": days_ago(-200),
        "ends_on": days_ago(-320),
    }
    fields.update(overrides)
    return placement_create(**fields)


def test_a_new_placement_is_a_draft_with_the_courses_days():
    cast = make_cast()
    first = create(cast)
    final = create(cast, level=Placement.Level.FINAL, required_days=None)

    assert first.status == S.DRAFT
    assert first.required_days == cast.course.first_placement_days == 70
    assert final.required_days == cast.course.final_placement_days == 100
    assert first.history.get().history_user == cast.host_coordinator
    assert not Notification.objects.exists()


def test_a_placement_may_ask_for_its_own_number_of_days():
    cast = make_cast()
    assert create(cast, required_days=80).required_days == 80


@pytest.mark.parametrize("who", ["university_coordinator", "admin"])
def test_university_coordinators_and_admins_may_set_up_placements(who):
    cast = make_cast()
    assert create(cast, by=getattr(cast, who)).status == S.DRAFT


@pytest.mark.parametrize("who", ["student", "educator", "tutor"])
def test_others_cannot_set_up_placements(who):
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        create(cast, by=getattr(cast, who))


def test_a_coordinator_elsewhere_cannot_set_up_a_placement_here():
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        create(cast, by=cast.extras()["other_coordinator"])
    assert Placement.objects.count() == 1


def test_a_new_placement_must_end_after_it_starts():
    cast = make_cast()
    with pytest.raises(ValidationError) as refused:
        create(cast, starts_on=days_ago(-10), ends_on=days_ago(-10))
    assert refused.value.message_dict == {"ends_on": ["The end date must be after the start date."]}


def test_the_student_needs_a_profile_on_the_course():
    from tests.placements.factories import CourseFactory

    cast = make_cast()
    other_course = CourseFactory(university=cast.university)
    with pytest.raises(ValidationError) as refused:
        create(cast, course=other_course)
    assert list(refused.value.message_dict) == ["student"]


def test_the_people_must_hold_the_right_roles():
    cast = make_cast()
    not_an_educator = user_with_role(Role.TUTOR, cast.host, name="Norah Nurse")
    supervisor_elsewhere = user_with_role(Role.ONSITE_SUPERVISOR, OrganisationFactory())
    tutor_elsewhere = user_with_role(Role.TUTOR, OrganisationFactory())

    with pytest.raises(ValidationError) as refused:
        create(
            cast,
            practice_educator=not_an_educator,
            onsite_supervisor=supervisor_elsewhere,
            tutor=tutor_elsewhere,
            team="  ",
        )

    errors = refused.value.message_dict
    assert errors["practice_educator"] == ["Norah Nurse is not a practice educator."]
    assert errors["onsite_supervisor"] == [
        f"{supervisor_elsewhere} is not an on-site supervisor at {cast.host}."
    ]
    assert errors["tutor"] == [f"{tutor_elsewhere} is not a tutor at {cast.university}."]
    assert "team" in errors
    assert Placement.objects.count() == 1


def test_a_draft_or_proposed_placement_can_be_changed():
    cast = make_cast(status=S.DRAFT)
    other_educator = EducatorProfileFactory(organisation=cast.host).user

    placement = placement_update(
        placement=cast.placement,
        by=cast.host_coordinator,
        team="Children in need team",
        practice_educator=other_educator,
        level=Placement.Level.FINAL,
        required_days=None,
    )

    placement.refresh_from_db()
    assert placement.team == "Children in need team"
    assert placement.practice_educator == other_educator
    assert placement.required_days == 100
    assert placement.history.order_by("-pk").first().history_user == cast.host_coordinator


def test_a_confirmed_placement_cannot_be_changed():
    cast = make_cast(status=S.CONFIRMED)
    with pytest.raises(ValidationError) as refused:
        placement_update(placement=cast.placement, by=cast.host_coordinator, team="Elsewhere")
    assert refused.value.messages == [
        "Confirmed placements cannot be changed: only draft and proposed ones can."
    ]
    cast.placement.refresh_from_db()
    assert cast.placement.team == "Early help team"


def test_a_coordinator_cannot_move_a_placement_to_a_host_they_do_not_coordinate():
    cast = make_cast(status=S.DRAFT)
    elsewhere = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        placement_update(placement=cast.placement, by=cast.host_coordinator, host=elsewhere)
    cast.placement.refresh_from_db()
    assert cast.placement.host == cast.host
