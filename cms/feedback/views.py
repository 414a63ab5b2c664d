"""The public feedback endpoint.

CSRF: the endpoint is exempt, on purpose. Public pages are cached as whole
HTML and shared by every anonymous visitor, so a per-visitor CSRF token cannot
be in the form. A forged cross-site post could only do what anyone can do
directly (add one anonymous answer): it changes no account, session or
personal data. Abuse is held back by the honeypot and the per-client rate
limit instead (portal.ratelimit), and the session cookie is SameSite=Lax anyway.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from portal import ratelimit
from portal.permissions import public

from .forms import PageFeedbackForm, PortalFeedbackForm, local_path
from .services import page_feedback_record, portal_feedback_record

THANKS_FLAG = "feedback=sent"


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def thanks_url(page: Page, request) -> str:
    # A query string keeps the thank-you out of the page cache (cms.cache
    # never serves or stores a URL with one), so the cached page stays clean.
    return f"{page.get_url(request)}?{THANKS_FLAG}#feedback"


@public
@csrf_exempt
@require_POST
def page_feedback(request, page_id: int):
    page = get_object_or_404(Page.objects.live(), pk=page_id)
    if page.get_view_restrictions().exists():
        # Signed-in, password or group only (itself or a section above it): answered as
        # if it did not exist, so nothing is stored and its title is never shown.
        raise Http404("Not a public page")
    if page.get_url(request) is None:  # outside every site: no page to thank them on
        raise Http404("Not a public page")
    with translation.override(page.locale.language_code):
        # Per client, counted by the portal's one limiter (allauth's, in the cache);
        # the key is a keyed hash, so the cache never holds the address.
        if not ratelimit.consume(
            request, ratelimit.PAGE_FEEDBACK, key=ratelimit.client_fingerprint(request)
        ):
            context = {
                "page": page,
                "window_minutes": ratelimit.retry_minutes(ratelimit.PAGE_FEEDBACK),
            }
            return render(request, "cms/feedback_rate_limited.html", context, status=429)
        form = PageFeedbackForm(request.POST)
        if form.is_bot:
            # Same answer as a real submission, so a bot learns nothing.
            return HttpResponseSeeOther(thanks_url(page, request))
        if not form.is_valid():
            return render(
                request, "cms/feedback_form.html", {"page": page, "form": form}, status=400
            )
        page_feedback_record(page=page, useful=form.is_useful, comment=form.cleaned_data["comment"])
        return HttpResponseSeeOther(thanks_url(page, request))


@public
def portal_feedback(request):
    """The Beta banner's feedback link: "Was this page useful?" about the page the
    person came from (`?page=<path>`), stored with that path and nothing about them.
    Not cached, so the form carries a CSRF token like every portal form."""
    path = local_path(request.POST.get("feedback-page") or request.GET.get("page", ""))
    form = PortalFeedbackForm(request.POST or None, initial={"page": path})
    if request.method == "POST":
        if not ratelimit.consume(
            request, ratelimit.PAGE_FEEDBACK, key=ratelimit.client_fingerprint(request)
        ):
            return render(
                request,
                "cms/portal_feedback.html",
                {
                    "form": None,
                    "back": path,
                    "window_minutes": ratelimit.retry_minutes(ratelimit.PAGE_FEEDBACK),
                },
                status=429,
            )
        if form.is_bot:
            return HttpResponseSeeOther(path or "/")
        if form.is_valid():
            path = form.cleaned_data["page"]
            portal_feedback_record(
                path=path or "/", useful=form.is_useful, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Thank you for your feedback."))
            return HttpResponseSeeOther(path or "/")
    status = 400 if form.is_bound else 200
    return render(request, "cms/portal_feedback.html", {"form": form, "back": path}, status=status)
