"""The "Was this page useful?" form: anonymous answers, honeypot, rate limit, no personal data."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from cms.feedback.services import redact_contact_details
from cms.models import PageFeedback
from tests.cms.public_site_fixtures import add_standard_page, build_public_site

pytestmark = pytest.mark.django_db

VISITOR = "203.0.113.7"


@pytest.fixture
def site():
    return build_public_site()


def send(client, page, *, address=VISITOR, **fields):
    data = {f"feedback-{name}": value for name, value in fields.items()}
    return client.post(reverse("cms:page_feedback", args=[page.pk]), data, REMOTE_ADDR=address)


def test_every_public_page_asks_whether_it_was_useful(client, site):
    response = client.get(site.page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Was this page useful?" in html
    assert f'action="{reverse("cms:page_feedback", args=[site.page.pk])}"' in html
    assert 'name="feedback-website"' in html  # the honeypot
    # The page is shared through the cache: no per-visitor token in it.
    assert "csrfmiddlewaretoken" not in html


def test_an_answer_is_stored_without_anything_about_the_visitor(client, site):
    response = send(client, site.page, useful="no", comment="The opening times are missing.")

    assert response.status_code == 303
    assert response["Location"] == f"{site.page.url}?feedback=sent#feedback"
    answer = PageFeedback.objects.get()
    assert (answer.page_id, answer.useful, answer.comment) == (
        site.page.pk,
        False,
        "The opening times are missing.",
    )
    # The model has nowhere to put an address, agent or account.
    assert {field.name for field in PageFeedback._meta.concrete_fields} == {
        "id",
        "page",
        "useful",
        "comment",
        "created_at",
    }


def test_the_visitor_is_thanked_on_the_page(client, site):
    response = send(client, site.page, useful="yes")

    thanked = client.get(response["Location"])

    assert thanked.status_code == 200
    html = thanked.content.decode()
    assert "Thank you for your feedback." in html
    assert 'name="feedback-useful"' not in html
    # The thank-you is personal to this visit: it is never stored for others.
    assert not thanked.has_header("X-Page-Cache")
    assert "no-store" in thanked["Cache-Control"]
    assert "Thank you for your feedback." not in client.get(site.page.url).content.decode()


def test_a_swedish_page_takes_answers_too(client, site):
    response = send(client, site.page_sv, useful="yes")

    assert response["Location"] == f"{site.page_sv.url}?feedback=sent#feedback"
    assert site.page_sv.url.startswith("/sv/")
    assert PageFeedback.objects.get().page_id == site.page_sv.pk


def test_email_addresses_and_phone_numbers_are_removed_from_comments(client, site):
    send(
        client,
        site.page,
        useful="no",
        comment="Call me on 07700 900123 or +46 70-123 45 67, or write to sam.jones@example.org. "
        "The 16 weeks and the 10:30 start are clear.",
    )

    comment = PageFeedback.objects.get().comment
    assert "07700" not in comment and "123 45 67" not in comment
    assert "sam.jones" not in comment and "example.org" not in comment
    assert comment.count("[phone number removed]") == 2
    assert "[email address removed]" in comment
    assert "The 16 weeks and the 10:30 start are clear." in comment


def test_redaction_leaves_ordinary_numbers_alone():
    assert redact_contact_details("Groups run 10:30-12:00 for 16 weeks, ages 7-12.") == (
        "Groups run 10:30-12:00 for 16 weeks, ages 7-12."
    )


def test_an_answer_is_required(client, site):
    response = send(client, site.page, comment="Something to say")

    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select yes if this page was useful" in html
    assert 'href="#id_feedback-useful_0"' in html  # the summary links to the first option
    assert "Something to say</textarea>" in html  # what they typed is kept
    assert PageFeedback.objects.count() == 0


def test_a_comment_over_the_limit_is_refused_with_a_clear_message(client, site):
    response = send(client, site.page, useful="no", comment="x" * 1201)

    assert response.status_code == 400
    assert "Your comment must be 1200 characters or fewer" in response.content.decode()
    assert PageFeedback.objects.count() == 0


def test_a_filled_honeypot_is_dropped_silently(client, site):
    response = send(client, site.page, useful="yes", website="https://spam.example")

    assert response.status_code == 303
    assert response["Location"] == f"{site.page.url}?feedback=sent#feedback"
    assert PageFeedback.objects.count() == 0


def test_a_client_is_limited_to_five_answers_in_ten_minutes(client, site):
    for _ in range(5):
        assert send(client, site.page, useful="yes").status_code == 303

    refused = send(client, site.page, useful="no", comment="one more")

    assert refused.status_code == 429
    assert "Too much feedback from your connection" in refused.content.decode()
    assert "Try again in 10 minutes" in refused.content.decode()
    assert PageFeedback.objects.count() == 5
    # Another visitor is not held back by the first one.
    assert send(client, site.page, useful="yes", address="198.51.100.20").status_code == 303
    assert PageFeedback.objects.count() == 6


def test_the_rate_limit_counts_bots_too(client, site):
    for _ in range(5):
        send(client, site.page, useful="yes", website="spam")

    assert send(client, site.page, useful="yes").status_code == 429
    assert PageFeedback.objects.count() == 0


def test_the_client_address_is_kept_only_as_a_keyed_hash_in_the_cache(client, site):
    send(client, site.page, useful="yes")

    keys = list(cache._cache.keys())  # local-memory cache in tests
    # Counted by the portal's one limiter (allauth's), keyed by a hash.
    assert any("allauth:rl:" in key and "portal_page_feedback" in key for key in keys)
    assert not any(VISITOR in key for key in keys)
    assert not any(VISITOR.encode() in value for value in cache._cache.values())


def test_only_live_pages_take_answers(client, site):
    draft = add_standard_page(site.home, "Not yet published", live=False)

    assert send(client, draft, useful="yes").status_code == 404
    unknown = reverse("cms:page_feedback", args=[999999])
    assert client.post(unknown, {}, REMOTE_ADDR=VISITOR).status_code == 404
    tree_root = reverse("cms:page_feedback", args=[site.home.get_parent().pk])
    assert (
        client.post(tree_root, {"feedback-useful": "yes"}, REMOTE_ADDR=VISITOR).status_code == 404
    )
    assert PageFeedback.objects.count() == 0


def test_the_endpoint_only_takes_posts(client, site):
    response = client.get(reverse("cms:page_feedback", args=[site.page.pk]))

    assert response.status_code == 405


def test_it_works_without_a_csrf_token_when_csrf_checks_are_enforced(site):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)

    response = send(strict, site.page, useful="yes")

    assert response.status_code == 303
    assert PageFeedback.objects.count() == 1


def test_a_swedish_visitor_is_answered_in_swedish(client, site):
    refused = send(client, site.page_sv)
    sent = send(client, site.page_sv, useful="yes")
    thanked = client.get(sent["Location"])

    assert refused.status_code == 400
    assert 'lang="sv"' in refused.content.decode()
    assert "Välj ja om sidan var till hjälp" in refused.content.decode()
    assert "Tack för dina synpunkter." in thanked.content.decode()


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(client, site, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"

    def through_proxy(visitor):
        return client.post(
            reverse("cms:page_feedback", args=[site.page.pk]),
            {"feedback-useful": "yes"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=visitor,
        )

    for _ in range(5):
        assert through_proxy("203.0.113.7").status_code == 303
    assert through_proxy("203.0.113.7").status_code == 429
    assert through_proxy("198.51.100.20").status_code == 303
