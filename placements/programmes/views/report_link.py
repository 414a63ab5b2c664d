"""The public page where a referrer downloads a report through the link emailed to
them (issue 18, requirement 5): no sign-in, the token in the address.

It shows nothing of the referral until the recipient types the referral's
reference (or the address the link was sent to): a forwarded link alone opens
nothing. The answer is a POST whose reply is the PDF itself. An unknown token
answers 404; an expired or withdrawn one 410. Answers are rate-limited per
client and per link (portal.ratelimit, before the form is read), kept out of
caches and search engines, and send a Referer only to this site, so the token
does not travel (not "no-referrer": the browser would then send `Origin: null`
with the form and Django's CSRF check would refuse it). Every download is
logged in the access log (services.reports.report_link_open).
"""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import render
from django.views.generic import FormView

from portal import ratelimit
from portal.permissions import PublicMixin
from portal.views import ServiceFormMixin

from ..forms.reports import ReportLinkAnswerForm
from ..selectors.reports import link_for_token
from ..services.reports import CLOSED, UNKNOWN, report_link_open

# Keys of ACCOUNT_RATE_LIMITS (portal/settings/base.py).
PER_LINK = "programme_report_link"
PER_CLIENT = "programme_report_link_client"
CLOSED_PAGE = "programmes/reports/public_closed.html"


def sealed(response):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _closed(request, problem: str, status: int):
    return render(request, CLOSED_PAGE, {"problem": problem}, status=status)


def _too_many(request, action: str):
    context = {"retry_minutes": ratelimit.retry_minutes(action)}
    return render(request, "programmes/reports/public_limited.html", context, status=429)


class ReportLinkView(PublicMixin, ServiceFormMixin, FormView):
    template_name = "programmes/reports/public_link.html"
    form_class = ReportLinkAnswerForm

    def dispatch(self, request, *args, **kwargs):
        return sealed(self._answer(request, *args, **kwargs))

    def _answer(self, request, *args, **kwargs):
        posting = request.method == "POST"
        if posting and not ratelimit.consume(
            request, PER_CLIENT, key=ratelimit.client_fingerprint(request)
        ):
            return _too_many(request, PER_CLIENT)
        self.link = link_for_token(kwargs["token"])
        if self.link is None:
            return _closed(request, UNKNOWN, 404)
        if not self.link.is_open or not self.link.report.is_ready:
            return _closed(request, CLOSED, 410)
        if posting and not ratelimit.consume(request, PER_LINK, key=self.link.token_hash):
            return _too_many(request, PER_LINK)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            expires_at=self.link.expires_at, kind=self.link.report.get_kind_display(), **kwargs
        )

    def perform(self, form):
        return report_link_open(
            token=self.kwargs["token"], answer=form.cleaned_data["answer"], path=self.request.path
        )

    def refuses_record(self, error) -> bool:
        return getattr(error, "code", None) in {"closed", "unknown"}

    def refused(self, error):
        status = 404 if error.code == "unknown" else 410
        return _closed(self.request, error.message, status)

    def performed(self, form, link):
        report = link.report
        try:
            handle = report.file.open("rb")
        except FileNotFoundError:
            return _closed(self.request, CLOSED, 410)
        return FileResponse(handle, as_attachment=True, filename=report.filename)
