"""The Beta banner's feedback link leads to a form that accepts feedback about the
page the person was on: stored with the page's path (never its query string) and
nothing about them; contact details typed in a comment are removed."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from cms.models import PortalFeedback
from tests.accounts.support import visible_text
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db


def banner_link(response) -> str:
    banner = re.search(
        r'class="govuk-phase-banner".*?</div>', response.content.decode(), flags=re.S
    ).group(0)
    return unescape(
        re.search(r'<a class="govuk-link" href="([^"]+)">feedback</a>', banner).group(1)
    )


def test_the_banner_links_to_a_form_that_stores_feedback_about_the_page(client):
    placement = PlacementFactory()
    client.force_login(placement.student)
    page = f"/portal/placements/{placement.pk}/"
    assert client.get(page).status_code == 200

    link = banner_link(client.get(page))
    form_page = client.get(link)

    assert form_page.status_code == 200
    assert "Was this page useful?" in visible_text(form_page)
    response = client.post(
        reverse("cms:portal_feedback"),
        {
            "feedback-page": f"{page}?q=Sam",
            "feedback-useful": "no",
            "feedback-comment": "The table is too wide. Ring me on 07700 900123.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page
    assert "Thank you for your feedback." in visible_text(response)
    saved = PortalFeedback.objects.get()
    assert (saved.path, saved.useful) == (page, False)
    assert saved.comment == "The table is too wide. Ring me on [phone number removed]."
    assert not any(f.name in {"user", "ip", "user_agent"} for f in PortalFeedback._meta.fields)


def test_the_link_is_on_pages_for_people_not_signed_in(client):
    response = client.get(reverse("account_login"))
    link = banner_link(response)
    assert link.startswith(reverse("cms:portal_feedback") + "?page=")
    assert client.get(link).status_code == 200


def test_an_answer_is_needed_and_nothing_is_stored_without_one(client):
    response = client.post(
        reverse("cms:portal_feedback"),
        {"feedback-page": "/portal/", "feedback-useful": "", "feedback-comment": "Hm"},
    )
    assert response.status_code == 400
    assert "Select yes if this page was useful" in visible_text(response)
    assert not PortalFeedback.objects.exists()


@pytest.mark.parametrize("page", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_it_never_sends_people_off_the_site(client, page):
    response = client.post(
        reverse("cms:portal_feedback"), {"feedback-page": page, "feedback-useful": "yes"}
    )
    assert response.status_code == 303
    assert response["Location"] == "/"
    assert PortalFeedback.objects.get().path == "/"


def test_a_bot_filling_the_hidden_field_stores_nothing(client):
    response = client.post(
        reverse("cms:portal_feedback"),
        {"feedback-page": "/portal/", "feedback-useful": "yes", "feedback-website": "spam"},
    )
    assert response.status_code == 303
    assert not PortalFeedback.objects.exists()
