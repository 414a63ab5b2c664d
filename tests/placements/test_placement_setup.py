"""Setting up a placement (issue 22, requirement 7): the practice educator's PEPS
stage, DBS check and room are checked as they are chosen and every problem is
listed before anything is saved; the student is found by a search showing their
current placement; the team is chosen from the open places."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from placements.models import Placement, StudentProfile
from placements.services.lifecycle import placement_create
from portal.accounts.roles import Role
from portal.models import Notification
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import (
    EducatorProfileFactory,
    PlacementFactory,
    PlacementOfferFactory,
    StudentProfileFactory,
)
from tests.placements.support import days_ago, error_summary, make_cast, text

pytestmark = pytest.mark.django_db

URL = "/portal/placements/new/"


def setup(cast, **overrides):
    """A host co-ordinator's cast whose student may be placed, and an open place."""
    from portal.accounts.services import membership_grant

    membership_grant(user=cast.student, organisation=cast.host, role=Role.STUDENT)
    place = PlacementOfferFactory(
        host=cast.host, team="Duty team", starts_on=days_ago(-190), ends_on=days_ago(-400)
    )
    return place


def form_data(cast, place, **overrides) -> dict:
    data = {
        "student": StudentProfile.objects.get(user=cast.student).pk,
        "place": place.pk,
        "level": "final",
        "starts_on": days_ago(-200).isoformat(),
        "ends_on": days_ago(-320).isoformat(),
        "required_days": "",
        "practice_educator": cast.educator.pk,
        "onsite_supervisor": "",
        "tutor": cast.tutor.pk,
        "setting_kind": "statutory_children",
        "service_user_group": "children_families",
        "statutory_tasks": "True",
    }
    data.update(overrides)
    return data


def unfit_educator(cast):
    """A practice educator at PEPS stage 1, without a DBS check, and full during the
    dates form_data gives: three problems for a final placement."""
    profile = EducatorProfileFactory(
        organisation=cast.host, peps_stage=1, dbs_checked_on=None, max_students=1
    )
    PlacementFactory(
        host=cast.host,
        practice_educator=profile.user,
        status=Placement.Status.CONFIRMED,
        starts_on=days_ago(-210),
        ends_on=days_ago(-300),
    )
    return profile.user


PROBLEMS = ("has no DBS check recorded", "PEPS stage 2", "has no room")


def test_every_problem_with_the_educator_is_listed_and_nothing_is_saved(client):
    cast = make_cast()
    place = setup(cast)
    educator = unfit_educator(cast)
    before = Placement.objects.count()
    client.force_login(cast.host_coordinator)

    response = client.post(URL, form_data(cast, place, practice_educator=educator.pk, tutor=""))

    assert response.status_code == 200
    summary = " ".join(error_summary(response))
    for problem in PROBLEMS:
        assert problem in summary, problem
    assert Placement.objects.count() == before
    assert not Notification.objects.exists()


def test_other_problems_are_listed_beside_the_educators(client):
    cast = make_cast()
    place = setup(cast)
    educator = unfit_educator(cast)
    client.force_login(cast.host_coordinator)

    response = client.post(
        URL, form_data(cast, place, practice_educator=educator.pk, level="", student="")
    )

    summary = " ".join(error_summary(response))
    assert "Select a student" in summary or "student" in summary.lower()
    assert "has no DBS check recorded" in summary and "has no room" in summary


def test_the_service_refuses_an_unfit_educator_with_every_problem(client):
    cast = make_cast()
    educator = unfit_educator(cast)
    before = Placement.objects.count()
    with pytest.raises(ValidationError) as refused:
        placement_create(
            by=cast.host_coordinator,
            student=cast.student,
            course=cast.course,
            host=cast.host,
            team="Duty team",
            practice_educator=educator,
            level=Placement.Level.FINAL,
            starts_on=days_ago(-200),
            ends_on=days_ago(-320),
        )
    messages = " ".join(refused.value.message_dict["practice_educator"])
    for problem in PROBLEMS:
        assert problem in messages, problem
    assert Placement.objects.count() == before
    assert not Notification.objects.exists()


def test_the_check_button_checks_without_saving(client):
    cast = make_cast()
    place = setup(cast)
    educator = unfit_educator(cast)
    client.force_login(cast.host_coordinator)
    before = Placement.objects.count()

    response = client.post(
        URL, {**form_data(cast, place, practice_educator=educator.pk), "check": "all"}
    )
    assert response.status_code == 200
    assert "has no room" in " ".join(error_summary(response))

    response = client.post(URL, {**form_data(cast, place), "check": "all"})
    assert response.status_code == 200
    page = text(response)
    assert "No problems found" in page
    assert f"{cast.educator}: PEPS stage 2" in page
    assert Placement.objects.count() == before


