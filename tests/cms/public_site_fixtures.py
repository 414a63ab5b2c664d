"""A small public site for the cms tests that need real Wagtail pages: an
English home page with a standard page under it, and the Swedish translation
of both. Plain functions (not a conftest) so other cms test modules are free
to bring their own fixtures."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from wagtail.models import Locale, Page, Site

from cms.models import HomePage, StandardPage


@dataclass
class PublicSite:
    home: HomePage
    page: StandardPage
    home_sv: HomePage
    page_sv: StandardPage


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def build_public_site() -> PublicSite:
    english, _ = Locale.objects.get_or_create(
        language_code=get_supported_language_variant(settings.LANGUAGE_CODE)
    )
    swedish, _ = Locale.objects.get_or_create(language_code="sv")
    root = Page.get_first_root_node()
    home = HomePage(
        title="Practice education",
        slug="practice-education",
        summary="Services for children and families.",
        locale=english,
    )
    root.add_child(instance=home)
    publish(home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "testserver", "port": 80, "root_page": home},
    )
    page = StandardPage(
        title="How we use feedback",
        slug="how-we-use-feedback",
        summary="What happens to the answers people give on this site.",
        locale=english,
    )
    home.add_child(instance=page)
    publish(page)
    home_sv = home.copy_for_translation(swedish)
    home_sv.title = "Praktikutbildning"
    publish(home_sv)
    page_sv = page.copy_for_translation(swedish)
    page_sv.title = "Hur vi använder synpunkter"
    publish(page_sv)
    return PublicSite(home=home, page=page, home_sv=home_sv, page_sv=page_sv)


def add_standard_page(parent: Page, title: str, *, live: bool = True, **fields) -> StandardPage:
    page = StandardPage(title=title, summary=fields.pop("summary", title), live=live, **fields)
    parent.add_child(instance=page)
    if live:
        return publish(page)
    page.save_revision()
    return page
