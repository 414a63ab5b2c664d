"""Tutor visits and three-way meetings (issue 22, requirement 6): the tutor or a
co-ordinator records and corrects them; everyone who sees the placement reads
them on its page and timeline; others are refused and nothing is written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from placements.models import Placement, TutorVisit
from placements.services.visit import tutor_visit_record, tutor_visit_update
from placements.timeline import placement_timeline
from portal.dates import long_date
from portal.models import Notification
from tests.placements.factories import PlacementFactory
from tests.placements.support import (
    DETAIL,
    days_ago,
    detail_url,
    error_summary,
    make_cast,
    text,
)

pytestmark = pytest.mark.django_db

S = Placement.Status
NOTES = "Sam is settling in; caseload is right for the first weeks."
ACTIONS = "Sam to bring two reflective logs to supervision by Friday."


def new_url(cast) -> str:
    return f"{detail_url(cast.placement)}visits/new/"


def edit_url(cast, visit) -> str:
    return f"{detail_url(cast.placement)}visits/{visit.pk}/edit/"


def meeting_data(**overrides) -> dict:
    data = {
        "held_on": days_ago(1).isoformat(),
        "kind": "three_way_meeting",
        "attended": ["student", "practice_educator", "tutor"],
        "notes": NOTES,
        "agreed_actions": ACTIONS,
    }
    data.update(overrides)
    return data


def record(cast, by=None, **overrides) -> TutorVisit:
    fields = {
        "placement": cast.placement,
        "by": by or cast.tutor,
        "held_on": days_ago(2),
        "kind": "tutor_visit",
        "attended": ["student", "tutor"],
        "notes": NOTES,
    }
    fields.update(overrides)
    return tutor_visit_record(**fields)


def test_the_tutor_records_a_three_way_meeting_that_the_student_and_educator_read(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.tutor)
    assert "Record a tutor visit or three-way meeting" in text(
        client.get(detail_url(cast.placement))
    )

    response = client.post(new_url(cast), meeting_data())

    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(cast.placement)}#visits"
    visit = TutorVisit.objects.get()
    assert (visit.kind, visit.held_on, visit.recorded_by) == (
        "three_way_meeting",
        days_ago(1),
        cast.tutor,
    )
    assert visit.attended == ["student", "practice_educator", "tutor"]
    assert (visit.notes, visit.agreed_actions) == (NOTES, ACTIONS)
    for who in (cast.student, cast.educator):
        assert Notification.objects.filter(user=who, title__startswith="Three-way meeting").exists()
        client.force_login(who)
        page = text(client.get(detail_url(cast.placement)))
        assert (
            f"{long_date(days_ago(1))} Three-way meeting Student, Practice educator, "
            f"University tutor {NOTES} Actions agreed: {ACTIONS}"
        ) in page
        # Reading only: no way to record or change one.
        assert "Record a tutor visit" not in page
        assert edit_url(cast, visit) not in client.get(detail_url(cast.placement)).content.decode()


def test_the_timeline_says_a_visit_was_recorded_without_its_notes():
    cast = make_cast(status=S.ACTIVE)
    record(cast)
    [entry] = [e for e in placement_timeline(cast.placement) if e.kind == "visit"]
    assert entry.title == f"Tutor visit on {long_date(days_ago(2))} recorded"
    assert entry.who == cast.tutor
    assert entry.detail == "Attended: student, university tutor"
    assert NOTES not in f"{entry.title} {entry.detail}"


def test_the_placement_page_shows_the_visit_on_its_timeline(client):
    cast = make_cast(status=S.ACTIVE)
    record(cast)
    client.force_login(cast.student)
    assert f"Tutor visit on {long_date(days_ago(2))} recorded" in text(
        client.get(detail_url(cast.placement))
    )


def test_the_tutor_corrects_a_visit_and_its_history_keeps_both(client):
    cast = make_cast(status=S.ACTIVE)
    visit = record(cast)
    client.force_login(cast.tutor)
    page = client.get(edit_url(cast, visit))
    assert page.status_code == 200
    assert page.context["form"].initial["attended"] == ["student", "tutor"]

    response = client.post(
        edit_url(cast, visit),
        meeting_data(kind="tutor_visit", attended=["student", "tutor"], notes="Corrected notes."),
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.notes == "Corrected notes."
    assert visit.held_on == days_ago(1)
    assert visit.history.count() == 2


def test_saving_a_visit_unchanged_writes_nothing():
    cast = make_cast(status=S.ACTIVE)
    visit = record(cast)
    tutor_visit_update(
        visit=visit,
        by=cast.tutor,
        held_on=visit.held_on,
        kind=visit.kind,
        attended=visit.attended,
        notes=visit.notes,
        agreed_actions=visit.agreed_actions,
    )
    assert visit.history.count() == 1


def test_a_coordinator_of_the_placement_records_a_visit(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.host_coordinator)
    response = client.post(new_url(cast), meeting_data(kind="tutor_visit", attended=["tutor"]))
    assert response.status_code == 302
    assert TutorVisit.objects.get().recorded_by == cast.host_coordinator
    assert Notification.objects.filter(user=cast.tutor, title__startswith="Tutor visit").exists()


# Who may record and change visits: everyone else who sees the placement gets 403,
# those outside its scope 404.
RECORDERS = {"tutor", "host_coordinator", "university_coordinator"}


@pytest.mark.parametrize("who", sorted(DETAIL))
def test_who_may_record_and_change_visits(client, who):
    cast = make_cast(status=S.ACTIVE)
    visit = record(cast)
    client.force_login(cast.person(who))
    expected = 404 if DETAIL[who] == 404 else 200 if who in RECORDERS else 403
    for url in (new_url(cast), edit_url(cast, visit)):
        assert client.get(url).status_code == expected, url
    if who in RECORDERS:
        return
    assert client.post(new_url(cast), meeting_data()).status_code == expected
    assert client.post(edit_url(cast, visit), meeting_data(notes="Changed")).status_code == (
        expected
    )
    assert TutorVisit.objects.count() == 1
    visit.refresh_from_db()
    assert visit.notes == NOTES


def test_anonymous_people_are_sent_to_sign_in(client):
    cast = make_cast(status=S.ACTIVE)
    response = client.get(new_url(cast))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_visit_of_another_placement_is_not_found_here(client):
    cast = make_cast(status=S.ACTIVE)
    other = PlacementFactory(status=S.ACTIVE, course=cast.course)
    elsewhere = tutor_visit_record(
        placement=other, by=other.tutor, held_on=days_ago(1), kind="tutor_visit", attended=["tutor"]
    )
    client.force_login(cast.tutor)
    assert client.get(edit_url(cast, elsewhere)).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"held_on": ""}, "Enter the date of the visit or meeting."),
        (
            {"held_on": days_ago(-1).isoformat()},
            "The date of the visit or meeting must be today or in the past.",
        ),
        ({"kind": ""}, "Choose whether it was a tutor visit or a three-way meeting."),
        (
            {"attended": ["student", "tutor"]},
            "A three-way meeting includes the practice educator.",
        ),
        (
            {"kind": "tutor_visit", "attended": ["student"]},
            "A tutor visit includes the university tutor.",
        ),
    ],
    ids=["no date", "future", "no kind", "meeting without the PE", "visit without the tutor"],
)
def test_what_is_missing_or_wrong_is_refused_and_nothing_saved(client, overrides, message):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.tutor)
    response = client.post(new_url(cast), meeting_data(**overrides))
    assert response.status_code == 200
    assert message in error_summary(response)
    assert not TutorVisit.objects.exists()


def test_an_onsite_supervisor_is_offered_only_on_a_placement_that_has_one(client):
    cast = make_cast(status=S.ACTIVE, onsite_supervisor=None)
    client.force_login(cast.tutor)
    choices = dict(client.get(new_url(cast)).context["form"].fields["attended"].choices)
    assert "onsite_supervisor" not in choices
    with pytest.raises(ValidationError):
        record(cast, attended=["tutor", "onsite_supervisor"])
    assert not TutorVisit.objects.exists()


def test_a_finished_placement_takes_no_new_visit(client):
    cast = make_cast(status=S.PASSED)
    client.force_login(cast.tutor)
    response = client.get(new_url(cast), follow=True)
    assert response.redirect_chain[-1][0] == f"{detail_url(cast.placement)}#visits"
    with pytest.raises(ValidationError):
        record(cast)
    assert not TutorVisit.objects.exists()


def test_a_form_sent_unchanged_from_a_browser_with_crlf_line_breaks_writes_nothing():
    cast = make_cast(status=S.ACTIVE)
    visit = record(cast, agreed_actions="Student: read the procedures.\nEducator: plan visits.")
    tutor_visit_update(
        visit=visit,
        by=cast.tutor,
        held_on=visit.held_on,
        kind=visit.kind,
        attended=visit.attended,
        notes=visit.notes,
        agreed_actions=visit.agreed_actions.replace("\n", "\r\n"),
    )
    assert visit.history.count() == 1