def test_choosing_the_educator_asks_for_the_check_fragment(client):
    cast = make_cast()
    place = setup(cast)
    educator = unfit_educator(cast)
    client.force_login(cast.host_coordinator)
    page = client.get(URL).content.decode()
    assert 'hx-post="/portal/placements/new/"' in page
    assert 'id="educator-check"' in page

    response = client.post(
        URL,
        {**form_data(cast, place, practice_educator=educator.pk), "check": "educator"},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert fragment.strip().startswith("{#") is False
    for problem in ("has no DBS check recorded", "PEPS stage 2", "has no room"):
        assert problem in text(response), problem
    assert Placement.objects.filter(practice_educator=educator).count() == 1


# --- The student search ----------------------------------------------------------------


def test_the_student_search_narrows_the_list_and_shows_current_placements(client):
    cast = make_cast()
    setup(cast)
    other = StudentProfileFactory(
        course=cast.course, university=cast.course.university, student_number="Z999"
    )
    from portal.accounts.services import membership_grant

    membership_grant(user=other.user, organisation=cast.host, role=Role.STUDENT)
    client.force_login(cast.host_coordinator)

    form = client.get(URL).context["form"]
    assert {p.user_id for p in form.fields["student"].queryset} >= {cast.student.pk, other.user_id}

    response = client.get(URL, {"student_q": "Sam Stud"})
    students = response.context["form"].fields["student"]
    assert [p.user_id for p in students.queryset] == [cast.student.pk]
    page = text(response)
    placed = cast.placement
    assert f"placed at {placed.host}, {placed.team}" in page
    assert "1 student matches" in page

    response = client.get(URL, {"student_q": "z999"})
    assert [p.user_id for p in response.context["form"].fields["student"].queryset] == [
        other.user_id
    ]
    assert "no current placement" in text(response)


def test_the_set_up_page_makes_a_constant_number_of_queries(client):
    """As many queries for 2 students (each with a placement) as for 10."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.accounts.services import membership_grant

    cast = make_cast()
    setup(cast)
    client.force_login(cast.host_coordinator)

    def add_students(how_many: int) -> None:
        for _ in range(how_many):
            profile = StudentProfileFactory(course=cast.course, university=cast.course.university)
            PlacementFactory(student=profile.user, course=cast.course, host=cast.host)
            membership_grant(user=profile.user, organisation=cast.host, role=Role.STUDENT)

    def queries() -> int:
        client.get(URL)  # sessions and caches settle on the first request
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL)
        assert response.status_code == 200
        return len(captured)

    add_students(2)
    with_two = queries()
    add_students(8)
    assert queries() == with_two


# --- Open places ----------------------------------------------------------------------


def test_only_teams_with_an_open_place_are_offered(client):
    cast = make_cast()
    place = setup(cast)
    full = PlacementOfferFactory(
        host=cast.host,
        team=cast.placement.team,
        places=1,
        starts_on=days_ago(30),
        ends_on=days_ago(-200),
    )
    client.force_login(cast.host_coordinator)

    response = client.get(URL)
    offered = list(response.context["form"].fields["place"].queryset)
    assert offered == [place]
    assert "Duty team, Eastbrook Children's Services: 2 offered, 0 taken" in text(response)
    assert "Teams with no open place (1)" in text(response)
    assert f"{cast.placement.team}, Eastbrook Children's Services: all 1 place taken" in text(
        response
    )

    response = client.post(URL, form_data(cast, full))
    assert "place" in response.context["form"].errors
    assert Placement.objects.count() == 1


def test_the_service_refuses_a_team_whose_places_are_taken():
    cast = make_cast()
    PlacementOfferFactory(
        host=cast.host,
        team=cast.placement.team,
        places=1,
        starts_on=days_ago(30),
        ends_on=days_ago(-200),
    )
    with pytest.raises(ValidationError) as refused:
        placement_create(
            by=cast.host_coordinator,
            student=StudentProfileFactory(course=cast.course).user,
            course=cast.course,
            host=cast.host,
            team=cast.placement.team.upper(),
            level=Placement.Level.FIRST,
            starts_on=days_ago(-10),
            ends_on=days_ago(-100),
        )
    assert "has no open place" in " ".join(refused.value.message_dict["team"])


def test_dates_outside_the_offer_are_refused(client):
    cast = make_cast()
    place = setup(cast)
    client.force_login(cast.host_coordinator)
    response = client.post(URL, form_data(cast, place, starts_on=days_ago(-100).isoformat()))
    assert "choose dates in that period" in " ".join(error_summary(response))
    assert Placement.objects.count() == 1


# --- Refusals --------------------------------------------------------------------------


def test_a_coordinator_of_another_organisation_cannot_use_the_places(client):
    cast = make_cast()
    place = setup(cast)
    stranger = user_with_role(Role.COORDINATOR, OrganisationFactory())
    client.force_login(stranger)
    response = client.post(URL, form_data(cast, place))
    assert response.status_code == 200
    assert place not in response.context["form"].fields["place"].queryset
    assert Placement.objects.count() == 1


@pytest.mark.parametrize("who", ["tutor", "educator", "student"])
def test_others_cannot_set_up_or_check(client, who):
    cast = make_cast()
    place = setup(cast)
    client.force_login(cast.person(who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {**form_data(cast, place), "check": "all"}).status_code == 403
    assert Placement.objects.count() == 1


def test_an_empty_form_names_what_to_enter(client):
    from tests.portal.support import GENERIC_MESSAGES

    cast = make_cast()
    setup(cast)
    client.force_login(cast.host_coordinator)
    for data in ({}, {"place": "999999", "student": "999999"}):
        page = client.post(URL, data).content.decode()
        assert [m for m in GENERIC_MESSAGES if m in page] == []
    assert Placement.objects.count() == 1


def test_choosing_another_educator_on_a_draft_checks_them_too():
    from placements.services.lifecycle import placement_update

    cast = make_cast(status=Placement.Status.DRAFT)
    unfit = unfit_educator(cast)
    before = cast.placement.history.count()
    with pytest.raises(ValidationError) as refused:
        placement_update(
            placement=cast.placement,
            by=cast.host_coordinator,
            practice_educator=unfit,
            starts_on=days_ago(-200),
            ends_on=days_ago(-320),
            level=Placement.Level.FINAL,
        )
    messages = " ".join(refused.value.message_dict["practice_educator"])
    for problem in PROBLEMS:
        assert problem in messages, problem
    cast.placement.refresh_from_db()
    assert cast.placement.practice_educator == cast.educator
    assert cast.placement.history.count() == before


def test_the_check_runs_the_services_own_checks_and_undoes_them(client, monkeypatch):
    from placements.views import setup as view

    cast = make_cast()
    place = setup(cast)
    client.force_login(cast.host_coordinator)
    calls = []

    def refusing(**kwargs):
        calls.append(kwargs)
        raise ValidationError({"tutor": "Teresa Tutor is not a tutor at Elsewhere."})

    monkeypatch.setattr(view, "placement_create", refusing)
    response = client.post(URL, {**form_data(cast, place), "check": "all"})
    assert calls and "not a tutor at Elsewhere" in " ".join(error_summary(response))
    assert "No problems found" not in text(response)

    monkeypatch.undo()
    response = client.post(URL, {**form_data(cast, place), "check": "all"})
    assert "No problems found" in text(response)
    assert Placement.objects.count() == 1  # the check's placement was undone


def test_the_edit_page_checks_another_educator_as_they_are_chosen(client):
    cast = make_cast(status=Placement.Status.DRAFT)
    unfit = unfit_educator(cast)
    url = f"/portal/placements/{cast.placement.pk}/edit/"
    client.force_login(cast.host_coordinator)
    page = client.get(url).content.decode()
    assert f'hx-post="{url}"' in page and 'id="educator-check"' in page
    data = {
        "host": cast.host.pk,
        "team": cast.placement.team,
        "level": "final",
        "starts_on": days_ago(-200).isoformat(),
        "ends_on": days_ago(-320).isoformat(),
        "required_days": "",
        "practice_educator": unfit.pk,
        "onsite_supervisor": cast.supervisor.pk,
        "tutor": cast.tutor.pk,
        "setting_kind": "early_help",
        "service_user_group": "children_families",
        "statutory_tasks": "False",
    }
    fragment = client.post(url, {**data, "check": "educator"}, HTTP_HX_REQUEST="true")
    for problem in PROBLEMS:
        assert problem in text(fragment), problem

    response = client.post(url, {**data, "check": "all"})
    assert "has no room" in " ".join(error_summary(response))
    response = client.post(url, {**data, "practice_educator": cast.educator.pk, "check": "all"})
    assert "No problems found" in text(response)
    cast.placement.refresh_from_db()
    assert cast.placement.practice_educator == cast.educator
    assert cast.placement.level == Placement.Level.FIRST  # only checked, not saved
