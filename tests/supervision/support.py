"""Supervision records and observations in a given state, reached through the
services, and the form data the pages take (no tests here)."""

from datetime import timedelta

from django.utils import timezone

from placements.selectors.review import pcf_domains
from supervision.models import Observation, ServiceUserFeedback, SupervisionSession
from supervision.services.observations import (
    observation_book,
    observation_feedback_save,
    observation_reflect,
    observation_sign,
    observation_step,
    service_user_feedback_save,
)
from supervision.services.sessions import session_reflect
from supervision.services.workflow import apply_transition, sign_record
from tests.supervision.factories import SupervisionSessionFactory


def sent_to_student(**fields):
    session = SupervisionSessionFactory(**fields)
    return apply_transition(
        record=session, name="send_to_student", by=session.placement.practice_educator
    )


def signed_by_student(**fields):
    session = sent_to_student(**fields)
    student = session.placement.student
    session_reflect(session=session, by=student, reflection="I learnt to listen before advising.")
    return sign_record(record=session, by=student)


def locked(**fields):
    session = signed_by_student(**fields)
    return sign_record(record=session, by=session.placement.practice_educator)


# --- observations -------------------------------------------------------------------


def a_day_ago():
    return timezone.localdate() - timedelta(days=1)


def book(placement, by=None, observer=None, **fields):
    fields.setdefault("date", a_day_ago())
    fields.setdefault("setting", "Home visit")
    return observation_book(
        placement=placement,
        by=by or placement.practice_educator,
        observer=observer or placement.practice_educator,
        **fields,
    )


def written(placement, **book_fields) -> Observation:
    """An observation booked, started and fed back on by the practice educator."""
    observation = book(placement, **book_fields)
    observer = observation.observer
    observation_step(observation=observation, by=observer, name="start")
    domain = pcf_domains()[0]
    observation_feedback_save(
        observation=observation,
        by=observer,
        overall_feedback="A calm, well-paced visit.",
        domain_feedback={domain: "Explained the purpose of the visit clearly."},
    )
    service_user_feedback_save(
        observation=observation,
        by=observer,
        kind=ServiceUserFeedback.Kind.FACES,
        given_by="Child aged 9",
        faces=5,
    )
    return Observation.objects.get(pk=observation.pk)


def locked_observation(placement) -> Observation:
    observation = written(placement)
    observer, student = observation.observer, placement.student
    observation_step(observation=observation, by=observer, name="send_to_student")
    observation_reflect(observation=observation, by=student, reflection="I learned to slow down.")
    observation_sign(observation=observation, by=student)
    return observation_sign(observation=observation, by=observer)


# --- supervision records' pages -------------------------------------------------------


def record_data(session, **overrides) -> dict:
    data = {
        "date": session.date.isoformat(),
        "starts_at": "14:00",
        "duration_minutes": "90",
        "arrangement": "one_to_one",
        "mode": "in_person",
        "attendees": "",
        "agenda_wellbeing": "Feeling settled.",
        "agenda_workload": "Two families allocated with the PE.",
        "agenda_learning": "Domain 6: critical reflection.",
        "agenda_reflection": "The first home visit.",
        "agenda_case_discussion": "A 9-year-old boy's school attendance.",
        "agenda_actions_review": "Reading done.",
        "notes": "A good session.",
    }
    data.update(overrides)
    return data


def locked_session(cast) -> SupervisionSession:
    """A record taken through the services to signed and locked."""
    session = SupervisionSessionFactory(
        placement=cast.placement, status=SupervisionSession.Status.DRAFT
    )
    apply_transition(record=session, name="send_to_student", by=cast.educator)
    session.refresh_from_db()
    session.student_reflection = "I learnt to slow down."
    session.save()
    sign_record(record=session, by=cast.student)
    sign_record(record=session, by=cast.educator)
    session.refresh_from_db()
    assert session.is_locked
    return session
