"""Whole-page cache of public pages: served without the database, invalidated on
publish, never for signed-in people, and the feedback form still works."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.models import PageFeedback
from portal.accounts.roles import Role
from tests.cms.public_site_fixtures import add_standard_page, build_public_site, publish
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_public_site()


def warm(client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    return first


def test_a_repeat_view_comes_from_the_cache_without_the_database(
    client, site, django_assert_num_queries
):
    first = warm(client, site.page.url)

    with django_assert_num_queries(0):
        second = client.get(site.page.url)

    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_public_pages_say_browsers_and_proxies_may_keep_them_briefly(client, site):
    for response in (warm(client, site.page.url), client.get(site.page.url)):
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Cookie" in response["Vary"]
        # The security headers are added to cached copies as well.
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_languages_are_cached_apart(client, site):
    english = warm(client, site.page.url)
    swedish = warm(client, site.page_sv.url)

    assert client.get(site.page_sv.url).content == swedish.content
    assert client.get(site.page.url).content == english.content
    assert "Hur vi använder synpunkter" in swedish.content.decode()


def test_publishing_a_change_shows_it_at_once(client, site):
    warm(client, site.page.url)
    site.page.title = "How we read your feedback"
    site.page.save_revision()

    # A draft changes nothing the public sees.
    assert client.get(site.page.url)["X-Page-Cache"] == "hit"

    publish(site.page)
    after = client.get(site.page.url)

    assert after["X-Page-Cache"] == "miss"
    assert "How we read your feedback" in after.content.decode()


def test_publishing_any_page_refreshes_the_others(client, site):
    """Navigation and listings on one page show other pages."""
    warm(client, site.home.url)

    add_standard_page(site.home, "Opening times")

    assert client.get(site.home.url)["X-Page-Cache"] == "miss"


def test_unpublishing_removes_the_page_at_once(client, site):
    warm(client, site.page.url)

    site.page.unpublish()

    assert client.get(site.page.url).status_code == 404


def test_moving_a_page_invalidates_its_old_address(client, site):
    other = add_standard_page(site.home, "About us")
    old_url = site.page.url
    warm(client, old_url)

    site.page.move(other, pos="last-child")

    # Wagtail leaves a redirect at the old address instead of the cached copy.
    moved = client.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"].endswith(f"/about-us/{site.page.slug}/")
    assert client.get(f"/about-us/{site.page.slug}/").status_code == 200


def test_deleting_a_page_invalidates_it(client, site):
    url = site.page.url
    warm(client, url)

    site.page.delete()

    assert client.get(url).status_code == 404


def test_signed_in_people_get_their_own_uncached_page(client, site):
    warm(client, site.page.url)
    editor = user_with_role(Role.EDITOR)
    client.force_login(editor)

    response = client.get(site.page.url)

    assert response.status_code == 200
    assert not response.has_header("X-Page-Cache")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Sign out" in response.content.decode()
    client.logout()
    anonymous = client.get(site.page.url)
    assert anonymous["X-Page-Cache"] == "hit"
    assert "Sign out" not in anonymous.content.decode()


def test_a_signed_in_view_never_fills_the_cache(client, site):
    client.force_login(user_with_role(Role.EDITOR))
    client.get(site.page.url)
    client.logout()

    assert client.get(site.page.url)["X-Page-Cache"] == "miss"


def test_addresses_with_a_query_string_are_not_cached(client, site):
    warm(client, site.page.url)

    response = client.get(f"{site.page.url}?utm_source=newsletter")

    assert not response.has_header("X-Page-Cache")
    assert "no-store" in response["Cache-Control"]


def test_private_pages_are_never_cached(client, site):
    private = add_standard_page(site.home, "Staff notes")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    first = client.get(private.url)
    second = client.get(private.url)

    assert first.status_code == second.status_code == 302
    assert not second.has_header("X-Page-Cache")
    assert "no-cache" in second["Cache-Control"]


def test_restricting_a_cached_page_takes_effect_at_once(client, site):
    warm(client, site.page.url)

    PageViewRestriction.objects.create(page=site.page, restriction_type=PageViewRestriction.LOGIN)

    assert client.get(site.page.url).status_code == 302


def test_feedback_works_on_a_cached_page(client, site):
    cached_form_page = warm(client, site.page.url)
    assert client.get(site.page.url)["X-Page-Cache"] == "hit"
    action = reverse("cms:page_feedback", args=[site.page.pk])
    assert f'action="{action}"' in cached_form_page.content.decode()

    sent = client.post(action, {"feedback-useful": "yes"}, REMOTE_ADDR="203.0.113.9")
    thanked = client.get(sent["Location"])

    assert "Thank you for your feedback." in thanked.content.decode()
    assert PageFeedback.objects.filter(page=site.page, useful=True).count() == 1
    # Feedback is not content: the cached page stays and shows no thank-you.
    again = client.get(site.page.url)
    assert again["X-Page-Cache"] == "hit"
    assert "Thank you for your feedback." not in again.content.decode()


def test_posts_are_never_answered_from_the_cache(client, site):
    warm(client, site.page.url)

    response = client.post(site.page.url)

    assert not response.has_header("X-Page-Cache")


def test_a_head_request_gets_the_public_headers_but_stores_nothing(client, site):
    response = client.head(site.page.url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert client.get(site.page.url)["X-Page-Cache"] == "miss"


def test_approving_a_testimonial_refreshes_the_pages(client, site):
    """Testimonials (snippets) show on service pages: a change to one is a change
    to those pages."""
    from cms.models import Audience, Testimonial

    warm(client, site.home.url)

    Testimonial.objects.create(
        quote="The group helped us talk about it at home.",
        speaker_role="A parent",
        audience=Audience.PARENTS_AND_CARERS,
        approved=True,
    )

    assert client.get(site.home.url)["X-Page-Cache"] == "miss"


def test_a_new_feedback_answer_does_not_empty_the_cache(client, site):
    warm(client, site.page.url)

    client.post(
        reverse("cms:page_feedback", args=[site.page.pk]),
        {"feedback-useful": "no"},
        REMOTE_ADDR="203.0.113.10",
    )

    assert client.get(site.page.url)["X-Page-Cache"] == "hit"
