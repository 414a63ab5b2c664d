"""Search over the public site: live, public pages of the visitor's language."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale, Page, Site

from portal.permissions import public

RESULTS_PER_PAGE = 10
QUERY_MAX_LENGTH = 200


def public_pages_matching(*, query: str, request) -> "Page.objects":
    """Pages a visitor could open, in the active language, best match first."""
    pages = Page.objects.live().public().filter(locale=Locale.get_active())
    site = Site.find_for_request(request)
    if site is not None:
        # The site's home page in this language, and everything under it.
        pages = pages.descendant_of(site.root_page.localized, inclusive=True)
    else:
        pages = pages.filter(depth__gt=1)
    return pages.specific().search(query)


@public
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:QUERY_MAX_LENGTH]
    page_obj = None
    if query:
        results = public_pages_matching(query=query, request=request)
        page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "search_query": query,
        "page_obj": page_obj,
        "pagination_query": urlencode({"q": query}),
    }
    return render(request, "cms/search.html", context)
