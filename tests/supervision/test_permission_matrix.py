"""Every role against every supervision page and API route (issue 5, requirement 11).

One active placement with its whole cast, and people who are not on it. The
placement has a supervision record and a direct observation in each state a
page is for. Each page names who may use it; everyone else who sees the
placement gets 403, everyone who does not gets 404 (a guessed id reveals
nothing), and a visitor who is not signed in is sent to sign in (pages) or
gets 401 (API). School contacts, life-story workers and editors have no part
in supervision, so they never see a record. Supervision records hold no child
details (case discussion is anonymised), so the placement's tutors read them.

A locked record takes no write: its writing pages send even the person who
would write back to the record with the lock message, and the API answers 409.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from portal.accounts.roles import Role
from portal.locking import RecordLocked
from supervision.models import Observation, SupervisionSession
from supervision.services.calendar import calendar_feed_create
from supervision.services.observations import observation_step
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import EducatorProfileFactory, PlacementFactory
from tests.placements.support import make_cast
from tests.supervision import support
from tests.supervision.factories import SupervisionActionFactory, SupervisionSessionFactory
from tests.supervision.support import book, locked_observation, written

pytestmark = pytest.mark.django_db

S = SupervisionSession.Status
O = Observation.Status  # noqa: E741 - reads as the model's status

ON_PLACEMENT = {"student", "educator", "supervisor", "tutor"}
COORDINATORS = {"host_coordinator", "university_coordinator"}
# Who sees the placement, and so its supervision: the people on it, its
# co-ordinators, the tutors of the student's university, administrators.
VIEWERS = ON_PLACEMENT | COORDINATORS | {"colleague_tutor", "admin"}
OUTSIDERS = {
    "other_student",
    "other_educator",
    "other_tutor",
    "other_coordinator",
    "school_contact",
    "lifestory_worker",
    "editor",
}
EVERYONE = VIEWERS | OUTSIDERS
# The placement's practice educator observes the observation in the matrix.
OBSERVER = "educator"
LOCKED_MESSAGE = RecordLocked().messages[0]


def page(url_name: str, record: str, *, allowed: set[str], **kwargs):
    """`record`: "placement" or the key of a session / observation in the world."""
    label = "-".join([url_name, record, *map(str, kwargs.values())])
    return pytest.param(url_name, record, allowed, kwargs, id=label)


# (URL name, what it is about, who gets 200). Viewers outside `allowed` get
# 403, outsiders 404.
PAGES = [
    # A placement's supervision log and booking.
    page("session_list", "placement", allowed=VIEWERS),
    page("session_create", "placement", allowed={"educator"}),
    # One supervision record, in the state each page is for.
    page("session_detail", "scheduled", allowed=VIEWERS),
    page("session_detail", "locked_session", allowed=VIEWERS),
    page("session_step", "scheduled", allowed={"educator"}, name="start"),
    page("session_step", "scheduled", allowed={"educator", "student"}, name="move"),
    page("session_step", "scheduled", allowed={"educator"}, name="cancel"),
    page("session_edit", "draft", allowed={"educator"}),
    page("session_actions", "draft", allowed={"educator"}),
    page("session_step", "draft", allowed={"educator"}, name="send_to_student"),
    page("session_reflect", "awaiting_student", allowed={"student"}),
    # Both signers open the signing page; it tells the educator it is not yet their turn.
    page("session_sign", "awaiting_student", allowed={"student", "educator"}),
    page("session_step", "awaiting_student", allowed={"student"}, name="send_back"),
    page("session_step", "awaiting_student", allowed={"educator"}, name="take_back"),
    page("session_amend", "locked_session", allowed={"educator"}),
    # PDFs for the portfolio: whoever sees the placement.
    page("session_pdf", "locked_session", allowed=VIEWERS),
    page("placement_supervision_pdf", "placement", allowed=VIEWERS),
    # Direct observations.
    page("observation_list", "placement", allowed=VIEWERS),
    page("observation_create", "placement", allowed={"educator", "student"}),
    page("observation_detail", "planned", allowed=VIEWERS),
    page("observation_detail", "locked_observation", allowed=VIEWERS),
    page("observation_edit", "planned", allowed={"educator", "student"}),
    page("observation_step", "planned", allowed={OBSERVER}, name="start"),
    page("observation_step", "planned", allowed={OBSERVER, "educator"}, name="cancel"),
    page("observation_feedback", "observation_draft", allowed={OBSERVER}),
    page("observation_service_user", "observation_draft", allowed={OBSERVER}),
    page("observation_step", "observation_draft", allowed={OBSERVER}, name="send_to_student"),
    page("observation_reflect", "observation_awaiting", allowed={"student"}),
    page("observation_sign", "observation_awaiting", allowed={"student", OBSERVER}),
    page("observation_step", "observation_awaiting", allowed={"student"}, name="send_back"),
    page("observation_step", "observation_awaiting", allowed={OBSERVER}, name="take_back"),
    page("observation_amend", "locked_observation", allowed={OBSERVER, "educator"}),
]


@pytest.fixture
def world(db):
    cast = make_cast(status=Placement.Status.ACTIVE)
    placement = cast.placement
    people = {
        "student": cast.student,
        "educator": cast.educator,
        "supervisor": cast.supervisor,
        "tutor": cast.tutor,
        "host_coordinator": cast.host_coordinator,
        "university_coordinator": cast.university_coordinator,
        "admin": cast.admin,
        **cast.extras(),
    }
    people["other_student"] = PlacementFactory().student
    people["other_educator"] = EducatorProfileFactory(organisation=OrganisationFactory()).user
    people["lifestory_worker"] = user_with_role(Role.LIFESTORY_WORKER)
    people["editor"] = user_with_role(Role.EDITOR)

    today = timezone.localdate()
    draft = SupervisionSessionFactory(placement=placement, date=today - timedelta(days=2))
    SupervisionActionFactory(session=draft)
    observation_draft = written(placement, setting="School group session")
    observation_awaiting = written(placement, setting="Family time")
    observation_step(
        observation=observation_awaiting, by=placement.practice_educator, name="send_to_student"
    )
    things = {
        "placement": placement,
        "scheduled": SupervisionSessionFactory(
            placement=placement, status=S.SCHEDULED, date=today + timedelta(days=5)
        ),
        "draft": draft,
        "awaiting_student": support.sent_to_student(
            placement=placement, date=today - timedelta(days=9)
        ),
        "locked_session": support.locked(
            placement=placement, date=today - timedelta(days=16), starts_at=time(10, 0)
        ),
        "planned": book(placement),
        "observation_draft": observation_draft,
        "observation_awaiting": observation_awaiting,
        "locked_observation": locked_observation(placement),
    }
    return things, people


def expected(who: str, allowed: set[str]) -> int:
    if who in allowed:
        return 200
    return 403 if who in VIEWERS else 404


def outcomes_of(client, people, method: str, url: str, data=None, **extra) -> dict[str, int]:
    outcomes = {}
    for who in sorted(EVERYONE):
        client.force_login(people[who])
        outcomes[who] = getattr(client, method)(url, data, **extra).status_code
        client.logout()
    return outcomes


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(("name", "record", "allowed", "kwargs"), PAGES)
def test_each_role_on_each_supervision_page(client, world, name, record, allowed, kwargs):
    things, people = world
    url = reverse(f"supervision:{name}", kwargs={"pk": things[record].pk, **kwargs})
    assert outcomes_of(client, people, "get", url) == {
        who: expected(who, allowed) for who in sorted(EVERYONE)
    }

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_only_the_educator_changes_an_action_and_outsiders_learn_nothing(client, world):
    things, people = world
    action = things["draft"].actions.get()
    url = reverse(
        "supervision:session_action_change",
        kwargs={"pk": things["draft"].pk, "action_pk": action.pk, "change": "done"},
    )
    outcomes = outcomes_of(client, people, "post", url)
    # The educator's mark takes them back to the actions page.
    assert outcomes == {
        who: 302 if who == "educator" else (403 if who in VIEWERS else 404)
        for who in sorted(EVERYONE)
    }
    action.refresh_from_db()
    assert action.done
    assert client.post(url)["Location"].startswith(reverse("account_login"))


def test_signing_moves_have_no_step_page(client, world):
    """Signatures are taken only on the signing page, so the step page does not exist."""
    things, people = world
    url = reverse(
        "supervision:session_step",
        kwargs={"pk": things["awaiting_student"].pk, "name": "student_sign"},
    )
    assert set(outcomes_of(client, people, "get", url).values()) == {404}


def test_an_observer_from_outside_the_placement_sees_only_their_observation(client, world):
    things, people = world
    placement = things["placement"]
    visitor = people["other_educator"]
    theirs = book(placement, observer=visitor)
    client.force_login(visitor)
    assert (
        client.get(reverse("supervision:observation_detail", args=[theirs.pk])).status_code == 200
    )
    assert client.get(reverse("supervision:observation_edit", args=[theirs.pk])).status_code == 200
    step = reverse("supervision:observation_step", args=[theirs.pk, "start"])
    assert client.get(step).status_code == 200
    for elsewhere in (
        reverse("supervision:observation_detail", args=[things["planned"].pk]),
        reverse("supervision:observation_list", args=[placement.pk]),
        reverse("supervision:session_list", args=[placement.pk]),
        reverse("supervision:session_detail", args=[things["locked_session"].pk]),
    ):
        assert client.get(elsewhere).status_code == 404, elsewhere


def test_the_calendar_pages_are_for_people_with_sessions_or_observations(client, world):
    """Students, practice educators and on-site supervisors have a supervision diary;
    the other roles are refused the calendar outright (least privilege)."""
    things, people = world
    diary = {
        who
        for who, person in people.items()
        if person.active_roles & {"student", "practice_educator", "onsite_supervisor"}
    }
    assert {"student", "educator", "supervisor"} <= diary
    for who in diary:
        calendar_feed_create(people[who])
    with pytest.raises(PermissionDenied):
        calendar_feed_create(people["school_contact"])
    for name in ("calendar", "calendar_revoke"):
        url = reverse(f"supervision:{name}")
        assert outcomes_of(client, people, "get", url) == {
            who: 200 if who in diary else 403 for who in sorted(EVERYONE)
        }
        assert client.get(url)["Location"].startswith(reverse("account_login"))


# --- The API -----------------------------------------------------------------------------


def api_reads(things) -> list[str]:
    placement = things["placement"].pk
    return [
        f"/api/v1/supervision/?placement={placement}",
        f"/api/v1/supervision/{things['draft'].pk}",
        f"/api/v1/supervision/{things['locked_session'].pk}",
        f"/api/v1/observations/?placement={placement}",
        f"/api/v1/placements/{placement}/supervision-compliance",
    ]


def test_each_role_on_each_supervision_api_read(client, world):
    things, people = world
    for url in api_reads(things):
        assert outcomes_of(client, people, "get", url) == {
            who: expected(who, VIEWERS) for who in sorted(EVERYONE)
        }, url
        assert client.get(url).status_code == 401, url


def test_only_the_educator_books_through_the_api(client, world):
    things, people = world
    placement = things["placement"]
    before = placement.supervision_sessions.count()
    payload = {
        "placement": placement.pk,
        "date": (timezone.localdate() + timedelta(days=12)).isoformat(),
        "starts_at": "09:30",
    }
    outcomes = outcomes_of(
        client, people, "post", "/api/v1/supervision/", payload, content_type="application/json"
    )
    assert outcomes == {
        who: 201 if who == "educator" else (403 if who in VIEWERS else 404)
        for who in sorted(EVERYONE)
    }
    assert placement.supervision_sessions.count() == before + 1
    response = client.post("/api/v1/supervision/", payload, content_type="application/json")
    assert response.status_code == 401


def test_only_the_educator_writes_the_record_through_the_api(client, world):
    things, people = world
    url = f"/api/v1/supervision/{things['draft'].pk}"
    payload = {"notes": "Planned the next home visit together."}
    outcomes = outcomes_of(client, people, "patch", url, payload, content_type="application/json")
    assert outcomes == {who: expected(who, {"educator"}) for who in sorted(EVERYONE)}
    things["draft"].refresh_from_db()
    assert things["draft"].notes == "Planned the next home visit together."
    assert client.patch(url, payload, content_type="application/json").status_code == 401


def test_only_the_signer_whose_turn_it_is_signs_through_the_api(client, world):
    things, people = world
    session = things["awaiting_student"]
    session.student_reflection = "I noticed I rushed to reassure."
    SupervisionSession.objects.filter(pk=session.pk).update(
        student_reflection=session.student_reflection
    )
    url = f"/api/v1/supervision/{session.pk}/sign"
    # The student signs last here, so the others all meet a record awaiting the student;
    # the practice educator is refused because it is not yet their turn.
    order = sorted(EVERYONE - {"student"}) + ["student"]
    outcomes = {}
    for who in order:
        client.force_login(people[who])
        outcomes[who] = client.post(url).status_code
        client.logout()
    assert outcomes == {who: expected(who, {"student"}) for who in order}
    session.refresh_from_db()
    assert session.status == S.AWAITING_EDUCATOR
    assert client.post(url).status_code == 401


# --- A locked record takes no write --------------------------------------------------------

LOCKED_SESSION_PAGES = [
    ("session_edit", {}, "educator"),
    ("session_actions", {}, "educator"),
    ("session_reflect", {}, "student"),
    ("session_sign", {}, "student"),
    ("session_sign", {}, "educator"),
    ("session_step", {"name": "cancel"}, "educator"),
    ("session_step", {"name": "take_back"}, "educator"),
    ("session_step", {"name": "send_back"}, "student"),
]

LOCKED_OBSERVATION_PAGES = [
    ("observation_edit", {}, "student"),
    ("observation_edit", {}, OBSERVER),
    ("observation_feedback", {}, OBSERVER),
    ("observation_service_user", {}, OBSERVER),
    ("observation_reflect", {}, "student"),
    ("observation_sign", {}, "student"),
    ("observation_sign", {}, OBSERVER),
    ("observation_step", {"name": "cancel"}, "educator"),
    ("observation_step", {"name": "take_back"}, OBSERVER),
    ("observation_step", {"name": "send_back"}, "student"),
]


def snapshot(record) -> tuple:
    fresh = type(record)._base_manager.get(pk=record.pk)
    return fresh.status, fresh.locked_at, fresh.student_reflection, fresh.status_reason


def test_a_locked_record_sends_each_writer_back_with_the_lock_message(client, world):
    things, people = world
    for record, detail, pages in (
        (things["locked_session"], "supervision:session_detail", LOCKED_SESSION_PAGES),
        (things["locked_observation"], "supervision:observation_detail", LOCKED_OBSERVATION_PAGES),
    ):
        before = snapshot(record)
        back = reverse(detail, args=[record.pk])
        for name, kwargs, who in pages:
            url = reverse(f"supervision:{name}", kwargs={"pk": record.pk, **kwargs})
            client.force_login(people[who])
            for method in ("get", "post"):
                response = getattr(client, method)(url, {"reason": "A late change."})
                assert response.status_code == 302, (name, kwargs, who, method)
                assert response["Location"] == back, (name, kwargs, who, method)
                assert LOCKED_MESSAGE in messages_of(response), (name, kwargs, who, method)
            client.logout()
        assert snapshot(record) == before


def test_a_locked_record_answers_409_to_api_writes(client, world):
    things, people = world
    session = things["locked_session"]
    before = snapshot(session)
    url = f"/api/v1/supervision/{session.pk}"
    client.force_login(people["educator"])
    response = client.patch(url, {"notes": "Changed later."}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["detail"] == LOCKED_MESSAGE
    assert client.post(f"{url}/sign").status_code == 409
    # Whoever sees the record learns only that it is locked; outsiders still get 404.
    for who in sorted(EVERYONE):
        client.force_login(people[who])
        status = 409 if who in VIEWERS else 404
        assert client.patch(url, {"notes": "x"}, content_type="application/json").status_code == (
            status
        ), who
        assert client.post(f"{url}/sign").status_code == status, who
        client.logout()
    assert snapshot(session) == before
    assert SupervisionSession.objects.get(pk=session.pk).notes == session.notes
