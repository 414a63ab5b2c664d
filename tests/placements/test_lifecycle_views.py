"""Placement pages: list, detail, set-up, changes, status changes and dashboards."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from placements.models import EducatorProfile, Placement, StudentProfile
from portal.accounts.roles import Role
from portal.models import Notification
from tests.dashboard_bounds import CASEWORK_PANEL_QUERIES, HEADER_QUERIES, WAITING_QUERIES
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import (
    CourseFactory,
    EducatorProfileFactory,
    PlacementFactory,
    PlacementOfferFactory,
    StudentProfileFactory,
)
from tests.placements.support import DETAIL, days_ago, detail_url, error_summary, make_cast, text

pytestmark = pytest.mark.django_db

S = Placement.Status
LIST_URL = "/portal/placements/"


def transition_url(placement, name: str) -> str:
    return f"/portal/placements/{placement.pk}/{name}/"


# --- Who sees what --------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "expected"), list(DETAIL.items()))
def test_who_may_open_the_placement_page(client, who, expected):
    cast = make_cast()
    client.force_login(cast.person(who))
    response = client.get(detail_url(cast.placement))
    assert response.status_code == expected
    if expected == 404:
        assert b"Sam Student" not in response.content


# Confirmation pages: (move, from status) -> who gets 200 (the rest of DETAIL's 200s get 403).
TRANSITION_PAGES = {
    ("confirm", S.PROPOSED): {"host_coordinator", "university_coordinator", "admin"},
    ("start", S.CONFIRMED): {"host_coordinator", "university_coordinator", "admin", "educator"},
    ("suspend", S.ACTIVE): {"host_coordinator", "university_coordinator", "tutor"},
    ("review_midpoint", S.ACTIVE): {"educator"},
    ("pass", S.FINAL_REPORT_SUBMITTED): {"tutor", "university_coordinator"},
    ("end_early", S.ACTIVE): {"host_coordinator", "university_coordinator", "admin"},
}


# Moves taken by recording a review or a panel decision have no confirmation page of
# their own: those allowed are sent to the record's form (placements/views/review.py).
RECORD_FORMS = {
    "review_midpoint": "midpoint-review/record/",
    "pass": "panel/record/",
}


@pytest.mark.parametrize(("name", "source"), list(TRANSITION_PAGES))
@pytest.mark.parametrize("who", list(DETAIL))
def test_who_may_open_each_confirmation_page(client, name, source, who):
    cast = make_cast(status=source)
    client.force_login(cast.person(who))
    response = client.get(transition_url(cast.placement, name))
    allowed = who in TRANSITION_PAGES[(name, source)]
    ok = 302 if name in RECORD_FORMS else 200
    expected = 404 if DETAIL[who] == 404 else (ok if allowed else 403)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"] == detail_url(cast.placement) + RECORD_FORMS[name]


@pytest.mark.parametrize(
    ("name", "source", "who"),
    [
        ("review_midpoint", S.ACTIVE, "educator"),
        ("submit_final_report", S.MIDPOINT_REVIEWED, "educator"),
        ("pass", S.FINAL_REPORT_SUBMITTED, "tutor"),
        ("fail", S.FINAL_REPORT_SUBMITTED, "university_coordinator"),
    ],
)
def test_posting_a_move_taken_by_a_record_changes_nothing(client, name, source, who):
    cast = make_cast(status=source)
    client.force_login(cast.person(who))

    response = client.post(transition_url(cast.placement, name))

    assert response.status_code == 302
    assert "/portal/placements/" in response["Location"]
    assert response["Location"] != detail_url(cast.placement)
    cast.placement.refresh_from_db()
    assert cast.placement.status == source
    assert not Notification.objects.exists()


def test_the_placement_page_offers_the_records_instead_of_the_moves(client):
    cast = make_cast(status=S.FINAL_REPORT_SUBMITTED)
    client.force_login(cast.tutor)
    response = client.get(detail_url(cast.placement))
    assert [a.name for a in response.context["actions"]] == []
    assert list(response.context["recorded_moves"].values()) == ["Record panel decision"]
    page = response.content.decode()
    assert f'href="{detail_url(cast.placement)}panel/record/"' in page
    assert "Record pass" not in page and "Record fail" not in page

    cast.placement.status = S.ACTIVE
    cast.placement.save()
    client.force_login(cast.educator)
    response = client.get(detail_url(cast.placement))
    assert list(response.context["recorded_moves"].values()) == ["Record midpoint review"]
    record_url = f"{detail_url(cast.placement)}midpoint-review/record/"
    assert f'href="{record_url}"' in response.content.decode()


@pytest.mark.parametrize("who", ["student", "educator", "tutor", "other_coordinator"])
def test_a_refused_post_changes_nothing(client, who):
    cast = make_cast()
    before = cast.placement.history.count()
    client.force_login(cast.person(who))

    response = client.post(transition_url(cast.placement, "confirm"))

    assert response.status_code in (403, 404)
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.PROPOSED
    assert cast.placement.history.count() == before
    assert not Notification.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    cast = make_cast()
    for url in (
        LIST_URL,
        detail_url(cast.placement),
        transition_url(cast.placement, "confirm"),
        "/portal/placements/new/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_move_that_does_not_exist_is_not_found_and_other_placement_pages_still_resolve(client):
    cast = make_cast()
    client.force_login(cast.host_coordinator)
    assert client.get(transition_url(cast.placement, "teleport")).status_code == 404
    for name in ("days", "agreement", "edit"):
        match = resolve(f"/portal/placements/{cast.placement.pk}/{name}/")
        assert match.url_name != "placement_transition"


# --- The placement page -------------------------------------------------------------------


def test_the_placement_page_shows_the_summary_actions_and_timeline(client):
    cast = make_cast(status=S.DRAFT)
    client.force_login(cast.host_coordinator)
    client.post(transition_url(cast.placement, "propose"))
    client.post(transition_url(cast.placement, "confirm"))

    response = client.get(detail_url(cast.placement))

    page = text(response)
    for expected in (
        "Sam Student",
        "BA (Hons) Social Work",
        "Northgate University",
        "Eastbrook Children's Services",
        "Early help team",
        str(cast.educator),
        "Owen Supervisor",
        "Teresa Tutor",
        "First placement",
        "Required days 70",
        "Confirmed",
    ):
        assert expected in page, expected
    actions = [a.label for a in response.context["actions"]]
    assert actions == ["Start placement", "End placement early"]
    assert "Start placement" in page
    # The timeline is newest first (placements.timeline); its status changes:
    timeline = [e for e in response.context["timeline"] if e.kind == "status"][::-1]
    assert [(e.before, e.after) for e in timeline] == [
        (None, "Draft"),
        ("Draft", "Proposed"),
        ("Proposed", "Confirmed"),
    ]
    assert all(e.who == cast.host_coordinator for e in timeline[1:])
    assert "Proposed → Confirmed" in page
    assert "by Chris Coordinator" in page


def test_the_student_sees_the_placement_without_actions(client):
    cast = make_cast()
    client.force_login(cast.student)
    response = client.get(detail_url(cast.placement))
    assert response.context["actions"] == []
    assert not response.context["can_edit"]
    assert "Confirm placement" not in text(response)


def test_the_timeline_shows_why_a_placement_ended_early(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.host_coordinator)
    client.post(
        transition_url(cast.placement, "end_early"), {"reason": "The team was restructured."}
    )
    page = text(client.get(detail_url(cast.placement)))
    assert "Active → Ended early" in page
    assert "Reason: The team was restructured." in page
    assert "Why it ended early The team was restructured." in page


# --- Confirmation pages -------------------------------------------------------------------


def test_the_confirmation_page_says_what_will_happen(client):
    cast = make_cast()
    client.force_login(cast.host_coordinator)
    response = client.get(transition_url(cast.placement, "confirm"))
    page = text(response)
    assert "Confirm placement?" in page
    assert "the student's DBS check is recorded" in page
    assert "Sam Student" in page and "Owen Supervisor" in page
    assert 'name="reason"' not in response.content.decode()


def test_confirming_changes_the_status_and_tells_people(client):
    cast = make_cast()
    client.force_login(cast.host_coordinator)

    response = client.post(transition_url(cast.placement, "confirm"), follow=True)

    assert response.redirect_chain[-1][0] == detail_url(cast.placement)
    assert "You confirmed the placement. Its details can no longer be changed." in text(response)
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.CONFIRMED
    assert Notification.objects.filter(user=cast.student).count() == 1


def test_failed_checks_are_listed_in_the_error_summary_and_change_nothing(client):
    cast = make_cast(level=Placement.Level.FINAL)
    StudentProfile.objects.filter(user=cast.student).update(dbs_checked_on=None)
    EducatorProfile.objects.filter(user=cast.educator).update(peps_stage=1)
    before = cast.placement.history.count()
    client.force_login(cast.host_coordinator)

    response = client.post(transition_url(cast.placement, "confirm"))

    assert response.status_code == 200
    assert error_summary(response) == [
        "Sam Student has no DBS check recorded.",
        f"A final placement needs a practice educator at PEPS stage 2; {cast.educator} is at "
        "stage 1.",
    ]
    assert text(response).startswith("2 errors:")
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.PROPOSED
    assert cast.placement.history.count() == before
    assert not Notification.objects.exists()


def test_ending_early_asks_for_the_reason(client):
    cast = make_cast(status=S.ACTIVE)
    client.force_login(cast.host_coordinator)
    page = client.get(transition_url(cast.placement, "end_early"))
    assert 'name="reason"' in page.content.decode()

    response = client.post(transition_url(cast.placement, "end_early"), {"reason": " "})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter the reason the placement is ending early."]
    assert 'id="id_reason-error"' in response.content.decode()
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.ACTIVE


def test_a_move_not_allowed_from_the_status_is_explained(client):
    cast = make_cast(status=S.SUSPENDED)
    client.force_login(cast.host_coordinator)

    page = client.get(transition_url(cast.placement, "confirm"))
    assert "this step is not available now" in text(page)
    main = page.content.split(b'id="main-content"', 1)[1]  # the page's own content
    assert b'type="submit"' not in main

    response = client.post(transition_url(cast.placement, "confirm"))
    assert error_summary(response) == ["A suspended placement cannot be confirmed."]
    cast.placement.refresh_from_db()
    assert cast.placement.status == S.SUSPENDED


# --- Setting up and changing --------------------------------------------------------------


def form_data(cast, **overrides) -> dict:
    data = {
        "student": StudentProfile.objects.get(user=cast.student).pk,
        "host": cast.host.pk,
        "team": "Children in need team",
        "level": "first",
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


def give_host_student_role(cast) -> None:
    """Students a host co-ordinator places are members of the host (or of a university
    the co-ordinator co-ordinates)."""
    from portal.accounts.services import membership_grant

    membership_grant(user=cast.student, organisation=cast.host, role=Role.STUDENT)


def open_place(cast, team: str = "Children in need team"):
    """An offer of places in `team` of the cast's host, covering form_data's dates."""
    return PlacementOfferFactory(
        host=cast.host, team=team, starts_on=days_ago(-190), ends_on=days_ago(-400)
    )


def test_a_coordinator_sets_up_a_draft_placement(client):
    cast = make_cast()
    give_host_student_role(cast)
    place = open_place(cast)
    client.force_login(cast.host_coordinator)
    assert client.get("/portal/placements/new/").status_code == 200

    response = client.post("/portal/placements/new/", form_data(cast, place=place.pk))

    placement = Placement.objects.exclude(pk=cast.placement.pk).get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(placement)
    assert placement.status == S.DRAFT
    assert placement.course == cast.course
    assert placement.required_days == 70
    assert placement.team == "Children in need team"


def test_the_set_up_form_offers_only_the_coordinators_students_and_organisations(client):
    cast = make_cast()
    elsewhere = StudentProfileFactory()
    other_host = OrganisationFactory()
    place = open_place(cast)
    elsewhere_place = PlacementOfferFactory(host=other_host)
    client.force_login(cast.host_coordinator)

    form = client.get("/portal/placements/new/").context["form"]

    students = list(form.fields["student"].queryset)
    # The cast's student belongs to the university only, until they join the host.
    assert StudentProfile.objects.get(user=cast.student) not in students
    assert elsewhere not in students
    give_host_student_role(cast)
    form = client.get("/portal/placements/new/").context["form"]
    assert list(form.fields["student"].queryset) == [StudentProfile.objects.get(user=cast.student)]
    assert list(form.fields["place"].queryset) == [place]
    assert elsewhere_place not in form.fields["place"].queryset


def test_a_university_coordinator_can_pick_their_students(client):
    cast = make_cast()
    client.force_login(cast.university_coordinator)
    form = client.get("/portal/placements/new/").context["form"]
    assert StudentProfile.objects.get(user=cast.student) in form.fields["student"].queryset


def test_the_set_up_form_shows_the_services_refusals_on_the_fields(client):
    cast = make_cast()
    admin = cast.admin
    client.force_login(admin)
    wrong_tutor = user_with_role(Role.TUTOR, OrganisationFactory())

    response = client.post(
        "/portal/placements/new/",
        form_data(cast, tutor=wrong_tutor.pk, ends_on=days_ago(-100).isoformat()),
    )

    assert response.status_code == 200
    summary = error_summary(response)
    assert "The end date must be after the start date." in summary
    assert Placement.objects.count() == 1


@pytest.mark.parametrize("who", ["student", "educator", "tutor", "school_contact"])
def test_only_coordinators_and_admins_set_up_placements(client, who):
    cast = make_cast()
    client.force_login(cast.person(who))
    assert client.get("/portal/placements/new/").status_code == 403


def test_a_draft_placement_can_be_changed(client):
    cast = make_cast(status=S.DRAFT)
    client.force_login(cast.host_coordinator)
    assert client.get(f"/portal/placements/{cast.placement.pk}/edit/").status_code == 200

    data = form_data(cast, team="Fostering team", required_days="65")
    del data["student"]
    response = client.post(f"/portal/placements/{cast.placement.pk}/edit/", data)

    assert response.status_code == 302
    cast.placement.refresh_from_db()
    assert cast.placement.team == "Fostering team"
    assert cast.placement.required_days == 65


def test_a_confirmed_placement_cannot_be_changed(client):
    cast = make_cast(status=S.CONFIRMED)
    client.force_login(cast.host_coordinator)
    response = client.get(f"/portal/placements/{cast.placement.pk}/edit/", follow=True)
    assert response.redirect_chain[-1][0] == detail_url(cast.placement)
    assert "A confirmed placement cannot be changed" in text(response)


@pytest.mark.parametrize(("who", "expected"), [("student", 403), ("other_coordinator", 404)])
def test_others_cannot_change_a_placement(client, who, expected):
    cast = make_cast(status=S.DRAFT)
    client.force_login(cast.person(who))
    assert client.get(f"/portal/placements/{cast.placement.pk}/edit/").status_code == expected


# --- The list -----------------------------------------------------------------------------


def test_the_list_shows_only_the_placements_in_scope(client):
    cast = make_cast()
    PlacementFactory()  # someone else's
    client.force_login(cast.student)
    response = client.get(LIST_URL)
    assert list(response.context["page_obj"]) == [cast.placement]
    assert "Set up a placement" not in text(response)


def test_the_list_filters_by_status_level_and_student_name(client):
    cast = make_cast(status=S.ACTIVE)
    course = cast.course
    final = PlacementFactory(course=course, host=cast.host, level="final", status=S.PROPOSED)
    final.student.name = "Zara Quinn"
    final.student.save(update_fields=["name"])
    client.force_login(cast.host_coordinator)

    def listed(query):
        return list(client.get(LIST_URL, query).context["page_obj"])

    assert listed({"status": "active"}) == [cast.placement]
    assert listed({"level": "final"}) == [final]
    assert listed({"q": "zara"}) == [final]
    assert listed({"q": "nobody"}) == []
    assert "No placements match these filters" in text(client.get(LIST_URL, {"q": "nobody"}))


def test_the_list_has_an_empty_state(client):
    client.force_login(user_with_role(Role.STUDENT))
    assert "There are no placements for you to see yet." in text(client.get(LIST_URL))


def test_the_list_is_paginated_by_25(client):
    cast = make_cast()
    for _ in range(26):
        PlacementFactory(course=cast.course, host=cast.host, student=cast.student)
    client.force_login(cast.host_coordinator)
    page = client.get(LIST_URL, {"page": 2}).context["page_obj"]
    assert page.paginator.count == 27
    assert len(page.object_list) == 2


def placements_for_counting(rows: int, **fields):
    course = CourseFactory()
    for _ in range(rows):
        PlacementFactory(course=course, **fields)


@pytest.mark.parametrize("rows", [5, 50])
def test_the_list_makes_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    host = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, host)
    placements_for_counting(rows, host=host)
    client.force_login(coordinator)

    # With the RAG status of each row and the course and cohort filters
    # (tests/placements/test_oversight_views.py counts the RAG filter too), and five
    # for the RAG status's supervision part (weekly supervision three, observations two).
    with django_assert_max_num_queries(15 + 5):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == rows


# --- Navigation and dashboards ------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.STUDENT, True),
        (Role.PRACTICE_EDUCATOR, True),
        (Role.TUTOR, True),
        (Role.ONSITE_SUPERVISOR, True),
        (Role.COORDINATOR, True),
        (Role.ADMIN, True),
        (Role.SCHOOL_CONTACT, False),
        (Role.LIFESTORY_WORKER, False),
        (Role.EDITOR, False),
    ],
)
def test_placements_are_in_the_header_only_for_roles_that_work_with_them(client, role, shown):
    client.force_login(user_with_role(role))
    page = client.get(reverse("portal:dashboard")).content.decode()
    nav = page[page.index('id="navigation"') : page.index("</nav>")]
    assert (f'href="{LIST_URL}"' in nav) is shown


def dashboard(client, user) -> str:
    client.force_login(user)
    return text(client.get(reverse("portal:dashboard")))


def test_the_student_dashboard_shows_the_current_placement(client):
    cast = make_cast(status=S.ACTIVE)
    page = dashboard(client, cast.student)
    assert "Your placement" in page
    assert "Eastbrook Children's Services, Early help team" in page
    assert "Active" in page


def test_the_dashboards_of_the_people_on_the_placement_list_it(client):
    cast = make_cast(status=S.ACTIVE)
    for person in (cast.educator, cast.supervisor, cast.tutor):
        page = dashboard(client, person)
        assert "Sam Student" in page, person
        client.logout()


def test_the_coordinator_dashboard_counts_by_status_and_lists_placements_without_an_educator(
    client,
):
    cast = make_cast(status=S.ACTIVE)
    waiting = PlacementFactory(
        course=cast.course, host=cast.host, status=S.PROPOSED, practice_educator=None
    )
    PlacementFactory(course=cast.course, host=cast.host, status=S.PASSED, practice_educator=None)
    client.force_login(cast.host_coordinator)
    panel = next(
        p
        for p in client.get(reverse("portal:dashboard")).context["panels"]
        if p.role == "coordinator"
    )
    counts = {row["status"]: row["count"] for row in panel.context["placements_by_status"]}
    assert counts == {"proposed": 1, "active": 1, "passed": 1}
    assert panel.context["placements_without_educator"]["rows"] == [waiting]


@pytest.mark.parametrize(
    ("role", "empty"),
    [
        (Role.STUDENT, "You have no current placement."),
        (Role.PRACTICE_EDUCATOR, "No students are allocated to you yet."),
        (Role.ONSITE_SUPERVISOR, "No students are placed with you at the moment."),
        (Role.TUTOR, "None of your students is on a placement at the moment."),
        (Role.COORDINATOR, "There are no placements in your organisations yet."),
    ],
)
def test_each_dashboard_panel_has_an_empty_state(client, role, empty):
    assert empty in dashboard(client, user_with_role(role))


@pytest.mark.parametrize("rows", [5, 50])
def test_the_educators_dashboard_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    educator = EducatorProfileFactory().user
    placements_for_counting(rows, practice_educator=educator)
    client.force_login(educator)

    # 8 for the placements panel and the page, 4 for its supervision part
    # (tests/supervision/test_dashboards.py), and the casework panels.
    with django_assert_max_num_queries(
        12
        + CASEWORK_PANEL_QUERIES[Role.PRACTICE_EDUCATOR]
        + WAITING_QUERIES[Role.PRACTICE_EDUCATOR]
        + HEADER_QUERIES
    ):
        response = client.get(reverse("portal:dashboard"))

    [panel] = response.context["panels"]
    assert panel.context["placements_educated"]["total"] == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_the_coordinators_dashboard_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows
):
    host = OrganisationFactory()
    coordinator = user_with_role(Role.COORDINATOR, host)
    placements_for_counting(rows, host=host, practice_educator=None, status=S.PROPOSED)
    client.force_login(coordinator)

    # Up to seven of these are the RAG overview (tests/placements/test_oversight_views.py);
    # the panel also lists allocation work; five more are the RAG status's supervision
    # part (weekly supervision three, observations two), and the casework panels.
    with django_assert_max_num_queries(
        22
        + 5
        + CASEWORK_PANEL_QUERIES[Role.COORDINATOR]
        + WAITING_QUERIES[Role.COORDINATOR]
        + HEADER_QUERIES
    ):
        response = client.get(reverse("portal:dashboard"))

    [panel] = response.context["panels"]
    assert panel.context["placements_total"] == rows
    assert panel.context["placements_without_educator"]["total"] == rows
