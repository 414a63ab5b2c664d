"""English and Swedish: addresses, the language switcher, and translated template text."""

from __future__ import annotations

import re
import tempfile

import pytest
from django.conf import settings
from django.test import TestCase, override_settings
from django.utils import translation
from wagtail.models import Locale, Page

from cms.models import ServicePage
from cms.seed import seed_public_site


@pytest.fixture(autouse=True)
def _english_afterwards():
    """The test client leaves the last request's language active in this thread:
    a Swedish page must not turn the next test's messages Swedish."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def switcher(html: str) -> str:
    start = html.index('data-testid="language-switcher"')
    return html[start : html.index("</nav>", start)]


def test_both_locales_exist_after_migrating(db):
    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en-gb", "sv"}


MEDIA_ROOT = tempfile.mkdtemp(prefix="cms-test-media-")


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class TestLanguages(TestCase):
    """The demo site, seeded once; each test's changes are rolled back."""

    @classmethod
    def setUpTestData(cls):
        cls.home = seed_public_site()

    def test_the_childrens_program_is_swedish_with_an_english_translation(self):
        swedish = ServicePage.objects.get(slug="childrens-program", locale__language_code="sv")
        english = swedish.get_translation(Locale.objects.get(language_code="en-gb"))
        assert english.live and swedish.live
        assert swedish.translation_key == english.translation_key
        # Swedish is the source: its page is older than the English copy.
        assert swedish.pk < english.pk
        assert "barn mellan 7 och 12 år" in swedish.summary
        assert "aged 7 to 12" in english.specific.summary

    def test_a_swedish_page_answers_at_its_sv_address_in_swedish(self):
        response = self.client.get("/sv/childrens-program/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html_lang(html) == "sv"
        assert response["Content-Language"] == "sv"
        assert "Anmäl intresse" in html
        # Template text comes from the Swedish catalogue.
        assert "Till huvudinnehållet" in html
        assert "Fakta i korthet" in html
        assert "Skip to main content" not in html
        links = switcher(html)
        assert 'href="/childrens-program/"' in links
        assert 'hreflang="en-gb"' in links
        assert 'aria-current="true" lang="sv"' in links

    def test_the_english_translation_links_back_to_swedish(self):
        html = self.client.get("/childrens-program/").content.decode()
        assert html_lang(html) == "en-gb"
        assert "Register your interest" in html
        assert "Skip to main content" in html
        links = switcher(html)
        assert 'href="/sv/childrens-program/"' in links
        assert 'lang="sv"' in links
        assert (
            '<link rel="alternate" hreflang="sv" href="http://testserver/sv/childrens-program/">'
            in (html)
        )

    def test_a_page_without_a_translation_offers_the_other_home_page(self):
        html = self.client.get("/positive-outcomes-project/").content.decode()
        links = switcher(html)
        assert 'href="/sv/"' in links
        assert "This page is not available in Svenska" in links
        assert self.client.get("/sv/positive-outcomes-project/").status_code == 404

    def test_testimonials_appear_in_the_page_language(self):
        english = self.client.get("/childrens-program/").content.decode()
        swedish = self.client.get("/sv/childrens-program/").content.decode()
        assert "I understood that it wasn&#x27;t my fault." in english
        assert "Jag fattade att det inte var mitt fel." not in english
        assert "Jag fattade att det inte var mitt fel." in swedish
        assert "I understood" not in swedish

    def test_the_swedish_home_page_has_swedish_breadcrumbs_and_services(self):
        html = self.client.get("/sv/pocar/").content.decode()
        crumbs = html[html.index('class="govuk-breadcrumbs"') :]
        assert re.findall(r'href="([^"]+)">([^<]+)</a>', crumbs[: crumbs.index("</nav>")]) == [
            ("/sv/", "Startsida")
        ]
        home = self.client.get("/sv/").content.decode()
        assert "Våra verksamheter" in home
        assert 'href="/sv/childrens-program/"' in home
        assert 'href="/sv/pocar/"' in home
        # The English-only POP pages are reached from the Swedish home page, marked as English.
        assert 'href="/positive-outcomes-project/"' in home
        assert 'og:locale" content="sv_SE"' in home

    def test_english_stays_at_unprefixed_addresses(self):
        assert self.client.get("/").status_code == 200
        assert self.client.get("/pocar/").status_code == 200
        # Django's own prefix for the default language is not used.
        assert self.client.get("/en-gb/pocar/").status_code == 404

    def test_the_portal_stays_unprefixed_and_english(self):
        login = self.client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="sv")
        assert login.status_code == 200
        assert html_lang(login.content.decode()) == "en-gb"
        assert self.client.get("/sv/accounts/login/").status_code == 404
        assert self.client.get("/sv/portal/").status_code == 404

    def test_the_password_only_login_is_not_reachable_under_sv(self):
        response = self.client.get("/sv/_util/login/?next=/sv/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/sv/"

    def test_a_draft_translation_is_not_offered(self):
        pocar_sv = Page.objects.get(slug="pocar", locale__language_code="sv")
        pocar_sv.unpublish()
        from django.core.cache import cache

        cache.clear()
        links = switcher(self.client.get("/pocar/").content.decode())
        assert 'href="/sv/"' in links
        assert 'href="/sv/pocar/"' not in links
