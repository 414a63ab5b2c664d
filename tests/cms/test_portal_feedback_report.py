"""The editors' report of the portal's feedback (the Beta banner's answers) in the
Wagtail admin: newest first, paged, filtered by date, part of the portal, answer
and comment, exported exactly as filtered, and only for those who edit pages."""

import csv
import io
from datetime import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from cms.feedback.services import portal_feedback_record
from cms.models import PortalFeedback
from portal.accounts.roles import Role
from tests.cms.public_site_fixtures import build_public_site
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

REPORT = reverse("cms_portal_feedback")


@pytest.fixture
def site():
    return build_public_site()


@pytest.fixture
def editor_client(client, site):
    client.force_login(user_with_role(Role.EDITOR))
    return client


def answer(path: str, useful: bool, comment: str = "", *, on: str | None = None):
    feedback = portal_feedback_record(path=path, useful=useful, comment=comment)
    if on:
        when = timezone.make_aware(datetime.fromisoformat(on).replace(hour=12))
        PortalFeedback.objects.filter(pk=feedback.pk).update(created_at=when)
    return feedback


def listed(response) -> list[tuple[str, str]]:
    return [(row.path, row.comment) for row in response.context["object_list"]]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def test_answers_are_listed_newest_first_with_their_comments(editor_client):
    answer("/placements/", True, "Clear", on="2026-03-01")
    answer("/casework/children/", False, "Could not find the button", on="2026-03-05")

    response = editor_client.get(REPORT)

    assert response.status_code == 200
    assert listed(response) == [
        ("/casework/children/", "Could not find the button"),
        ("/placements/", "Clear"),
    ]
    html = response.content.decode()
    assert "Could not find the button" in html and "Portal feedback" in html
    # Each answer names the portal page it was about, linked by its path.
    assert '<a href="/casework/children/">/casework/children/</a>' in html
    assert 'data-testid="portal-feedback"' in html
    assert "Answers about portal pages, newest first" in html


def test_the_list_is_paged_25_at_a_time(editor_client):
    for number in range(30):
        answer(f"/placements/{number}/", True)

    first = editor_client.get(REPORT)
    second = editor_client.get(REPORT, {"p": 2})

    assert len(first.context["object_list"]) == 25
    assert len(second.context["object_list"]) == 5


def test_filters_by_date_part_of_the_portal_answer_and_comment(editor_client):
    answer("/placements/12/days/", False, "Wrong hours", on="2026-03-05")
    answer("/placements", False, "Slow", on="2026-03-06")
    answer("/placements/12/", True, "Fine", on="2026-03-06")
    answer("/placements/12/", False, "", on="2026-03-07")
    answer("/placements/12/", False, "Too early", on="2026-02-01")
    answer("/placementsx/", False, "Another area", on="2026-03-05")
    answer("/casework/", False, "Another area", on="2026-03-05")

    response = editor_client.get(
        REPORT,
        {
            "received_from": "2026-03-01",
            "received_to": "2026-03-31",
            "area": "/placements/",
            "useful": "false",
            "with_comment": "true",
        },
    )

    assert listed(response) == [("/placements", "Slow"), ("/placements/12/days/", "Wrong hours")]


def test_the_areas_offered_are_those_with_answers(editor_client):
    answer("/", True)
    answer("/casework/children/4/", True)
    answer("/placements/", True)

    response = editor_client.get(REPORT)

    choices = [value for value, _ in response.context["filters"].form.fields["area"].choices]
    assert choices[1:] == ["/", "/casework/", "/placements/"]
    assert listed(editor_client.get(REPORT, {"area": "/"})) == [("/", "")]


def test_an_area_nobody_answered_about_is_refused_and_lists_nothing(editor_client):
    answer("/placements/", True, "Fine")

    response = editor_client.get(REPORT, {"area": "/nowhere/"})

    html = response.content.decode()
    errors = html[html.index('data-testid="filter-errors"') :]
    assert "Part of the portal: Select one of the options" in errors
    assert listed(response) == []


def test_a_range_that_ends_before_it_starts_is_refused(editor_client):
    answer("/placements/", True, on="2026-03-01")

    response = editor_client.get(
        REPORT, {"received_from": "2026-03-31", "received_to": "2026-03-01", "export": "csv"}
    )

    assert csv_rows(response)[1:] == []


def test_the_csv_holds_exactly_the_filtered_answers(editor_client):
    answer("/placements/", False, "Slow", on="2026-03-05")
    answer("/placements/3/", True, "", on="2026-03-06")
    answer("/placements/", True, "Too early", on="2026-02-01")
    answer("/casework/", False, "Other area", on="2026-03-05")

    response = editor_client.get(
        REPORT,
        {
            "area": "/placements/",
            "received_from": "2026-03-01",
            "received_to": "2026-03-31",
            "export": "csv",
        },
    )

    assert response["Content-Disposition"].startswith("attachment")
    rows = csv_rows(response)
    assert rows[0] == ["Received", "Page", "Useful", "Comment"]
    assert [row[1:] for row in rows[1:]] == [
        ["/placements/3/", "Yes", ""],
        ["/placements/", "No", "Slow"],
    ]


def test_a_comment_cannot_become_a_spreadsheet_formula(editor_client):
    answer("/placements/", False, '=HYPERLINK("http://evil.example","click")')

    rows = csv_rows(editor_client.get(REPORT, {"export": "csv"}))

    assert rows[1][3] == '\'=HYPERLINK("http://evil.example","click")'


@pytest.mark.parametrize("count", [2, 10])
def test_queries_do_not_grow_with_the_rows(editor_client, count, django_assert_max_num_queries):
    for number in range(count):
        answer(f"/area-{number}/page/", number % 2 == 0, f"Comment {number}")

    with django_assert_max_num_queries(15):
        response = editor_client.get(REPORT)

    assert len(response.context["object_list"]) == count


def test_editors_find_it_in_the_reports_menu(editor_client):
    assert REPORT in editor_client.get(reverse("wagtailadmin_home")).content.decode()


def test_admins_see_it(client, site):
    client.force_login(user_with_role(Role.ADMIN))

    assert client.get(REPORT).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, site):
    response = client.get(REPORT)

    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.COORDINATOR])
def test_portal_roles_without_the_site_editor_are_refused(client, site, role):
    answer("/placements/", False, "Slow to load")
    client.force_login(user_with_role(role))

    for url in (REPORT, f"{REPORT}?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        body = b"".join(getattr(response, "streaming_content", [response.content]))
        assert b"Slow to load" not in body


def test_admin_access_without_page_rights_is_not_enough(client, site):
    answer("/placements/", False, "Slow to load")
    group = Group.objects.create(name="Image librarians")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    librarian = UserFactory()
    librarian.groups.add(group)
    client.force_login(librarian)

    for url in (REPORT, f"{REPORT}?export=csv"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home"), url
    assert REPORT not in client.get(reverse("wagtailadmin_home")).content.decode()
