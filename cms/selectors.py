"""Reads for public pages. Each function is one query whatever the size of the
site, so an uncached page costs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from wagtail.models import Page

# Open Graph wants territory-qualified locales.
OG_LOCALES = {"en-gb": "en_GB", "sv": "sv_SE"}


@dataclass(frozen=True)
class Breadcrumb:
    title: str
    url: str
    is_home: bool


@dataclass(frozen=True)
class LanguageLink:
    language_code: str
    name: str
    url: str
    is_current: bool
    # False when the page has no translation in this language and the link
    # leads to that language's home page instead.
    is_translation: bool


@dataclass(frozen=True)
class PageFamily:
    """What every public page needs about the pages around it, from one query."""

    ancestors: list[Page]  # from the tree root down to the parent
    translations: list[Page]  # live pages sharing this page's translation key
    homes: list[Page]  # live home pages (one per language) of this page's site


def page_family(page: Page) -> PageFamily:
    """Ancestors (for breadcrumbs and view restrictions), live translations and the
    home page in every language (for the language switcher), in one query."""
    steplen = page.steplen
    ancestor_paths = [page.path[: steplen * depth] for depth in range(1, page.depth)]
    rows = list(
        Page.objects.filter(
            Q(path__in=ancestor_paths)
            | Q(translation_key=page.translation_key, live=True)
            | Q(depth=2, live=True)
        )
        .select_related("locale")
        .only(
            "id",
            "path",
            "depth",
            "title",
            "url_path",
            "live",
            "translation_key",
            "alias_of_id",
            "locale__language_code",
        )
        .order_by("path")
    )
    ancestors = [row for row in rows if row.path in ancestor_paths]
    site_home = next((row for row in ancestors if row.depth == 2), page)
    return PageFamily(
        ancestors=ancestors,
        translations=[
            row for row in rows if row.translation_key == page.translation_key and row.live
        ],
        homes=[
            row
            for row in rows
            if row.depth == 2 and row.live and row.translation_key == site_home.translation_key
        ],
    )


def breadcrumbs_for(
    family: PageFamily, request: HttpRequest | None, home_label: str
) -> list[Breadcrumb]:
    """GOV.UK breadcrumbs: the language's home page and every page down to the parent."""
    return [
        Breadcrumb(
            title=home_label if ancestor.depth == 2 else ancestor.title,
            url=ancestor.get_url(request),
            is_home=ancestor.depth == 2,
        )
        for ancestor in family.ancestors
        if ancestor.depth >= 2
    ]


def language_links(
    page: Page, family: PageFamily, request: HttpRequest | None
) -> list[LanguageLink]:
    """One link per content language: to this page's live translation, or to the
    home page in that language when the page has not been translated."""
    translations = {row.locale.language_code: row for row in family.translations}
    homes = {row.locale.language_code: row for row in family.homes}
    current_code = next(
        (row.locale.language_code for row in family.translations if row.pk == page.pk), None
    )
    links = []
    for code, name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code) or homes.get(code)
        if target is None:
            continue
        links.append(
            LanguageLink(
                language_code=code,
                name=name,
                url=target.get_url(request),
                is_current=code == current_code,
                is_translation=code in translations,
            )
        )
    return links


def public_children(page: Page, model) -> QuerySet:
    """Live children of `page` of one page type, without those behind a view restriction.

    The page being served already passed its own and its ancestors' restrictions,
    so only restrictions on the children themselves are left to check: a join,
    where Wagtail's `public()` would load every restriction on the site first.
    """
    return (
        model.objects.child_of(page).live().filter(view_restrictions__isnull=True).order_by("path")
    )


def approved_testimonials(*, service: Page, audiences: list[str] | None = None) -> QuerySet:
    """Approved testimonials about a service, in the service page's language.

    A testimonial is tied to the service's translation key rather than one page,
    so a translated testimonial still belongs to its service in either language.
    """
    from cms.models import Testimonial

    testimonials = Testimonial.objects.filter(
        approved=True,
        locale_id=service.locale_id,
        service__translation_key=service.translation_key,
    )
    if audiences is not None:
        testimonials = testimonials.filter(audience__in=audiences)
    return testimonials.order_by("audience", "pk")
