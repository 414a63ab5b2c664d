"""Search results, sitemap.xml and robots.txt for the public site."""

import re

import pytest
from wagtail.models import PageViewRestriction

from tests.cms.public_site_fixtures import add_standard_page, build_public_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_public_site()


def result_titles(response) -> list[str]:
    html = response.content.decode()
    listing = re.search(r'data-testid="search-results">(.*?)</ul>', html, re.S)
    if listing is None:
        return []
    return re.findall(r'<a class="govuk-link" href="[^"]*">([^<]*)</a>', listing.group(1))


class TestSearch:
    def test_finds_live_pages_in_the_visitors_language(self, client, site):
        english = client.get("/search/", {"q": "feedback"})
        swedish = client.get("/sv/search/", {"q": "synpunkter"})

        assert english.status_code == swedish.status_code == 200
        assert result_titles(english) == ["How we use feedback"]
        assert result_titles(swedish) == ["Hur vi använder synpunkter"]
        assert swedish["Content-Language"] == "sv"

    def test_an_english_search_does_not_list_swedish_pages(self, client, site):
        response = client.get("/search/", {"q": "synpunkter"})

        assert result_titles(response) == []

    def test_drafts_and_private_pages_are_never_listed(self, client, site):
        add_standard_page(site.home, "Feedback draft notes", live=False)
        private = add_standard_page(site.home, "Feedback for staff only")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        response = client.get("/search/", {"q": "feedback"})

        assert result_titles(response) == ["How we use feedback"]

    def test_results_are_paginated(self, client, site):
        for number in range(1, 13):
            add_standard_page(site.home, f"Parenting group {number}")

        first = client.get("/search/", {"q": "parenting"})
        second = client.get("/search/", {"q": "parenting", "page": 2})

        assert len(result_titles(first)) == 10
        assert len(result_titles(second)) == 2
        assert set(result_titles(first)).isdisjoint(result_titles(second))
        assert "12 results for “parenting”" in first.content.decode()
        assert 'href="?q=parenting&amp;page=2"' in first.content.decode()

    def test_no_results_says_so_and_suggests_what_to_try(self, client, site):
        response = client.get("/search/", {"q": "zebra crossing"})

        html = response.content.decode()
        assert "No results for “zebra crossing”" in html
        assert "checking your spelling" in html

    def test_without_a_query_it_shows_only_the_search_box(self, client, site):
        response = client.get("/search/")

        html = response.content.decode()
        assert response.status_code == 200
        assert 'name="q"' in html
        assert "results for" not in html and "No results" not in html

    def test_the_query_is_echoed_safely(self, client, site):
        response = client.get("/search/", {"q": '<script>alert("x")</script>'})

        html = response.content.decode()
        assert '<script>alert("x")</script>' not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html

    def test_search_pages_are_not_indexed_by_search_engines(self, client, site):
        response = client.get("/search/", {"q": "feedback"})

        assert '<meta name="robots" content="noindex">' in response.content.decode()


class TestSitemap:
    def test_lists_live_public_pages_in_both_languages(self, client, site):
        add_standard_page(site.home, "Unpublished plans", live=False)
        private = add_standard_page(site.home, "Staff handbook")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

        response = client.get("/sitemap.xml")

        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/xml")
        locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
        assert locations == [
            "http://testserver/",
            "http://testserver/how-we-use-feedback/",
            "http://testserver/sv/",
            "http://testserver/sv/how-we-use-feedback/",
        ]
        assert "<lastmod>" in response.content.decode()

    def test_links_each_page_with_its_translation(self, client, site):
        add_standard_page(site.home, "Only in English")

        xml = client.get("/sitemap.xml").content.decode()

        entries = dict(re.findall(r"<url><loc>([^<]+)</loc>(.*?)</url>", xml, re.S))
        english = entries["http://testserver/how-we-use-feedback/"]
        assert '<xhtml:link rel="alternate" hreflang="sv" ' in english
        assert 'href="http://testserver/sv/how-we-use-feedback/"' in english
        assert 'hreflang="en-gb" href="http://testserver/how-we-use-feedback/"' in english
        assert (
            'href="http://testserver/how-we-use-feedback/"'
            in entries["http://testserver/sv/how-we-use-feedback/"]
        )
        assert "xhtml:link" not in entries["http://testserver/only-in-english/"]

    def test_a_page_leaves_the_sitemap_when_unpublished(self, client, site):
        site.page_sv.unpublish()

        locations = re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").content.decode())

        assert "http://testserver/sv/how-we-use-feedback/" not in locations
        assert "http://testserver/how-we-use-feedback/" in locations


class TestRobots:
    def test_allows_public_pages_and_keeps_crawlers_out_of_signed_in_areas(self, client, site):
        response = client.get("/robots.txt")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert "User-agent: *" in lines
        assert "Allow: /" in lines
        for area in ("/portal/", "/admin/", "/django-admin/", "/api/", "/accounts/"):
            assert f"Disallow: {area}" in lines
        assert "Disallow: /" not in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines


@pytest.mark.parametrize("pages", [5, 50])
def test_search_and_sitemap_queries_do_not_grow_with_the_pages(
    client, site, pages, django_assert_max_num_queries
):
    for number in range(pages):
        add_standard_page(site.home, f"Parenting group {number}")

    with django_assert_max_num_queries(12):
        search = client.get("/search/", {"q": "parenting"})
    with django_assert_max_num_queries(12):
        sitemap = client.get("/sitemap.xml")

    assert len(result_titles(search)) == min(pages, 10)
    assert sitemap.content.decode().count("<loc>") == pages + 4
