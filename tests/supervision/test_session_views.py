"""Pages of supervision records (supervision/views/sessions.py, workflow.py): the log, one record,
booking, writing, actions, the student's reflection, each move, signing, the lock
and amendments; who may open each page; the placement page's supervision part."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from placements.models import Placement
from placements.selectors.review import pcf_domains
from portal import signatures
from supervision.models import SupervisionAction, SupervisionSession
from supervision.services.sessions import session_amend
from supervision.services.workflow import apply_transition, sign_record
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory
from tests.placements.support import make_cast
from tests.supervision.factories import SupervisionActionFactory, SupervisionSessionFactory
from tests.supervision.support import locked_session, record_data

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
LOCK_MESSAGE = "signed by everyone and is locked"


def today():
    return timezone.localdate()


def days_ago(n: int):
    return today() - timedelta(days=n)


@pytest.fixture
def cast():
    return make_cast(status=Placement.Status.ACTIVE)


@pytest.fixture
def outsider():
    """A practice educator with students of their own, but not this one."""
    from portal.accounts.roles import Role

    return user_with_role(Role.PRACTICE_EDUCATOR)


def url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"supervision:{name}", args=args)


def page_text(response) -> str:
    return " ".join(response.content.decode().split())


def as_user(client, user):
    client.force_login(user)
    return client


# --- The log -----------------------------------------------------------------------------


def test_the_log_lists_sessions_newest_first_with_the_book_button_for_the_pe(client, cast):
    older = SupervisionSessionFactory(placement=cast.placement, date=days_ago(10))
    newer = SupervisionSessionFactory(
        placement=cast.placement, date=days_ago(3), status=S.AWAITING_STUDENT
    )
    response = as_user(client, cast.educator).get(url("session_list", cast.placement.pk))
    assert response.status_code == 200
    text = page_text(response)
    assert text.index(f"{newer.date:%-d %b %Y}") < text.index(f"{older.date:%-d %b %Y}")
    assert "Waiting for the student" in text and "Being written" in text
    assert "Book an extra session" in text


def test_the_student_reads_the_log_without_the_book_button(client, cast):
    SupervisionSessionFactory(placement=cast.placement)
    response = as_user(client, cast.student).get(url("session_list", cast.placement.pk))
    assert response.status_code == 200
    assert "Book an extra session" not in page_text(response)


def test_the_log_marks_locked_and_amended_records(client, cast):
    original = locked_session(cast)
    session_amend(session=original, by=cast.educator, reason="Wrong duration")
    text = page_text(as_user(client, cast.tutor).get(url("session_list", cast.placement.pk)))
    assert f"Locked on {timezone.localdate():%-d %b %Y}" in text
    assert "Amended: see the correction" in text
    assert f"Amendment of the record of {original.date:%-d %b %Y}" in text


def test_the_log_is_not_found_outside_the_scope(client, cast, outsider):
    response = as_user(client, outsider).get(url("session_list", cast.placement.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_the_log_makes_a_fixed_number_of_queries(client, cast, rows, django_assert_max_num_queries):
    for n in range(rows):
        SupervisionSessionFactory(placement=cast.placement, date=days_ago(n % 14))
    as_user(client, cast.educator)
    with django_assert_max_num_queries(14):
        response = client.get(url("session_list", cast.placement.pk))
    assert len(response.context["page_obj"]) == min(rows, 20)


# --- Booking ------------------------------------------------------------------------------


def test_the_pe_books_an_extra_session(client, cast):
    when = today() + timedelta(days=2)
    response = as_user(client, cast.educator).post(
        url("session_create", cast.placement.pk),
        {
            "date": when.isoformat(),
            "starts_at": "10:30",
            "duration_minutes": "60",
            "arrangement": "group",
            "mode": "online",
        },
    )
    session = SupervisionSession.objects.get(placement=cast.placement)
    assert response.status_code == 302 and response["Location"] == url("session_detail", session.pk)
    assert (session.date, session.starts_at, session.status) == (when, time(10, 30), S.SCHEDULED)
    assert session.mode == "online" and session.arrangement == "group"


def test_booking_a_date_outside_the_placement_is_refused_on_the_form(client, cast):
    response = as_user(client, cast.educator).post(
        url("session_create", cast.placement.pk),
        {
            "date": (cast.placement.ends_on + timedelta(days=3)).isoformat(),
            "starts_at": "10:30",
            "duration_minutes": "60",
            "arrangement": "one_to_one",
            "mode": "in_person",
        },
    )
    assert response.status_code == 200
    assert "Choose a date within the placement" in page_text(response)
    assert not SupervisionSession.objects.exists()


def test_booking_a_date_that_does_not_exist_is_refused(client, cast):
    response = as_user(client, cast.educator).post(
        url("session_create", cast.placement.pk),
        {"date": "2026-02-30", "starts_at": "25:00", "duration_minutes": "60"},
    )
    text = page_text(response)
    assert "Date of the session must be a real date" in text
    assert "Start time must be a real time" in text
    assert "There is a problem" in text
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("who, status", [("student", 403), ("tutor", 403), ("outsider", 404)])
def test_only_the_pe_books(client, cast, outsider, who, status):
    user = outsider if who == "outsider" else getattr(cast, who)
    response = as_user(client, user).post(
        url("session_create", cast.placement.pk),
        {"date": today().isoformat(), "starts_at": "10:00", "duration_minutes": "60"},
    )
    assert response.status_code == status
    assert not SupervisionSession.objects.exists()


# --- The record ----------------------------------------------------------------------------


def test_the_record_shows_everything_in_it(client, cast):
    session = SupervisionSessionFactory(
        placement=cast.placement, status=S.AWAITING_EDUCATOR, student_reflection="I grew."
    )
    session.domains_discussed.set(pcf_domains()[:2])
    SupervisionActionFactory(session=session, description="Read the threshold document")
    signatures.sign(record=session, signer=cast.student, capacity="student")
    text = page_text(as_user(client, cast.tutor).get(url("session_detail", session.pk)))
    assert "Settling in well" in text  # wellbeing
    assert "Talked through the first direct-work sessions." in text  # notes
    assert f"1. {pcf_domains()[0].title}" in text
    assert "Read the threshold document" in text and "Open" in text
    assert "I grew." in text
    assert f"Signed by {cast.student}" in text
    assert "Waiting for the practice educator" in text
    # The tutor reads it but is offered nothing to do.
    assert "Sign and lock" not in text and "Take back to edit" not in text


def test_the_record_is_not_found_outside_the_scope(client, cast, outsider):
    session = SupervisionSessionFactory(placement=cast.placement)
    assert as_user(client, outsider).get(url("session_detail", session.pk)).status_code == 404


def test_the_pe_sees_the_moves_the_table_offers(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.SCHEDULED)
    text = page_text(as_user(client, cast.educator).get(url("session_detail", session.pk)))
    assert "Write the record" in text and "Move session" in text and "Cancel session" in text
    text = page_text(as_user(client, cast.student).get(url("session_detail", session.pk)))
    assert "Move session" in text and "Cancel session" not in text


# --- Starting and writing --------------------------------------------------------------


def test_starting_a_session_opens_the_record_and_carries_open_actions(client, cast):
    previous = SupervisionSessionFactory(
        placement=cast.placement, date=days_ago(8), status=S.LOCKED
    )
    SupervisionActionFactory(session=previous, description="Shadow a child protection visit")
    session = SupervisionSessionFactory(
        placement=cast.placement, date=days_ago(1), status=S.SCHEDULED, written_by=None
    )
    as_user(client, cast.educator)
    assert "The record opens for writing" in page_text(
        client.get(url("session_step", session.pk, "start"))
    )
    response = client.post(url("session_step", session.pk, "start"))
    assert response["Location"] == url("session_edit", session.pk)
    session.refresh_from_db()
    assert session.status == S.DRAFT and session.written_by == cast.educator
    assert [a.description for a in session.actions.all()] == ["Shadow a child protection visit"]


def test_a_session_still_to_come_cannot_be_written_up(client, cast):
    session = SupervisionSessionFactory(
        placement=cast.placement, date=today() + timedelta(days=3), status=S.SCHEDULED
    )
    response = as_user(client, cast.educator).post(url("session_step", session.pk, "start"))
    assert response.status_code == 200
    assert "which has not come yet" in page_text(response)
    session.refresh_from_db()
    assert session.status == S.SCHEDULED


def test_the_pe_writes_the_record(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    domains = pcf_domains()
    as_user(client, cast.educator)
    form = client.get(url("session_edit", session.pk))
    assert form.status_code == 200
    assert len(form.context["form"].fields["domains"].queryset) == 9
    # The browser's date input is filled with the record's date, and the domains are
    # checkboxes.
    assert f'value="{session.date.isoformat()}"' in form.content.decode()
    assert page_text(form).count('class="govuk-checkboxes__input"') == 9
    response = client.post(
        url("session_edit", session.pk),
        {**record_data(session, mode="online"), "domains": [domains[5].pk, domains[6].pk]},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.agenda_workload == "Two families allocated with the PE."
    assert session.mode == "online"
    assert set(session.domains_discussed.all()) == {domains[5], domains[6]}


def test_a_bad_date_on_the_record_is_named_and_nothing_changes(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    response = as_user(client, cast.educator).post(
        url("session_edit", session.pk),
        record_data(
            session,
            date=(cast.placement.starts_on - timedelta(days=1)).isoformat(),
            notes="Changed",
        ),
    )
    assert response.status_code == 200
    assert "Choose a date within the placement" in page_text(response)
    session.refresh_from_db()
    assert session.notes == "Talked through the first direct-work sessions."


@pytest.mark.parametrize("who, status", [("student", 403), ("supervisor", 403), ("outsider", 404)])
def test_only_the_pe_writes_the_record(client, cast, outsider, who, status):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    user = outsider if who == "outsider" else getattr(cast, who)
    response = as_user(client, user).post(
        url("session_edit", session.pk), record_data(session, notes="Changed")
    )
    assert response.status_code == status
    session.refresh_from_db()
    assert session.notes != "Changed"


def test_the_record_is_not_edited_once_sent(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.AWAITING_STUDENT)
    response = as_user(client, cast.educator).post(
        url("session_edit", session.pk), record_data(session, notes="Changed")
    )
    assert "Take it back to edit it" in page_text(response)
    session.refresh_from_db()
    assert session.notes != "Changed"


# --- Actions --------------------------------------------------------------------------------


def test_the_pe_adds_marks_and_removes_actions(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    as_user(client, cast.educator)
    page = page_text(client.get(url("session_actions", session.pk)))
    assert f"{cast.supervisor} (on-site supervisor)" in page
    response = client.post(
        url("session_actions", session.pk),
        {
            "description": "Book the observation",
            "owner": str(cast.supervisor.pk),
            "due_on": (session.date + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = session.actions.get()
    assert action.owner == cast.supervisor and not action.done
    client.post(url("session_action_change", session.pk, action.pk, "done"))
    action.refresh_from_db()
    assert action.done
    client.post(url("session_action_change", session.pk, action.pk, "remove"))
    assert not session.actions.exists()


def test_an_action_due_before_the_session_is_refused(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    response = as_user(client, cast.educator).post(
        url("session_actions", session.pk),
        {
            "description": "Book the observation",
            "owner": str(cast.student.pk),
            "due_on": (session.date - timedelta(days=1)).isoformat(),
        },
    )
    assert "The due date cannot be before the session" in page_text(response)
    assert not session.actions.exists()


def test_the_student_cannot_change_actions(client, cast):
    action = SupervisionActionFactory(
        session=SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    )
    as_user(client, cast.student)
    response = client.post(url("session_action_change", action.session.pk, action.pk, "done"))
    assert response.status_code == 403
    action.refresh_from_db()
    assert not action.done


# --- Moves with reasons ------------------------------------------------------------------


def test_cancelling_needs_a_reason(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.SCHEDULED)
    as_user(client, cast.educator)
    response = client.post(url("session_step", session.pk, "cancel"), {"reason": " "})
    assert "Enter the reason" in page_text(response)
    session.refresh_from_db()
    assert session.status == S.SCHEDULED
    client.post(url("session_step", session.pk, "cancel"), {"reason": "PE off sick"})
    session.refresh_from_db()
    assert (session.status, session.status_reason) == (S.CANCELLED, "PE off sick")
    assert "Cancelled: “PE off sick”" in page_text(client.get(url("session_detail", session.pk)))


def test_the_student_moves_a_session_to_a_new_slot(client, cast):
    session = SupervisionSessionFactory(
        placement=cast.placement, date=today() + timedelta(days=2), status=S.SCHEDULED
    )
    new_date = today() + timedelta(days=3)
    response = as_user(client, cast.student).post(
        url("session_step", session.pk, "move"),
        {"date": new_date.isoformat(), "starts_at": "09:15", "reason": "University teaching day"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.date, session.starts_at, session.status) == (new_date, time(9, 15), S.SCHEDULED)
    assert session.status_reason == "University teaching day"


def test_the_other_person_is_told_the_new_slot_of_a_moved_session(client, cast):
    from portal.models import Notification

    session = SupervisionSessionFactory(
        placement=cast.placement, date=today() + timedelta(days=2), status=S.SCHEDULED
    )
    new_date = today() + timedelta(days=4)
    as_user(client, cast.student).post(
        url("session_step", session.pk, "move"),
        {"date": new_date.isoformat(), "starts_at": "11:45", "reason": "Court day"},
    )
    told = Notification.objects.get(user=cast.educator)
    assert f"moved the session to {new_date.day} {new_date:%B %Y} at 11:45" in told.body
    assert told.title == f"The supervision record of {new_date.day} {new_date:%B %Y}: scheduled"


def test_moving_outside_the_placement_is_refused(client, cast):
    session = SupervisionSessionFactory(
        placement=cast.placement, date=today() + timedelta(days=2), status=S.SCHEDULED
    )
    before = session.date
    response = as_user(client, cast.educator).post(
        url("session_step", session.pk, "move"),
        {
            "date": (cast.placement.ends_on + timedelta(days=1)).isoformat(),
            "starts_at": "09:15",
            "reason": "Holiday",
        },
    )
    assert "Choose a date within the placement" in page_text(response)
    session.refresh_from_db()
    assert session.date == before


def test_a_move_the_user_may_not_take_is_forbidden(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.SCHEDULED)
    response = as_user(client, cast.student).post(
        url("session_step", session.pk, "cancel"), {"reason": "I would rather not"}
    )
    assert response.status_code == 403
    session.refresh_from_db()
    assert session.status == S.SCHEDULED


def test_a_move_not_possible_from_the_status_says_so(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    as_user(client, cast.educator)
    assert "is not possible now" in page_text(client.get(url("session_step", session.pk, "move")))
    response = client.post(
        url("session_step", session.pk, "move"),
        {"date": today().isoformat(), "starts_at": "10:00", "reason": "x"},
    )
    assert "is not possible while the record is being written" in page_text(response)


def test_an_unknown_move_is_not_found(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement)
    as_user(client, cast.educator)
    assert client.get(url("session_step", session.pk, "explode")).status_code == 404


def test_signing_is_not_a_step(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.AWAITING_EDUCATOR)
    as_user(client, cast.educator)
    assert client.post(url("session_step", session.pk, "educator_sign")).status_code == 404
    session.refresh_from_db()
    assert session.status == S.AWAITING_EDUCATOR


# --- Reflection and signing --------------------------------------------------------------


def test_the_student_must_reflect_before_signing(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.AWAITING_STUDENT)
    as_user(client, cast.student)
    response = client.post(url("session_sign", session.pk))
    assert "Add your reflection before you sign" in page_text(response)
    assert signatures.signatures_for(session) == []
    response = client.post(url("session_reflect", session.pk), {"student_reflection": ""})
    assert "Write your reflection" in page_text(response)


def test_it_is_not_the_pes_turn_to_sign_before_the_student(client, cast):
    session = SupervisionSessionFactory(
        placement=cast.placement, status=S.AWAITING_STUDENT, student_reflection="Fine."
    )
    as_user(client, cast.educator)
    assert "It is the student's turn to sign" in page_text(
        client.get(url("session_sign", session.pk))
    )
    assert client.post(url("session_sign", session.pk)).status_code == 403
    assert signatures.signatures_for(session) == []


@pytest.mark.parametrize("who, status", [("tutor", 403), ("supervisor", 403), ("outsider", 404)])
def test_only_the_student_and_pe_sign(client, cast, outsider, who, status):
    session = SupervisionSessionFactory(
        placement=cast.placement, status=S.AWAITING_STUDENT, student_reflection="Fine."
    )
    user = outsider if who == "outsider" else getattr(cast, who)
    assert as_user(client, user).post(url("session_sign", session.pk)).status_code == status
    assert signatures.signatures_for(session) == []


@pytest.mark.parametrize("who, status", [("educator", 403), ("tutor", 403), ("outsider", 404)])
def test_only_the_student_reflects(client, cast, outsider, who, status):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.AWAITING_STUDENT)
    user = outsider if who == "outsider" else getattr(cast, who)
    response = as_user(client, user).post(
        url("session_reflect", session.pk), {"student_reflection": "Someone else's words"}
    )
    assert response.status_code == status
    session.refresh_from_db()
    assert session.student_reflection == ""


# --- The lock ---------------------------------------------------------------------------


def test_a_locked_record_shows_the_lock_and_only_amend_to_the_pe(client, cast):
    session = locked_session(cast)
    text = page_text(as_user(client, cast.educator).get(url("session_detail", session.pk)))
    assert f"Signed by both and locked on {session.locked_at:%-d %B %Y}" in text
    assert "Amend" in text
    for offered in ("Change the record", "Take back to edit", "Sign and lock", "Cancel session"):
        assert offered not in text
    text = page_text(as_user(client, cast.student).get(url("session_detail", session.pk)))
    assert "Signed by both and locked" in text and ">Amend<" not in text


def _locked_writes(session, cast) -> list[tuple[str, dict]]:
    data = record_data(session, notes="Quietly changed")
    return [
        (url("session_edit", session.pk), data),
        (
            url("session_actions", session.pk),
            {
                "description": "New",
                "owner": str(cast.student.pk),
                "due_on": session.date.isoformat(),
            },
        ),
        (url("session_step", session.pk, "take_back"), {"reason": "Fix a typo"}),
        (url("session_step", session.pk, "cancel"), {"reason": "Fix a typo"}),
        (url("session_sign", session.pk), {}),
    ]


def test_every_write_page_refuses_a_locked_record_with_a_message(client, cast):
    session = locked_session(cast)
    action = SupervisionAction.objects.filter(session=session).first()
    before = SupervisionSession.history.filter(id=session.pk).count()
    as_user(client, cast.educator)
    targets = _locked_writes(session, cast)
    for target, data in targets:
        for response in (client.get(target, follow=True), client.post(target, data, follow=True)):
            assert response.status_code == 200, target
            assert LOCK_MESSAGE in page_text(response), target
    session.refresh_from_db()
    assert session.notes == "Talked through the first direct-work sessions."
    assert session.status == S.LOCKED and session.is_locked
    assert not session.actions.exists() and action is None
    assert SupervisionSession.history.filter(id=session.pk).count() == before


def test_the_student_cannot_reflect_on_a_locked_record(client, cast):
    session = locked_session(cast)
    response = as_user(client, cast.student).post(
        url("session_reflect", session.pk), {"student_reflection": "Rewritten"}, follow=True
    )
    assert LOCK_MESSAGE in page_text(response)
    session.refresh_from_db()
    assert session.student_reflection == "I learnt to slow down."


def test_actions_of_a_locked_record_stay_as_signed(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    action = SupervisionActionFactory(session=session)
    session = locked_session_from(session, cast)
    as_user(client, cast.educator)
    for change in ("done", "remove"):
        response = client.post(
            url("session_action_change", session.pk, action.pk, change), follow=True
        )
        assert LOCK_MESSAGE in page_text(response)
    action.refresh_from_db()
    assert not action.done


def test_actions_are_changed_only_while_the_record_is_written(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.AWAITING_STUDENT)
    action = SupervisionActionFactory(session=session)
    as_user(client, cast.educator)
    for change in ("done", "not-done", "remove"):
        response = client.post(
            url("session_action_change", session.pk, action.pk, change), follow=True
        )
        assert response.redirect_chain[-1][0] == url("session_detail", session.pk)
        assert "Actions are changed while the record is being written." in page_text(response)
    action.refresh_from_db()
    assert not action.done


def test_an_unknown_change_to_an_action_is_not_found(client, cast):
    action = SupervisionActionFactory(
        session=SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    )
    response = as_user(client, cast.educator).post(
        url("session_action_change", action.session.pk, action.pk, "undo")
    )
    assert response.status_code == 404


def locked_session_from(session, cast) -> SupervisionSession:
    apply_transition(record=session, name="send_to_student", by=cast.educator)
    SupervisionSession.objects.filter(pk=session.pk).update(student_reflection="Thanks.")
    sign_record(record=session, by=cast.student)
    sign_record(record=session, by=cast.educator)
    session.refresh_from_db()
    return session


# --- Amendments ------------------------------------------------------------------------


def test_amending_needs_a_reason_and_leads_to_the_corrections_edit_page(client, cast):
    original = locked_session(cast)
    as_user(client, cast.educator)
    response = client.post(url("session_amend", original.pk), {"reason": ""})
    assert "Enter the reason for the amendment" in page_text(response)
    assert not SupervisionSession.objects.filter(amends=original).exists()
    response = client.post(url("session_amend", original.pk), {"reason": "Duration was 60"})
    correction = SupervisionSession.objects.get(amends=original)
    assert response["Location"] == url("session_edit", correction.pk)
    assert correction.status == S.DRAFT and not correction.is_locked
    # A second amendment of the same original is sent to the newest version.
    response = client.get(url("session_amend", original.pk), follow=True)
    assert "already has an amendment" in page_text(response)
    assert response.redirect_chain[-1][0] == url("session_detail", correction.pk)


@pytest.mark.parametrize("who, status", [("student", 403), ("tutor", 403), ("outsider", 404)])
def test_only_the_pe_amends(client, cast, outsider, who, status):
    original = locked_session(cast)
    user = outsider if who == "outsider" else getattr(cast, who)
    response = as_user(client, user).post(url("session_amend", original.pk), {"reason": "x"})
    assert response.status_code == status
    assert not SupervisionSession.objects.filter(amends=original).exists()


def test_an_unlocked_record_is_not_amended(client, cast):
    session = SupervisionSessionFactory(placement=cast.placement, status=S.DRAFT)
    response = as_user(client, cast.educator).post(
        url("session_amend", session.pk), {"reason": "x"}, follow=True
    )
    assert "can still be changed" in page_text(response)
    assert not SupervisionSession.objects.filter(amends=session).exists()


# --- The whole journey through the pages ----------------------------------------------


def test_the_whole_journey_through_the_pages(client, cast):
    educator, student = cast.educator, cast.student
    held_on = days_ago(1)

    # The PE books a session held yesterday, opens its record and writes it.
    as_user(client, educator).post(
        url("session_create", cast.placement.pk),
        {
            "date": held_on.isoformat(),
            "starts_at": "14:00",
            "duration_minutes": "90",
            "arrangement": "one_to_one",
            "mode": "in_person",
        },
    )
    session = SupervisionSession.objects.get(placement=cast.placement)
    client.post(url("session_step", session.pk, "start"))
    client.post(
        url("session_edit", session.pk),
        {**record_data(session), "domains": [pcf_domains()[0].pk]},
    )
    client.post(
        url("session_actions", session.pk),
        {
            "description": "Read the early-help threshold",
            "owner": str(student.pk),
            "due_on": today().isoformat(),
        },
    )
    client.post(url("session_step", session.pk, "send_to_student"))
    session.refresh_from_db()
    assert session.status == S.AWAITING_STUDENT

    # The student reflects and signs.
    as_user(client, student)
    assert "Add your reflection" in page_text(client.get(url("session_detail", session.pk)))
    client.post(url("session_reflect", session.pk), {"student_reflection": "I felt heard."})
    client.post(url("session_sign", session.pk))
    session.refresh_from_db()
    assert session.status == S.AWAITING_EDUCATOR

    # The PE signs: the record locks.
    as_user(client, educator)
    response = client.post(url("session_sign", session.pk), follow=True)
    assert "signed by you both and locked" in page_text(response)
    session.refresh_from_db()
    assert session.is_locked and session.status == S.LOCKED

    # A correction: amended, written, sent, signed by both again.
    client.post(url("session_amend", session.pk), {"reason": "It lasted 60 minutes"})
    correction = SupervisionSession.objects.get(amends=session)
    client.post(url("session_edit", correction.pk), record_data(correction, duration_minutes="60"))
    client.post(url("session_step", correction.pk, "send_to_student"))
    as_user(client, student)
    client.post(url("session_reflect", correction.pk), {"student_reflection": "Agreed."})
    client.post(url("session_sign", correction.pk))
    as_user(client, educator)
    client.post(url("session_sign", correction.pk))
    correction.refresh_from_db()
    assert correction.is_locked and correction.duration_minutes == 60
    assert [a.description for a in correction.actions.all()] == ["Read the early-help threshold"]

    # The original stays readable, as signed, and links to its correction.
    text = page_text(as_user(client, cast.tutor).get(url("session_detail", session.pk)))
    assert "90 minutes" in text and "I felt heard." in text
    assert "It lasted 60 minutes" in text and "See the corrected record" in text
    text = page_text(client.get(url("session_detail", correction.pk)))
    assert "This is an amendment of" in text and "60 minutes" in text


# --- On the placement page -------------------------------------------------------------


def test_the_placement_page_shows_the_latest_the_next_and_what_waits(client, cast):
    for n in range(7):
        SupervisionSessionFactory(placement=cast.placement, date=days_ago(2 + n), status=S.LOCKED)
    waiting = SupervisionSessionFactory(
        placement=cast.placement, date=days_ago(1), status=S.AWAITING_STUDENT
    )
    upcoming = SupervisionSessionFactory(
        placement=cast.placement, date=today() + timedelta(days=4), status=S.SCHEDULED
    )
    placement_url = f"/portal/placements/{cast.placement.pk}/"
    text = page_text(as_user(client, cast.student).get(placement_url))
    assert "Latest supervision" in text
    # The five latest that have happened; the upcoming one is the next session instead.
    assert url("session_detail", upcoming.pk) in text
    assert "Waiting for your reflection and signature" in text
    assert url("session_detail", waiting.pk) in text
    assert f"{upcoming.date:%A %-d %B %Y} at 14:00" in text
    assert url("session_list", cast.placement.pk) in text
    text = page_text(as_user(client, cast.educator).get(placement_url))
    assert "Waiting for you" not in text  # nothing is the PE's to do
    assert "Book an extra session" in text


def _placement_page_queries(client, rows: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    placement = PlacementFactory()
    for n in range(rows):
        SupervisionSessionFactory(
            placement=placement,
            date=days_ago(n % 14),
            status=S.AWAITING_STUDENT if n % 2 else S.LOCKED,
        )
    as_user(client, placement.student)
    placement_url = f"/portal/placements/{placement.pk}/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(placement_url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_placement_page_makes_as_many_queries_for_5_sessions_as_for_50(client):
    assert _placement_page_queries(client, 5) == _placement_page_queries(client, 50)
