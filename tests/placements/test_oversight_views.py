"""University oversight on the pages: the list's RAG column and filters, the
placement page's status, and the tutor's and co-ordinator's dashboards."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from placements.models import Placement
from portal.accounts.roles import Role
from tests.dashboard_bounds import CASEWORK_PANEL_QUERIES, HEADER_QUERIES, WAITING_QUERIES
from tests.factories import user_with_role
from tests.placements.factories import (
    CourseFactory,
    UniversityFactory,
)
from tests.placements.support import (
    LIST_URL,
    answer_cannot_tell,
    placement_for,
    placements_for_counting,
    raise_concern,
    university,
)

pytestmark = pytest.mark.django_db

S = Placement.Status
DASHBOARD = reverse("portal:dashboard")


@pytest.fixture
def supervision_cannot_tell(monkeypatch):
    """The supervision app answering None ("cannot tell") for the placements whose pk is
    added to the returned set (university() adds its grey one); real answers otherwise."""
    return answer_cannot_tell(monkeypatch)


def text(response) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def listed(client, **query) -> list[Placement]:
    response = client.get(LIST_URL, query)
    assert response.status_code == 200
    return list(response.context["page_obj"])


# --- The list -------------------------------------------------------------------------------


def test_a_tutor_lists_every_placement_of_their_university_with_its_rag_status(
    client, supervision_cannot_tell
):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)

    response = client.get(LIST_URL)

    rows = {p.pk: p for p in response.context["page_obj"]}
    # Colleagues' tutees included (read-only), the other university's not.
    assert set(rows) == {uni.red.pk, uni.amber.pk, uni.grey.pk, uni.passed.pk}
    assert rows[uni.red.pk].rag.status == "red"
    assert rows[uni.amber.pk].rag.status == "amber"
    assert rows[uni.grey.pk].rag.status == "no_data"
    assert rows[uni.passed.pk].rag is None
    page = text(response)
    assert "Progress (RAG)" in page
    assert "Red Open cause for concern (stage 2)" in page
    assert "Amber Open cause for concern (stage 1)" in page
    assert "No data Weekly supervision: no data yet" in page
    assert "Not rated : only placements under way have a status" in page
    assert 'class="govuk-tag govuk-tag--red"' in response.content.decode()


def test_a_tutor_may_open_a_colleagues_students_placement_but_not_change_it(
    client, supervision_cannot_tell
):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    response = client.get(f"/portal/placements/{uni.amber.pk}/")
    assert response.status_code == 200
    assert response.context["actions"] == []
    assert not response.context["can_raise_concern"]
    assert client.get(f"/portal/placements/{uni.elsewhere.pk}/").status_code == 404


def test_the_list_filters_by_course_cohort_status_and_rag(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)

    assert set(listed(client, course=uni.ba.pk)) == {uni.red, uni.grey, uni.passed}
    assert listed(client, course=uni.ma.pk) == [uni.amber]
    assert set(listed(client, cohort="2024")) == {uni.amber, uni.grey}
    assert listed(client, cohort="2024", course=uni.ba.pk) == [uni.grey]
    assert listed(client, status="passed") == [uni.passed]
    assert listed(client, rag="red") == [uni.red]
    assert listed(client, rag="amber") == [uni.amber]
    assert listed(client, rag="no_data") == [uni.grey]
    assert listed(client, rag="green") == []
    assert listed(client, rag="red", course=uni.ma.pk) == []
    assert "No placements match these filters" in text(client.get(LIST_URL, {"rag": "green"}))


def test_the_filters_offer_only_the_courses_and_cohorts_in_scope(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    form = client.get(LIST_URL).context["filter_form"]
    assert set(form.fields["course"].queryset) == {uni.ba, uni.ma}
    assert [value for value, _ in form.fields["cohort"].choices] == ["", "2025", "2024"]
    assert [value for value, _ in form.fields["rag"].choices] == [
        "",
        "red",
        "amber",
        "green",
        "no_data",
    ]


def test_a_course_outside_scope_is_refused_with_a_message(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    response = client.get(LIST_URL, {"course": uni.elsewhere.course.pk})
    assert "Select one of the options for course" in text(response)
    assert uni.elsewhere not in list(response.context["page_obj"])


def test_filtering_by_rag_works_across_pages(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    for _ in range(26):
        raise_concern(placement_for(uni.ba))
    client.force_login(uni.tutor)

    first = client.get(LIST_URL, {"rag": "amber"})
    second = client.get(LIST_URL, {"rag": "amber", "page": 2})

    assert first.context["page_obj"].paginator.count == 27
    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 2
    rows = [*first.context["page_obj"], *second.context["page_obj"]]
    assert all(p.rag.status == "amber" for p in rows)
    assert len({p.pk for p in rows}) == 27
    assert 'href="?rag=amber&amp;page=2"' in first.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("query", [{}, {"rag": "red"}, {"rag": "amber", "cohort": "2025"}])
def test_the_list_with_rag_makes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows, query
):
    northgate = UniversityFactory()
    tutor = user_with_role(Role.TUTOR, northgate)
    placements_for_counting(rows, northgate)
    client.force_login(tutor)

    # Sixteen as before, and five for the supervision app's selectors (three for weekly
    # supervision, two for the observation checklist).
    with django_assert_max_num_queries(16 + 5 + HEADER_QUERIES):
        response = client.get(LIST_URL, query)

    assert response.status_code == 200
    red = (rows + 2) // 3
    expected = {None: rows, "red": red, "amber": rows - red}[query.get("rag")]
    assert response.context["page_obj"].paginator.count == expected


# --- The placement page -------------------------------------------------------------------


def test_the_placement_page_shows_the_rag_status_and_its_reasons(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    page = text(client.get(f"/portal/placements/{uni.red.pk}/"))
    assert "Progress status: Red" in page
    assert "Open cause for concern (stage 2)" in page
    finished = client.get(f"/portal/placements/{uni.passed.pk}/")
    assert finished.context["rag"] is None
    assert "Progress status" not in text(finished)


# --- Dashboards -----------------------------------------------------------------------------


def panel(client, user, role: str):
    client.force_login(user)
    response = client.get(DASHBOARD)
    return response, next(p for p in response.context["panels"] if p.role == role)


def test_the_tutors_dashboard_counts_by_rag_and_lists_the_red_placements(
    client, supervision_cannot_tell
):
    uni = university(supervision_cannot_tell)
    response, tutor_panel = panel(client, uni.tutor, "tutor")

    counts = {row["status"]: row["count"] for row in tutor_panel.context["placements_rag_counts"]}
    assert counts == {"red": 1, "amber": 1, "green": 0, "no_data": 1}
    assert tutor_panel.context["placements_red"]["rows"] == [uni.red]
    page = response.content.decode()
    assert f'href="{LIST_URL}?rag=red"' in page
    assert f'href="{LIST_URL}?rag=amber"' in page
    assert f'href="{LIST_URL}?rag=green"' not in page  # nothing to list
    words = text(response)
    assert "Red: needs action now" in words
    assert "Open cause for concern (stage 2)" in words
    # Their own student's row carries its status too.
    assert tutor_panel.context["placements_tutored"]["rows"][0].rag.status == "red"


def test_each_dashboard_count_matches_the_list_it_links_to(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    for user, role in (
        (uni.tutor, "tutor"),
        (user_with_role(Role.COORDINATOR, uni.university), "coordinator"),
    ):
        _, found = panel(client, user, role)
        for row in found.context["placements_rag_counts"]:
            assert len(listed(client, rag=row["status"])) == row["count"], (role, row)


def test_the_coordinators_dashboard_shows_the_rag_overview(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    coordinator = user_with_role(Role.COORDINATOR, uni.university)
    response, found = panel(client, coordinator, "coordinator")
    counts = {row["status"]: row["count"] for row in found.context["placements_rag_counts"]}
    assert counts == {"red": 1, "amber": 1, "green": 0, "no_data": 1}
    assert "Red: needs action now" in text(response)


def test_a_dashboard_with_no_red_placement_says_so(client):
    northgate = UniversityFactory()
    placement_for(CourseFactory(university=northgate))
    _, found = panel(client, user_with_role(Role.TUTOR, northgate), "tutor")
    assert found.context["placements_red"]["rows"] == []
    client.force_login(user_with_role(Role.TUTOR, northgate))
    assert "No placement is red." in text(client.get(DASHBOARD))


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("role", [Role.TUTOR, Role.COORDINATOR])
def test_the_oversight_dashboards_make_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, rows, role
):
    northgate = UniversityFactory()
    user = user_with_role(role, northgate)
    placements_for_counting(rows, northgate)
    client.force_login(user)

    # The RAG overview is seven of these (placements.dashboard._oversight), and five
    # for the supervision app's selectors (three for weekly supervision, two for the
    # observation checklist); the co-ordinator's panel also counts by status and lists
    # allocation work.
    # +5 for the supervision selectors behind the RAG status; the tutor also has the
    # supervision table of their own students (supervision/dashboard.py, +3).
    with django_assert_max_num_queries(
        {
            Role.TUTOR: 20 + 5 + 3 + WAITING_QUERIES[Role.TUTOR],
            Role.COORDINATOR: 22
            + 5
            + CASEWORK_PANEL_QUERIES[Role.COORDINATOR]
            + WAITING_QUERIES[Role.COORDINATOR],
        }[role]
    ):
        response = client.get(DASHBOARD)

    [found] = response.context["panels"]
    counts = {row["status"]: row["count"] for row in found.context["placements_rag_counts"]}
    assert counts["red"] == (rows + 2) // 3
    assert len(found.context["placements_red"]["rows"]) == min(counts["red"], 10)
