"""The editors' feedback report in the Wagtail admin: counts per page, answers,
date filters, CSV exports of exactly the filtered rows, and who may see it."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from cms.models import PageFeedback, StandardPage
from portal.accounts.roles import Role
from tests.cms.public_site_fixtures import add_standard_page, build_public_site
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

SUMMARY = reverse("cms_page_feedback")
ANSWERS = reverse("cms_page_feedback_answers")


@pytest.fixture
def site():
    return build_public_site()


@pytest.fixture
def editor_client(client):
    client.force_login(user_with_role(Role.EDITOR))
    return client


def answer(page, useful: bool, comment: str = "", *, on: str | None = None) -> PageFeedback:
    feedback = PageFeedback.objects.create(page=page, useful=useful, comment=comment)
    if on:
        when = timezone.make_aware(datetime.fromisoformat(on).replace(hour=12))
        PageFeedback.objects.filter(pk=feedback.pk).update(created_at=when)
    return feedback


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


class TestSummary:
    def test_counts_and_percentage_useful_per_page(self, editor_client, site):
        for useful in (True, True, True, False):
            answer(site.page, useful)
        answer(site.home, False, "Hard to find the phone number")

        response = editor_client.get(SUMMARY)

        assert response.status_code == 200
        rows = {row["page_id"]: row for row in response.context["object_list"]}
        row = rows[site.page.pk]
        assert (row["useful_count"], row["not_useful_count"]) == (3, 1)
        assert rows[site.page.pk]["percent_useful"] == 75
        assert rows[site.home.pk]["percent_useful"] == 0
        assert rows[site.home.pk]["comment_count"] == 1
        html = response.content.decode()
        assert "How we use feedback" in html and "75%" in html
        # The busiest page comes first.
        assert [row["page_id"] for row in response.context["object_list"]] == [
            site.page.pk,
            site.home.pk,
        ]

    def test_filters_by_the_date_answers_arrived(self, editor_client, site):
        answer(site.page, True, on="2026-03-01")
        answer(site.page, False, on="2026-03-10")
        answer(site.home, True, on="2026-04-02")

        response = editor_client.get(
            SUMMARY, {"received_from": "2026-03-01", "received_to": "2026-03-31"}
        )

        rows = list(response.context["object_list"])
        assert [(row["page_id"], row["useful_count"], row["not_useful_count"]) for row in rows] == [
            (site.page.pk, 1, 1)
        ]

    def test_a_range_that_ends_before_it_starts_is_refused(self, editor_client, site):
        answer(site.page, True, on="2026-03-01")

        response = editor_client.get(
            SUMMARY, {"received_from": "2026-03-31", "received_to": "2026-03-01"}
        )

        assert response.status_code == 200
        html = response.content.decode()
        errors = html[html.index('data-testid="filter-errors"') :]
        assert "Received: The ‘to’ date must be the same as or later than the ‘from’ date" in errors
        assert list(response.context["object_list"]) == []

    def test_a_date_that_is_not_a_date_is_refused(self, editor_client, site):
        answer(site.page, True)

        response = editor_client.get(SUMMARY, {"received_from": "31/31/2026"})

        html = response.content.decode()
        assert "Enter a valid date" in html[html.index('data-testid="filter-errors"') :]
        assert list(response.context["object_list"]) == []

    def test_the_csv_holds_exactly_the_filtered_rows(self, editor_client, site):
        answer(site.page, True, on="2026-03-01")
        answer(site.page, False, on="2026-03-02")
        answer(site.home, True, on="2026-05-01")

        response = editor_client.get(
            SUMMARY,
            {"received_from": "2026-03-01", "received_to": "2026-03-31", "export": "csv"},
        )

        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        rows = csv_rows(response)
        headings = ["Page", "Language", "Yes", "No", "Useful (%)", "Comments", "Latest answer"]
        assert rows[0] == headings
        assert [row[:6] for row in rows[1:]] == [
            ["How we use feedback", "en-gb", "1", "1", "50", "0"]
        ]

    def test_an_empty_period_says_so(self, editor_client, site):
        response = editor_client.get(SUMMARY)

        assert "No feedback received in this period." in response.content.decode()

    @pytest.mark.parametrize("pages", [5, 50])
    def test_queries_do_not_grow_with_the_rows(
        self, editor_client, site, pages, django_assert_max_num_queries
    ):
        for number in range(pages):
            page = StandardPage(title=f"Page {number}", summary="-", live=False)
            site.home.add_child(instance=page)
            answer(page, number % 2 == 0, "A comment")

        with django_assert_max_num_queries(15):
            response = editor_client.get(SUMMARY)

        assert response.status_code == 200
        assert len(response.context["object_list"]) == min(pages, 25)


class TestAnswers:
    def test_lists_answers_newest_first_with_their_comments(self, editor_client, site):
        answer(site.page, True, "Clear, thank you", on="2026-03-01")
        answer(site.page, False, "Missing the address", on="2026-03-05")

        response = editor_client.get(ANSWERS)

        comments = [feedback.comment for feedback in response.context["object_list"]]
        assert comments == ["Missing the address", "Clear, thank you"]
        html = response.content.decode()
        assert "Missing the address" in html
        # Each answer's page opens in the editor.
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[site.page.pk])}"' in html
        assert 'data-testid="feedback-answers"' in html

    def test_filters_by_page_answer_and_comment(self, editor_client, site):
        answer(site.page, False, "Missing the address")
        answer(site.page, False)
        answer(site.page, True, "Clear")
        answer(site.home, False, "Too long")

        response = editor_client.get(
            ANSWERS, {"about": site.page.pk, "useful": "false", "with_comment": "true"}
        )

        assert [f.comment for f in response.context["object_list"]] == ["Missing the address"]

    def test_the_summary_links_to_the_answers_for_a_page_and_period(self, editor_client, site):
        answer(site.page, False, "Missing the address", on="2026-03-05")

        response = editor_client.get(
            SUMMARY, {"received_from": "2026-03-01", "received_to": "2026-03-31"}
        )

        assert (
            f"{ANSWERS}?about={site.page.pk}&amp;received_from=2026-03-01&amp;received_to=2026-03-31"
            in response.content.decode()
        )

    def test_the_csv_holds_exactly_the_filtered_answers(self, editor_client, site):
        answer(site.page, False, "Missing the address", on="2026-03-05")
        answer(site.page, True, "", on="2026-03-06")
        answer(site.page, True, "Too early", on="2026-02-01")
        answer(site.home, False, "Other page", on="2026-03-05")

        response = editor_client.get(
            ANSWERS,
            {
                "about": site.page.pk,
                "received_from": "2026-03-01",
                "received_to": "2026-03-31",
                "export": "csv",
            },
        )

        rows = csv_rows(response)
        assert rows[0] == ["Received", "Page", "Page ID", "Useful", "Comment"]
        assert [row[1:] for row in rows[1:]] == [
            ["How we use feedback", str(site.page.pk), "Yes", ""],
            ["How we use feedback", str(site.page.pk), "No", "Missing the address"],
        ]

    def test_a_comment_cannot_become_a_spreadsheet_formula(self, editor_client, site):
        answer(site.page, False, '=HYPERLINK("http://evil.example","click")')

        rows = csv_rows(editor_client.get(ANSWERS, {"export": "csv"}))

        assert rows[1][4] == '\'=HYPERLINK("http://evil.example","click")'

    @pytest.mark.parametrize("count", [5, 50])
    def test_queries_do_not_grow_with_the_rows(
        self, editor_client, site, count, django_assert_max_num_queries
    ):
        other = add_standard_page(site.home, "Other page")
        for number in range(count):
            answer(site.page if number % 2 else other, number % 3 == 0, f"Comment {number}")

        with django_assert_max_num_queries(15):
            response = editor_client.get(ANSWERS)

        assert response.status_code == 200
        assert len(response.context["object_list"]) == min(count, 25)


class TestWhoMaySeeIt:
    def test_moderators_see_it(self, client, site):
        client.force_login(user_with_role(Role.ADMIN))

        assert client.get(SUMMARY).status_code == 200
        assert client.get(ANSWERS).status_code == 200

    def test_editors_find_it_in_the_reports_menu(self, editor_client, site):
        response = editor_client.get(reverse("wagtailadmin_home"))

        assert SUMMARY in response.content.decode()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, site):
        response = client.get(SUMMARY)

        assert response.status_code == 302
        assert "/login/" in response["Location"]

    @pytest.mark.parametrize("role", [Role.STUDENT, Role.PRACTICE_EDUCATOR, Role.COORDINATOR])
    def test_portal_roles_without_the_site_editor_are_refused(self, client, site, role):
        answer(site.page, False, "Missing the address")
        client.force_login(user_with_role(role))

        for url in (SUMMARY, ANSWERS, f"{ANSWERS}?export=csv"):
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert b"Missing the address" not in b"".join(
                getattr(response, "streaming_content", [response.content])
            )

    def test_admin_access_without_page_rights_is_not_enough(self, client, site):
        answer(site.page, False, "Missing the address")
        group = Group.objects.create(name="Image librarians")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        librarian = UserFactory()
        librarian.groups.add(group)
        client.force_login(librarian)

        for url in (SUMMARY, ANSWERS, f"{ANSWERS}?export=csv"):
            response = client.get(url)
            # Wagtail sends a refused admin user back to the dashboard with a message.
            assert response.status_code == 302, url
            assert response["Location"] == reverse("wagtailadmin_home"), url
        assert SUMMARY not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_old_answers_still_count_in_an_open_ended_range(editor_client, site):
    answer(site.page, True, on=(timezone.localdate() - timedelta(days=400)).isoformat())

    response = editor_client.get(SUMMARY, {"received_to": timezone.localdate().isoformat()})

    assert [row["total"] for row in response.context["object_list"]] == [1]
