"""The anonymisation guard on supervision records and direct observations, which
the university reads and prints (placements/services/anonymisation.py, called by
supervision/services).

Every free-text field is written with a child's first name, a child's surname,
a carer's name and the name of a child on the practice educator's other work:
each is refused on its field and nothing is saved; a name on nobody's work here
is accepted. The API refuses the same way, with 422 naming the field.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from placements.selectors.review import pcf_domains
from placements.services.anonymisation import message
from supervision.models import Observation, ServiceUserFeedback, SupervisionAction
from supervision.models import SupervisionSession as Session
from supervision.services.observations import (
    observation_book,
    observation_feedback_save,
    observation_plan_save,
    observation_reflect,
    service_user_feedback_save,
)
from supervision.services.sessions import (
    action_add,
    session_amend,
    session_record_save,
    session_reflect,
)
from supervision.services.workflow import apply_transition
from tests.placements.support import NAMES_ON_WORK, NOT_ON_WORK, allocate_named_children, make_cast
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory
from tests.supervision.support import locked, sent_to_student

pytestmark = pytest.mark.django_db

NAMED = pytest.mark.parametrize("text", NAMES_ON_WORK.values(), ids=NAMES_ON_WORK.keys())
O = Observation.Status  # noqa: E741 - reads as the model's status
NOTES = "Talked through the first direct-work sessions."  # as the factory writes them


@pytest.fixture
def cast():
    cast = make_cast(status="active")
    allocate_named_children(cast.placement)
    return cast


def refused_on(write, text: str) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        write(text)
    return refused.value.message_dict


# --- supervision records ----------------------------------------------------------------


@NAMED
@pytest.mark.parametrize("field", [*Session.AGENDA, "attendees", "notes"])
def test_every_part_of_the_record_refuses_a_name_on_the_work(cast, text, field):
    session = SupervisionSessionFactory(placement=cast.placement)
    before = {name: getattr(session, name) for name in (field, "duration_minutes")}
    history = session.history.count()

    errors = refused_on(
        lambda t: session_record_save(
            session=session, by=cast.educator, duration_minutes=60, **{field: t}
        ),
        text,
    )

    label = str(Session._meta.get_field(field).verbose_name)
    assert errors == {field: [message(label)]}
    session.refresh_from_db()
    assert {name: getattr(session, name) for name in before} == before
    assert session.history.count() == history


def test_the_record_takes_a_name_that_is_on_nobody_s_work_here(cast):
    session = SupervisionSessionFactory(placement=cast.placement)

    session_record_save(session=session, by=cast.educator, agenda_case_discussion=NOT_ON_WORK)

    session.refresh_from_db()
    assert session.agenda_case_discussion == NOT_ON_WORK


@NAMED
def test_an_action_the_reflection_and_the_reasons_refuse_a_name(cast, text):
    session = SupervisionSessionFactory(placement=cast.placement)
    waiting = sent_to_student(placement=cast.placement)
    signed = locked(placement=cast.placement)
    due = session.date + timedelta(days=7)

    action = refused_on(
        lambda t: action_add(
            session=session, by=cast.educator, description=t, owner=cast.student, due_on=due
        ),
        text,
    )
    reflection = refused_on(
        lambda t: session_reflect(session=waiting, by=cast.student, reflection=t), text
    )
    send_back = refused_on(
        lambda t: apply_transition(record=waiting, name="send_back", by=cast.student, reason=t),
        text,
    )
    amendment = refused_on(
        lambda t: session_amend(session=signed, by=cast.educator, reason=t), text
    )

    assert action == {"description": [message("action")]}
    assert reflection == {"student_reflection": [message("reflection")]}
    assert send_back == amendment == {"reason": [message("reason")]}
    assert not SupervisionAction.objects.filter(session=session).exists()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.student_reflection) == (Session.Status.AWAITING_STUDENT, "")
    assert not Session.objects.filter(amends=signed).exists()


# --- direct observations ----------------------------------------------------------------


@NAMED
def test_booking_and_planning_an_observation_refuse_a_name(cast, text):
    day = timezone.localdate() + timedelta(days=3)
    planned = ObservationFactory(placement=cast.placement, observer=cast.educator)

    booking = refused_on(
        lambda t: observation_book(
            placement=cast.placement,
            by=cast.student,
            observer=cast.educator,
            date=day,
            setting=f"Home visit to {t}",
            pre_observation_plan=t,
        ),
        text,
    )
    plan = refused_on(
        lambda t: observation_plan_save(
            observation=planned, by=cast.student, pre_observation_plan=t
        ),
        text,
    )

    assert booking == {
        "setting": [message("setting")],
        "pre_observation_plan": [message("student's plan")],
    }
    assert plan == {"pre_observation_plan": [message("student's plan")]}
    assert list(Observation.objects.all()) == [planned]
    planned.refresh_from_db()
    assert planned.pre_observation_plan == "Run the second self-esteem group session."


@NAMED
def test_the_observers_feedback_refuses_a_name_beside_its_domain(cast, text):
    observation = ObservationFactory(
        placement=cast.placement, observer=cast.educator, status=O.DRAFT
    )
    domain = pcf_domains()[0]

    errors = refused_on(
        lambda t: observation_feedback_save(
            observation=observation,
            by=cast.educator,
            overall_feedback=t,
            domain_feedback={domain: t},
        ),
        text,
    )

    assert errors == {
        "overall_feedback": [message("overall feedback")],
        f"domain_{domain.number}": [message(f"feedback on {domain.title}")],
    }
    observation.refresh_from_db()
    assert observation.overall_feedback == ""
    assert not observation.domain_feedback.exists()


@NAMED
def test_the_service_users_feedback_and_the_reflection_refuse_a_name(cast, text):
    draft = ObservationFactory(placement=cast.placement, observer=cast.educator, status=O.DRAFT)
    waiting = ObservationFactory(
        placement=cast.placement, observer=cast.educator, status=O.AWAITING_STUDENT
    )

    feedback = refused_on(
        lambda t: service_user_feedback_save(
            observation=draft, by=cast.educator, kind="verbal", given_by=t, comments=t
        ),
        text,
    )
    reflection = refused_on(
        lambda t: observation_reflect(observation=waiting, by=cast.student, reflection=t), text
    )

    assert set(feedback) == {"given_by", "comments"}
    assert reflection == {"student_reflection": [message("reflection")]}
    assert not ServiceUserFeedback.objects.exists()
    waiting.refresh_from_db()
    assert waiting.student_reflection == ""


def test_an_observation_takes_a_name_that_is_on_nobody_s_work_here(cast):
    observation = ObservationFactory(
        placement=cast.placement, observer=cast.educator, status=O.DRAFT
    )

    observation_feedback_save(
        observation=observation, by=cast.educator, overall_feedback=NOT_ON_WORK
    )

    observation.refresh_from_db()
    assert observation.overall_feedback == NOT_ON_WORK


# --- the API ------------------------------------------------------------------------------


@NAMED
def test_the_api_answers_422_naming_the_field_and_saves_nothing(client, cast, text):
    session = SupervisionSessionFactory(placement=cast.placement)
    client.force_login(cast.educator)
    url = f"/api/v1/supervision/{session.pk}"

    refused = client.patch(
        url,
        {"agenda_case_discussion": text, "notes": "Kept short."},
        content_type="application/json",
    )

    assert refused.status_code == 422
    assert {error["field"] for error in refused.json()["errors"]} == {"agenda_case_discussion"}
    assert "Remove the name from the case discussion" in refused.content.decode()
    session.refresh_from_db()
    assert (session.agenda_case_discussion, session.notes) == ("", NOTES)

    accepted = client.patch(
        url, {"agenda_case_discussion": NOT_ON_WORK}, content_type="application/json"
    )
    assert accepted.status_code == 200
    assert accepted.json()["agenda_case_discussion"] == NOT_ON_WORK
