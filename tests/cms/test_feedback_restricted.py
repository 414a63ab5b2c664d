"""The "Was this page useful?" endpoint answers only for live public pages
(issue 13, requirement 6).

A page with a view restriction (signed-in users, a password or groups), on itself
or on a section above it, and a page that is not published, answer 404 as if
they did not exist: nothing is stored and the title never shows.
"""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.models import PageFeedback
from tests.cms.public_site_fixtures import add_standard_page, build_public_site

pytestmark = pytest.mark.django_db

VISITOR = "198.51.100.23"


@pytest.fixture
def site():
    return build_public_site()


def send(client, page, **fields):
    data = {f"feedback-{name}": value for name, value in fields.items()}
    return client.post(reverse("cms:page_feedback", args=[page.pk]), data, REMOTE_ADDR=VISITOR)


def restrict(page, kind=PageViewRestriction.LOGIN, **fields):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, **fields)


def assert_answered_as_missing(response, title: str) -> None:
    assert response.status_code == 404
    assert title not in response.content.decode()
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize(
    "answer",
    [
        {"useful": "no", "comment": "The rota is out of date."},
        # An answer the form refuses would show the page again, title and all.
        {"useful": "maybe"},
    ],
    ids=["valid answer", "refused answer"],
)
def test_a_login_restricted_page_answers_404(client, site, answer):
    page = add_standard_page(site.home, "Staff rota for the Eastfield team")
    restrict(page)

    assert_answered_as_missing(send(client, page, **answer), "Staff rota")


def test_a_page_under_a_password_protected_section_answers_404(client, site):
    section = add_standard_page(site.home, "Practice educators' area")
    page = add_standard_page(section, "Panel dates for the spring cohort")
    restrict(section, PageViewRestriction.PASSWORD, password="s3cret-area")

    assert_answered_as_missing(send(client, page, useful="yes"), "Panel dates")


def test_an_unpublished_page_answers_404(client, site):
    draft = add_standard_page(site.home, "Draft guidance on closures", live=False)

    assert_answered_as_missing(send(client, draft, useful="yes"), "Draft guidance")


def test_a_public_page_still_takes_answers(client, site):
    response = send(client, site.page, useful="yes")

    assert response.status_code == 303
    assert PageFeedback.objects.filter(page=site.page).count() == 1
