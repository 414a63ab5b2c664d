"""The public page where a referrer downloads a report through the link emailed to
them (issue 18, requirement 5): no sign-in, the token in the address.

It shows nothing of the referral until the recipient types the referral's
reference (or the address the link was sent to): a forwarded link alone opens
nothing. The answer is a POST whose reply is the PDF itself. An unknown token
answers 404; an expired or withdrawn one 410. Answers are rate-limited per
client and per link (portal.ratelimit, before the form is read), kept out of
caches and search engines, and send a Referer only to this site, so the token
does not travel (portal.token_pages does all of this for every page reached by a
token). Every download is logged in the access log (services.reports.report_link_open).
"""

from __future__ import annotations

from django.http import FileResponse
from django.views.generic import FormView

from portal.permissions import PublicMixin
from portal.token_pages import TokenPageMixin
from portal.views import ServiceFormMixin

from ..forms.reports import ReportLinkAnswerForm
from ..selectors.reports import link_for_token
from ..services.reports import CLOSED, UNKNOWN, report_link_open


class ReportLinkView(PublicMixin, TokenPageMixin, ServiceFormMixin, FormView):
    template_name = "programmes/reports/public_link.html"
    form_class = ReportLinkAnswerForm
    closed_template = "programmes/reports/public_closed.html"
    limited_template = "programmes/reports/public_limited.html"
    unknown_problem = UNKNOWN
    closed_problem = CLOSED
    per_client_action = "programme_report_link_client"
    per_link_action = "programme_report_link"
    find_link = staticmethod(link_for_token)

    def link_is_open(self, link) -> bool:
        return link.is_open and link.report.is_ready

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            expires_at=self.link.expires_at, kind=self.link.report.get_kind_display(), **kwargs
        )

    def perform(self, form):
        return report_link_open(
            token=self.kwargs["token"], answer=form.cleaned_data["answer"], path=self.request.path
        )

    def performed(self, form, link):
        report = link.report
        try:
            handle = report.file.open("rb")
        except FileNotFoundError:
            return self.closed(CLOSED, 410)
        return FileResponse(handle, as_attachment=True, filename=report.filename)
