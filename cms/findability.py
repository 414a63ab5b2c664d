"""sitemap.xml and robots.txt for the public site."""

from collections import defaultdict

from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Locale, Page

from portal.permissions import public

# Areas behind sign-in or of no use to a search engine.
ROBOTS_DISALLOWED = (
    "/portal/",
    "/admin/",
    "/django-admin/",
    "/api/",
    "/accounts/",
    "/feedback/",
    "/search/",
    "/sv/search/",
)


class PublicSitemap(Sitemap):
    """Wagtail's sitemap covers the site's root page in one language only; this
    one lists the live, public pages under every translation of it."""

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        under_a_root = Q()
        for root in roots:
            under_a_root |= Q(path__startswith=root.path)
        return (
            Page.objects.live()
            .public()
            .filter(under_a_root)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        """Wagtail's own loop, plus hreflang alternates linking each page with
        its translations, so search engines offer the visitor's language."""
        items = list(self.paginator.page(page).object_list)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        versions: dict = defaultdict(list)
        for item in items:
            versions[item.translation_key].append(item)
        urls, last_mods = [], set()
        for item in items:
            alternates = [
                {
                    "lang_code": languages[version.locale_id],
                    "location": version.get_full_url(self.request),
                }
                for version in versions[item.translation_key]
            ]
            for url_info in item.get_sitemap_urls(self.request):
                if len(alternates) > 1:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


@public
@require_GET
@cache_control(public=True, max_age=3600)
def sitemap(request):
    return wagtail_sitemap(request, sitemaps={"pages": PublicSitemap})


@public
@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOWED]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('cms:sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
