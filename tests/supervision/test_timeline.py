"""Supervision on the placement timeline: what happened, never what was written."""

import pytest

from placements.timeline import placement_timeline
from supervision.services import sessions as services
from supervision.services.workflow import apply_transition, sign_record
from tests.supervision.factories import SupervisionSessionFactory

pytestmark = pytest.mark.django_db


def _lock(session):
    student = session.placement.student
    educator = session.placement.practice_educator
    session = apply_transition(record=session, name="send_to_student", by=educator)
    services.session_reflect(session=session, by=student, reflection="Private thoughts")
    return sign_record(record=sign_record(record=session, by=student), by=educator)


def test_locking_cancelling_and_amending_show_on_the_timeline_without_their_text():
    session = _lock(SupervisionSessionFactory(notes="Case discussion: Family B"))
    placement = session.placement
    educator = placement.practice_educator
    services.session_amend(session=session, by=educator, reason="Wrong duration recorded")
    cancelled = SupervisionSessionFactory(placement=placement, status="scheduled")
    apply_transition(record=cancelled, name="cancel", by=educator, reason="PE ill")

    titles = [event.title for event in placement_timeline(placement) if event.kind == "supervision"]
    when = f"{session.date.day} {session.date:%B %Y}"
    assert titles == [
        f"Supervision of {cancelled.date.day} {cancelled.date:%B %Y} cancelled",
        f"Amendment started to the supervision record of {when}",
        f"Supervision of {when} signed by both and locked",
    ]
    everything = " ".join(f"{e.title} {e.detail}" for e in placement_timeline(placement))
    for private in ("Family B", "Private thoughts", "Wrong duration", "PE ill"):
        assert private not in everything
