from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms.search import search as cms_search
from portal.api import api
from portal.health import healthz
from portal.permissions import public


class AllauthLoginRedirect(RedirectView):
    """Wagtail's and Django's own login pages would skip the second factor:
    both send people to allauth's sign-in instead, keeping `?next=`."""

    portal_access = "public"
    pattern_name = "account_login"
    query_string = True


@public
def choose_language(request):
    """The portal's language switcher: Django's set_language (a POST with the CSRF
    token; it keeps the choice in the language cookie and goes back to `next`)."""
    return set_language(request)


class FaviconRedirect(RedirectView):
    portal_access = "public"
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("vendor/govuk/images/favicon.ico")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", FaviconRedirect.as_view()),
    path("admin/login/", AllauthLoginRedirect.as_view()),
    path("django-admin/login/", AllauthLoginRedirect.as_view()),
    # Wagtail's login for private pages is a password-only form too.
    path("_util/login/", AllauthLoginRedirect.as_view()),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", choose_language, name="set_language"),
    path("api/v1/", api.urls),
    path("portal/", include("portal.urls_portal")),
    path("portal/", include("portal.accounts.urls")),
    path("portal/audit/", include("portal.audit.urls")),
    path("portal/privacy/", include("portal.privacy.urls")),
    path("portal/attachments/", include("portal.attachments.urls")),
    path("portal/placements/", include("placements.urls")),
    path("portal/casework/", include("placements.casework.urls")),
    path("portal/supervision/", include("supervision.urls")),
    path("portal/life-story/", include("lifestory.urls")),
    path("portal/programmes/", include("placements.programmes.urls")),
    # A contribution link's public page (no sign-in; the token is the key).
    path("contribute/", include("lifestory.urls_public")),
    # A programme's public referral form (no sign-in).
    path("programmes/", include("placements.programmes.urls_public")),
    path("", include("cms.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Wagtail image renditions on a laptop; production serves media from storage.
    # Only the renditions folder: everything else under MEDIA_ROOT (exports,
    # later children's photos) is private and goes through views that check
    # permission, even on a laptop.
    import os

    from django.conf.urls.static import static as media_static

    urlpatterns += media_static(
        f"{settings.MEDIA_URL}images/",
        document_root=os.path.join(str(settings.MEDIA_ROOT), "images"),
    )

# Public pages: English at unprefixed addresses (so `/` stays the home page and
# existing links keep working), Swedish under /sv/. Everything above stays
# unprefixed: the API and sign-in are English; the portal's pages follow the
# language their user chose or their browser asks for (portal.language).
urlpatterns += i18n_patterns(
    # Wagtail's password-only login must not be reachable under /sv/ either.
    path("_util/login/", AllauthLoginRedirect.as_view()),
    path("search/", cms_search, name="search"),
    # A programme's registration of interest is a public page in both languages.
    path("programmes/", include("placements.programmes.urls_interest")),
    re_path(r"", include(wagtail_urls)),
    prefix_default_language=False,
)
