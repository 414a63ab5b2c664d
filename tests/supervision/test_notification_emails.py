"""Free text never leaves by email: supervision (issue 13, requirement 4).

A child's name in every free-text field of supervision that reaches a
notification (the reasons given to move, cancel, send back, take back or amend
a record, and an observation's setting): the emails say what happened and link
to the record; the text stays in the portal, where the notifications page still
shows it.
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from placements.selectors.review import pcf_domains
from supervision.models import Observation, ServiceUserFeedback, SupervisionSession
from supervision.services.observations import (
    observation_amend,
    observation_book,
    observation_feedback_save,
    observation_reflect,
    observation_sign,
    observation_step,
    service_user_feedback_save,
)
from supervision.services.sessions import session_amend, session_move
from supervision.services.workflow import apply_transition
from tests.notification_emails import (
    CHILD_FIRST_NAME,
    CHILD_NAME,
    assert_emails_carry_no_free_text,
    notifications_page,
)
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory
from tests.supervision.support import locked, signed_by_student

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status


def test_a_session_moved_and_another_cancelled_with_reasons(
    client, django_capture_on_commit_callbacks
):
    moving = SupervisionSessionFactory(status=S.SCHEDULED, date=timezone.localdate())
    placement = moving.placement
    cancelling = SupervisionSessionFactory(placement=placement, status=S.SCHEDULED)
    educator, student = placement.practice_educator, placement.student
    moved = f"Court hearing for {CHILD_NAME} that morning."
    cancelled = f"Emergency strategy meeting about {CHILD_FIRST_NAME}."

    with django_capture_on_commit_callbacks(execute=True):
        session_move(
            session=moving,
            by=educator,
            date=timezone.localdate() + timedelta(days=1),
            starts_at=time(9, 30),
            reason=moved,
        )
        apply_transition(record=cancelling, name="cancel", by=educator, reason=cancelled)

    assert_emails_carry_no_free_text(moved, cancelled, "Court hearing", to={student.email})
    page = notifications_page(client, student)
    assert moved in page and cancelled in page


def test_a_record_sent_back_taken_back_and_amended_with_reasons(
    client, django_capture_on_commit_callbacks
):
    waiting = signed_by_student()
    placement = waiting.placement
    educator, student = placement.practice_educator, placement.student
    record = locked(placement=placement, date=waiting.date - timedelta(days=7))
    taken_back = f"I left out the discussion of {CHILD_NAME}'s case."
    amended = f"The notes gave the wrong school for {CHILD_FIRST_NAME}."

    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(record=waiting, name="take_back", by=educator, reason=taken_back)
        session_amend(session=record, by=educator, reason=amended)

    assert_emails_carry_no_free_text(taken_back, amended, "wrong school", to={student.email})
    page = notifications_page(client, student)
    assert taken_back in page and amended in page


def test_a_record_the_student_sends_back_with_a_reason(client, django_capture_on_commit_callbacks):
    waiting = SupervisionSessionFactory()
    placement = waiting.placement
    educator, student = placement.practice_educator, placement.student
    waiting = apply_transition(record=waiting, name="send_to_student", by=educator)
    reason = f"We agreed I would not visit {CHILD_NAME} alone; the notes say I will."

    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(record=waiting, name="send_back", by=student, reason=reason)

    assert_emails_carry_no_free_text(reason, "alone", to={educator.email})
    assert reason in notifications_page(client, educator)


def test_an_observation_booked_and_amended(client, django_capture_on_commit_callbacks):
    earlier = ObservationFactory()
    placement = earlier.placement
    educator, student = placement.practice_educator, placement.student
    setting = f"Home visit to {CHILD_NAME}'s grandmother"
    reason = f"The feedback named the wrong sibling of {CHILD_FIRST_NAME}."
    done = _locked_observation(earlier)

    with django_capture_on_commit_callbacks(execute=True):
        observation_book(
            placement=placement,
            by=student,
            observer=educator,
            date=timezone.localdate() - timedelta(days=1),
            setting=setting,
        )
        observation_amend(observation=done, by=educator, reason=reason)

    assert_emails_carry_no_free_text(
        setting, reason, "grandmother", to={educator.email, student.email}
    )
    assert setting in notifications_page(client, educator)
    assert reason in notifications_page(client, student)


def _locked_observation(observation):
    observer, student = observation.observer, observation.placement.student
    observation_step(observation=observation, by=observer, name="start")
    observation_feedback_save(
        observation=observation,
        by=observer,
        overall_feedback="A calm visit.",
        domain_feedback={pcf_domains()[0]: "Clear purpose."},
    )
    service_user_feedback_save(
        observation=observation,
        by=observer,
        kind=ServiceUserFeedback.Kind.FACES,
        given_by="Child aged 9",
        faces=5,
    )
    observation = Observation.objects.get(pk=observation.pk)
    observation_step(observation=observation, by=observer, name="send_to_student")
    observation_reflect(observation=observation, by=student, reflection="I slowed down.")
    observation_sign(observation=observation, by=student)
    return observation_sign(observation=observation, by=observer)
