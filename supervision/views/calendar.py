"""Pages: the calendar subscription (issue 5, requirement 2).

The page (signed in) explains the feed, makes or replaces the secret address
(shown once), and revokes it after a confirmation. The feed itself is public:
a calendar app cannot sign in, so the secret in the address is what admits
it (supervision.services.calendar); an unknown or revoked secret is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from portal.permissions import PermissionMixin, public

from ..services.calendar import (
    active_feed_of,
    calendar_events_for,
    calendar_feed_create,
    calendar_feed_for_secret,
    calendar_feed_revoke,
    mark_read,
    render_ics,
)


class CalendarView(PermissionMixin, TemplateView):
    """Explains the feed; POST makes a new address (replacing any earlier one)."""

    permission_required = "supervision.use_calendar"

    template_name = "supervision/calendar/page.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(feed=active_feed_of(self.request.user), **kwargs)

    def post(self, request):
        replacing = active_feed_of(request.user) is not None
        feed, secret = calendar_feed_create(request.user)
        address = request.build_absolute_uri(reverse("supervision:calendar_feed", args=[secret]))
        response = render(
            request,
            "supervision/calendar/created.html",
            {"feed": feed, "address": address, "replaced": replacing},
        )
        # The address is a credential: no cache keeps the page that shows it.
        response["Cache-Control"] = "no-store"
        return response


class CalendarRevokeView(PermissionMixin, TemplateView):
    """Confirm, then stop the current address working."""

    permission_required = "supervision.use_calendar"

    template_name = "supervision/calendar/revoke.html"

    def get(self, request, *args, **kwargs):
        if active_feed_of(request.user) is None:
            messages.info(request, "You have no calendar address to revoke.")
            return redirect("supervision:calendar")
        return super().get(request, *args, **kwargs)

    def post(self, request):
        feed = active_feed_of(request.user)
        if feed is not None:
            calendar_feed_revoke(feed, request.user)
            messages.success(
                request, "Your calendar address was revoked. Calendars using it stop updating."
            )
        return redirect("supervision:calendar")


@public
@require_GET
def calendar_feed(request, secret: str):
    """The .ics feed. Public by design: the secret in the address admits the reader."""
    feed = calendar_feed_for_secret(secret)
    # A person who has left (or no longer holds a role with sessions) loses the feed too.
    if (
        feed is None
        or not feed.user.is_active
        or not feed.user.has_perm("supervision.use_calendar")
    ):
        raise Http404("No such calendar.")
    events = calendar_events_for(feed.user, domain=request.get_host().split(":")[0])
    mark_read(feed)
    body = render_ics(events, calendar_name="Supervision and observations")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="supervision.ics"'
    response["Cache-Control"] = "private, no-cache"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("calendar/", CalendarView.as_view(), name="calendar"),
    path("calendar/revoke/", CalendarRevokeView.as_view(), name="calendar_revoke"),
    re_path(
        r"^calendar/(?P<secret>[A-Za-z0-9_-]{20,100})\.ics$",
        calendar_feed,
        name="calendar_feed",
    ),
]
