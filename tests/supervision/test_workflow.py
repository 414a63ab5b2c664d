"""The supervision record's workflow: every move, the signing order, the lock and
the amendment chain, through the services (pages, API and admin have their own tests)."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from placements.models import Capability
from portal.locking import RecordLocked, current_version
from portal.models import Notification
from portal.signatures import signatures_for
from portal.transitions import TransitionNotAllowed
from supervision.models import SupervisionAction, SupervisionSession
from supervision.services import sessions as services
from supervision.services.workflow import apply_transition, sign_record
from tests.supervision.factories import SupervisionActionFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status


def _people(session):
    return session.placement.student, session.placement.practice_educator


def _locked_session(**kwargs):
    session = SupervisionSessionFactory(**kwargs)
    student, educator = _people(session)
    session = apply_transition(record=session, name="send_to_student", by=educator)
    services.session_reflect(session=session, by=student, reflection="I learnt to listen first.")
    session = sign_record(record=session, by=student)
    return sign_record(record=session, by=educator)


def test_the_record_is_locked_once_the_student_then_the_educator_sign():
    session = SupervisionSessionFactory()
    student, educator = _people(session)

    session = apply_transition(record=session, name="send_to_student", by=educator)
    assert session.status == S.AWAITING_STUDENT
    assert Notification.objects.filter(user=student, url__contains=str(session.pk)).exists()

    services.session_reflect(session=session, by=student, reflection="Planning helped.")
    session = sign_record(record=session, by=student)
    assert session.status == S.AWAITING_EDUCATOR and not session.is_locked

    session = sign_record(record=session, by=educator)
    session.refresh_from_db()
    assert session.status == S.LOCKED
    assert session.is_locked
    assert {s.capacity for s in signatures_for(session)} == {"student", "practice_educator"}


def test_the_student_cannot_sign_without_a_reflection_and_nothing_changes():
    session = SupervisionSessionFactory()
    student, educator = _people(session)
    session = apply_transition(record=session, name="send_to_student", by=educator)
    with pytest.raises(ValidationError, match="reflection"):
        sign_record(record=session, by=student)
    session.refresh_from_db()
    assert session.status == S.AWAITING_STUDENT
    assert signatures_for(session) == []


def test_it_is_nobody_elses_turn_to_sign():
    session = SupervisionSessionFactory()
    student, educator = _people(session)
    session = apply_transition(record=session, name="send_to_student", by=educator)
    with pytest.raises(PermissionDenied):
        sign_record(record=session, by=educator)  # the student signs first
    with pytest.raises(PermissionDenied):
        sign_record(record=session, by=session.placement.tutor)


def test_a_draft_is_not_waiting_for_a_signature():
    session = SupervisionSessionFactory()
    _, educator = _people(session)
    with pytest.raises(TransitionNotAllowed):
        sign_record(record=session, by=educator)


def test_signing_moves_cannot_be_taken_without_signing():
    session = SupervisionSessionFactory(status=S.AWAITING_EDUCATOR)
    _, educator = _people(session)
    with pytest.raises(TransitionNotAllowed):
        apply_transition(record=session, name="educator_sign", by=educator)
    session.refresh_from_db()
    assert not session.is_locked


def test_only_the_practice_educator_sends_the_record():
    session = SupervisionSessionFactory()
    student, _ = _people(session)
    with pytest.raises(PermissionDenied):
        apply_transition(record=session, name="send_to_student", by=student)
    session.refresh_from_db()
    assert session.status == S.DRAFT


def test_an_empty_record_or_a_future_date_is_not_sent():
    session = SupervisionSessionFactory(agenda_wellbeing="", notes="")
    _, educator = _people(session)
    with pytest.raises(ValidationError, match="agenda item or the notes"):
        apply_transition(record=session, name="send_to_student", by=educator)
    future = SupervisionSessionFactory(
        placement=session.placement, date=timezone.localdate() + timedelta(days=2)
    )
    with pytest.raises(ValidationError, match="has not come yet"):
        apply_transition(record=future, name="send_to_student", by=educator)


def test_cancelling_needs_a_reason():
    session = SupervisionSessionFactory(status=S.SCHEDULED)
    _, educator = _people(session)
    with pytest.raises(ValidationError):
        apply_transition(record=session, name="cancel", by=educator, reason="  ")
    session = apply_transition(record=session, name="cancel", by=educator, reason="PE off sick")
    assert session.status == S.CANCELLED and session.status_reason == "PE off sick"


def test_a_move_the_table_does_not_have_is_refused():
    session = SupervisionSessionFactory(status=S.CANCELLED)
    _, educator = _people(session)
    with pytest.raises(TransitionNotAllowed):
        apply_transition(record=session, name="send_to_student", by=educator)


def test_taking_a_record_back_clears_the_students_signature():
    session = SupervisionSessionFactory()
    student, educator = _people(session)
    session = apply_transition(record=session, name="send_to_student", by=educator)
    services.session_reflect(session=session, by=student, reflection="Useful.")
    session = sign_record(record=session, by=student)
    session = apply_transition(record=session, name="take_back", by=educator, reason="Typo")
    assert session.status == S.DRAFT
    assert signatures_for(session) == []


def test_moving_a_scheduled_session_keeps_the_reason_and_stops_following_the_slot():
    session = SupervisionSessionFactory(status=S.SCHEDULED, date=timezone.localdate())
    _, educator = _people(session)
    new_day = timezone.localdate() + timedelta(days=1)
    session = services.session_move(
        session=session, by=educator, date=new_day, starts_at=time(9, 30), reason="Court day"
    )
    session.refresh_from_db()
    assert (session.date, session.starts_at) == (new_day, time(9, 30))
    assert session.status_reason == "Court day" and not session.from_schedule


def test_a_session_outside_the_placement_dates_is_refused():
    session = SupervisionSessionFactory(status=S.SCHEDULED, date=timezone.localdate())
    _, educator = _people(session)
    outside = session.placement.ends_on + timedelta(days=3)
    with pytest.raises(ValidationError, match="within the placement"):
        services.session_move(
            session=session, by=educator, date=outside, starts_at=time(9, 0), reason="Holiday"
        )
    session.refresh_from_db()
    assert session.date == timezone.localdate()


# --- the lock holds everywhere the model is reached -------------------------------------


def test_a_locked_record_refuses_every_change():
    session = _locked_session()
    student, educator = _people(session)
    action = SupervisionAction.objects.create(
        session=SupervisionSessionFactory(placement=session.placement),
        description="x",
        owner=student,
        due_on=timezone.localdate(),
    )
    with pytest.raises(RecordLocked):
        services.session_record_save(session=session, by=educator, notes="Changed")
    with pytest.raises(RecordLocked):
        services.session_reflect(session=session, by=student, reflection="Changed")
    session.notes = "Changed behind the service's back"
    with pytest.raises(RecordLocked):
        session.save()
    with pytest.raises(RecordLocked):
        SupervisionSession.objects.filter(pk=session.pk).update(notes="Bulk change")
    with pytest.raises(RecordLocked):
        SupervisionSession.objects.filter(pk=session.pk).delete()
    with pytest.raises(RecordLocked):
        session.delete()
    # Its parts: an action cannot be added, moved in or out, changed or removed.
    with pytest.raises(RecordLocked):
        SupervisionAction.objects.create(
            session=session, description="Sneaked in", owner=student, due_on=session.date
        )
    action.session = session
    with pytest.raises(RecordLocked):
        action.save()
    with pytest.raises(RecordLocked), transaction.atomic():
        session.domains_discussed.add(Capability.objects.first())
    with pytest.raises(RecordLocked):
        apply_transition(record=session, name="take_back", by=educator, reason="Oops")
    fresh = SupervisionSession.objects.get(pk=session.pk)
    assert fresh.notes == SupervisionSessionFactory._meta.declarations["notes"]
    assert fresh.status == S.LOCKED


def test_actions_of_a_locked_record_cannot_be_changed_or_removed():
    session = SupervisionSessionFactory()
    action = SupervisionActionFactory(session=session)
    student, educator = _people(session)
    session = apply_transition(record=session, name="send_to_student", by=educator)
    services.session_reflect(session=session, by=student, reflection="Fine.")
    sign_record(record=sign_record(record=session, by=student), by=educator)
    action.done = True
    with pytest.raises(RecordLocked):
        action.save()
    with pytest.raises(RecordLocked):
        SupervisionAction.objects.filter(pk=action.pk).update(done=True)
    with pytest.raises(RecordLocked):
        action.delete()
    assert SupervisionAction.objects.get(pk=action.pk).done is False


# --- amendments --------------------------------------------------------------------------


def test_an_amendment_is_a_new_version_signed_again_and_the_original_stays():
    original = _locked_session(duration_minutes=60)
    student, educator = _people(original)

    correction = services.session_amend(
        session=original, by=educator, reason="It ran for 90 minutes"
    )
    assert correction.pk != original.pk
    assert correction.amends_id == original.pk
    assert correction.status == S.DRAFT and not correction.is_locked
    assert signatures_for(correction) == []
    assert Notification.objects.filter(user=student, title__contains="amended").exists()

    correction = services.session_record_save(session=correction, by=educator, duration_minutes=90)
    correction = apply_transition(record=correction, name="send_to_student", by=educator)
    services.session_reflect(session=correction, by=student, reflection="Agreed.")
    correction = sign_record(record=sign_record(record=correction, by=student), by=educator)

    original.refresh_from_db()
    correction.refresh_from_db()
    assert original.is_locked and original.duration_minutes == 60
    assert correction.is_locked and correction.duration_minutes == 90
    assert correction.amendment_reason == "It ran for 90 minutes"
    assert current_version(original) == correction
    # Both keep their own history.
    assert original.history.count() >= 2 and correction.history.count() >= 2


def test_an_amendment_copies_the_actions_and_domains():
    session = SupervisionSessionFactory()
    SupervisionActionFactory(session=session, description="Book the observation")
    domain = Capability.objects.filter(version__framework__code="pcf").first()
    session.domains_discussed.add(domain)
    student, educator = _people(session)
    session = apply_transition(record=session, name="send_to_student", by=educator)
    services.session_reflect(session=session, by=student, reflection="Fine.")
    session = sign_record(record=sign_record(record=session, by=student), by=educator)

    correction = services.session_amend(session=session, by=educator, reason="Add notes")
    assert list(correction.actions.values_list("description", flat=True)) == [
        "Book the observation"
    ]
    assert list(correction.domains_discussed.all()) == [domain]


def test_amendment_refusals():
    session = SupervisionSessionFactory()
    student, educator = _people(session)
    with pytest.raises(ValidationError, match="Only a locked record"):
        services.session_amend(session=session, by=educator, reason="Why")
    locked = _locked_session()
    student, educator = _people(locked)
    with pytest.raises(PermissionDenied):
        services.session_amend(session=locked, by=student, reason="Why")
    with pytest.raises(ValidationError):
        services.session_amend(session=locked, by=educator, reason=" ")
    services.session_amend(session=locked, by=educator, reason="First correction")
    with pytest.raises(ValidationError, match="already has an amendment"):
        services.session_amend(session=locked, by=educator, reason="Second")
    assert SupervisionSession.objects.filter(amends=locked).count() == 1


# --- actions carry forward ---------------------------------------------------------------


def test_open_actions_carry_forward_into_the_next_record():
    first = SupervisionSessionFactory(date=timezone.localdate() - timedelta(days=8))
    open_action = SupervisionActionFactory(session=first, description="Read the threshold doc")
    SupervisionActionFactory(session=first, description="Done already", done=True)
    _, educator = _people(first)
    following = SupervisionSessionFactory(
        placement=first.placement, status=S.SCHEDULED, date=timezone.localdate() - timedelta(days=1)
    )
    following = services.session_start(session=following, by=educator)
    carried = list(following.actions.all())
    assert [a.description for a in carried] == ["Read the threshold doc"]
    assert carried[0].carried_from == open_action
    # The earlier record keeps its action as it was.
    assert first.actions.count() == 2


def test_an_action_owner_must_be_on_the_placement():
    session = SupervisionSessionFactory()
    _, educator = _people(session)
    with pytest.raises(ValidationError, match="owner"):
        services.action_add(
            session=session,
            by=educator,
            description="Something",
            owner=session.placement.tutor,
            due_on=session.date,
        )
    assert session.actions.count() == 0
