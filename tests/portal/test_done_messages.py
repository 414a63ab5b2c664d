"""After a move, the page says in plain words what the person did: one message per
move, kept in the move's table (Transition.done_message), never a status label glued
into a sentence ("Done: the observation is now feedback being written")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lifestory.transitions import BOOK_TRANSITIONS, LETTER_TRANSITIONS
from placements.casework.transitions.assessments import ASSESSMENT_TRANSITIONS
from placements.casework.transitions.plans import PLAN_TRANSITIONS
from placements.casework.transitions.requests import REQUEST_TRANSITIONS
from placements.models import Concern, Placement
from placements.services.concern import STEPS, concern_raise
from placements.transitions import TRANSITIONS
from portal.accounts.roles import Role
from supervision.models import Observation
from supervision.transitions import OBSERVATION_TRANSITIONS, SESSION_TRANSITIONS
from tests.factories import user_with_role
from tests.placements.factories import PlacementFactory
from tests.supervision.support import book, written

TABLES = {
    "supervision record": SESSION_TRANSITIONS,
    "observation": OBSERVATION_TRANSITIONS,
    "placement": TRANSITIONS,
    "concern": STEPS,
    "assessment": ASSESSMENT_TRANSITIONS,
    "plan": PLAN_TRANSITIONS,
    "request": REQUEST_TRANSITIONS,
    "life story book": BOOK_TRANSITIONS,
    "later-life letter": LETTER_TRANSITIONS,
}


def moves():
    for table_name, table in TABLES.items():
        for move in table.values():
            yield pytest.param(move, id=f"{table_name}:{move.name}")


@pytest.mark.parametrize("move", list(moves()))
def test_every_move_says_what_the_person_did(move):
    message = move.done_message
    assert message.startswith("You "), message
    assert message.endswith("."), message
    assert "Done:" not in message and " is now " not in message, message


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def url(name, *args):
    return reverse(f"supervision:{name}", args=args)


@pytest.mark.django_db
def test_the_observation_journey_tells_each_person_what_they_did(client):
    placement = PlacementFactory()
    observation = book(placement)
    educator, student = placement.practice_educator, placement.student
    client.force_login(educator)

    started = client.post(url("observation_step", observation.pk, "start"), follow=True)
    assert messages_of(started) == ["You marked the observation as done. Write your feedback here."]
    body = started.content.decode()
    assert "is now feedback being written" not in body and "Done:" not in body

    observation = written(PlacementFactory())
    placement = observation.placement
    educator, student = placement.practice_educator, placement.student
    client.force_login(educator)
    sent = client.post(url("observation_step", observation.pk, "send_to_student"), follow=True)
    assert messages_of(sent) == [
        "You sent the observation to the student for their reflection and signature."
    ]

    client.force_login(student)
    reflected = client.post(
        url("observation_reflect", observation.pk),
        {"student_reflection": "I learned."},
        follow=True,
    )
    assert messages_of(reflected)  # read here, so the next page shows only the signing
    signed = client.post(url("observation_sign", observation.pk), follow=True)
    assert messages_of(signed) == ["You signed the observation. The observer is asked to sign it."]

    client.force_login(educator)
    locked = client.post(url("observation_sign", observation.pk), follow=True)
    assert messages_of(locked) == [
        "You signed the observation. It is signed by you both and locked."
    ]
    observation.refresh_from_db()
    assert observation.status == Observation.Status.LOCKED


@pytest.mark.django_db
def test_resolving_a_concern_says_it_was_resolved(client):
    placement = PlacementFactory(status=Placement.Status.ACTIVE)
    concern = concern_raise(
        placement=placement,
        by=placement.practice_educator,
        summary="Missed three visits without telling the team",
        action_plan="Weekly check-in with the PE; diary shared every Friday",
    )
    client.force_login(user_with_role(Role.COORDINATOR, placement.host))
    step = reverse(
        "placements:concern_step",
        kwargs={"pk": placement.pk, "concern_pk": concern.pk, "step": "resolve"},
    )

    response = client.post(step, {"outcome": "Visits kept for four weeks."}, follow=True)

    assert messages_of(response) == ["You resolved the concern."]
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RESOLVED
