"""Updates and reports pages (issue 18, requirement 5), for staff.

A referral's "Updates and reports" page lists the referrer's update requests
and the reports with their links (sent, opened, expired, withdrawn); anyone on
the programme reads it. Recording a request, writing an update or the
completion report, sending a report and withdrawing a link need
`programmes.work_with_family` (403 otherwise); a record outside the user's
programmes is a 404. Every page showing the referral, and every download of a
report's PDF, writes an access-log row. The public download page is
views.report_link.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.dates import long_date
from portal.permissions import RecordActionMixin, RecordMixin
from portal.views import ServiceFormMixin, run_action

from ..forms.reports import ReportForm, UpdateRequestForm
from ..models import ProgrammeReport, Referral, ReportLink
from ..selectors import reports as reads
from ..services.reports import (
    report_create,
    report_link_revoke,
    report_retry,
    report_send,
    update_request_record,
)
from .intake import ReferralMixin

VIEW = "programmes.view_referral"
WORK_WITH_FAMILY = "programmes.work_with_family"
STAFF_DOWNLOAD_PURPOSE = "Downloaded a programme report (PDF)"


def _section(referral: Referral) -> str:
    return reverse("programmes:referral_reports", args=[referral.pk])


def _private(response):
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


class ReferralReportsView(ReferralMixin, TemplateView):
    template_name = "programmes/reports/referral_reports.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        referral = self.load(kwargs["pk"])
        record_access(
            user,
            referral,
            "Viewed a programme referral's updates and reports",
            path=self.request.path,
        )
        enrolment = reads.enrolment_of(referral)
        may_write = user.has_perm(WORK_WITH_FAMILY, referral)
        context.update(
            referral=referral,
            enrolment=enrolment,
            may_write=may_write,
            can_update=may_write and referral.status == Referral.Status.ACCEPTED,
            can_complete=may_write and reads.has_ended(enrolment),
            now=timezone.now(),
            **reads.reports_section(referral),
        )
        return context


class ReferralActionMixin(LoggedReadMixin, RecordActionMixin, ReferralMixin, ServiceFormMixin):
    action_permission = WORK_WITH_FAMILY
    record_name = "referral"
    read_record = "referral"

    def back(self):
        return redirect(_section(self.referral))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            referral=self.referral, back_url=_section(self.referral), **kwargs
        )


class UpdateRequestCreateView(ReferralActionMixin, FormView):
    template_name = "programmes/reports/update_request.html"
    form_class = UpdateRequestForm
    read_purpose = "Opened a programme referral to record an update request"

    def get_initial(self):
        return {"requested_on": timezone.localdate()}

    def perform(self, form):
        return update_request_record(
            referral=self.referral, by=self.request.user, **form.cleaned_data
        )

    def performed(self, form, request):
        messages.success(self.request, "The update request is recorded.")
        return self.back()


class ReportCreateView(ReferralActionMixin, FormView):
    template_name = "programmes/reports/report_form.html"
    form_class = ReportForm
    kind = ProgrammeReport.Kind.UPDATE
    read_purpose = "Opened a programme referral to write a report"

    def refuse(self):
        if self.kind == ProgrammeReport.Kind.COMPLETION and not reads.has_ended(
            reads.enrolment_of(self.referral)
        ):
            messages.error(
                self.request,
                "The completion report can be written once the parent's enrolment has ended.",
            )
            return self.back()
        if (
            self.kind == ProgrammeReport.Kind.UPDATE
            and self.referral.status != Referral.Status.ACCEPTED
        ):
            messages.error(
                self.request, "An update can be written for an accepted or enrolled referral only."
            )
            return self.back()
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "required": self.kind == ProgrammeReport.Kind.UPDATE}

    def get_context_data(self, **kwargs):
        completion = self.kind == ProgrammeReport.Kind.COMPLETION
        return super().get_context_data(
            heading="Write the completion report" if completion else "Write an update",
            completion=completion,
            **kwargs,
        )

    def perform(self, form):
        return report_create(
            referral=self.referral,
            kind=self.kind,
            summary=form.cleaned_data.get("summary", ""),
            by=self.request.user,
        )

    def performed(self, form, report):
        messages.success(
            self.request,
            f"The {report.get_kind_display().lower()} is being made into a PDF. "
            "Send it to the referrer once it is ready.",
        )
        return self.back()


class ReportMixin(LoggedReadMixin, RecordActionMixin):
    """A page about one report: 404 outside the user's programmes."""

    scope_permission = VIEW
    action_permission = WORK_WITH_FAMILY
    find = staticmethod(reads.report_for_page)
    record_name = "report"
    read_record = "referral"

    @property
    def referral(self) -> Referral:
        return self.report.referral

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=self.report,
            referral=self.referral,
            back_url=_section(self.referral),
            **kwargs,
        )


class ReportSendView(ReportMixin, TemplateView):
    """A confirmation page showing where the link goes; POST sends it."""

    template_name = "programmes/reports/report_send.html"
    read_purpose = "Opened a programme report to send it to the referrer"

    def refuse(self):
        if not self.report.is_ready:
            messages.error(self.request, "The report's PDF is not ready yet.")
            return redirect(_section(self.referral))
        return None

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: report_send(report=self.report, by=request.user),
            success=lambda result: (
                f"A download link is emailed to {result[0].sent_to}. It works until "
                f"{long_date(timezone.localtime(result[0].expires_at).date())}."
            ),
            then=_section(self.referral),
        )


class ReportRetryView(ReportMixin, View):
    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: report_retry(report=self.report, by=request.user),
            success="The PDF is being made again.",
            then=_section(self.referral),
        )


class ReportLinkRevokeView(ReportMixin, TemplateView):
    template_name = "programmes/reports/link_revoke.html"
    read_purpose = "Opened a programme report to withdraw its link"

    def refuse(self):
        self.link = ReportLink.objects.filter(pk=self.kwargs["link"], report=self.report).first()
        if self.link is None:
            raise Http404("Not found")
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{**kwargs, "link": self.link})

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: report_link_revoke(link=self.link, by=request.user),
            success="The link is withdrawn: it no longer works.",
            then=_section(self.referral),
        )


class ReportDownloadView(RecordMixin, View):
    """The report's PDF for staff on the programme (logged)."""

    scope_permission = VIEW
    find = staticmethod(reads.report_for_page)

    def get(self, request, pk: int):
        report = self.load(pk)
        if not report.is_ready:
            raise Http404("This report is not ready.")
        try:
            handle = report.file.open("rb")
        except FileNotFoundError:
            raise Http404("This report is no longer kept.") from None
        record_access(request.user, report.referral, STAFF_DOWNLOAD_PURPOSE, path=request.path)
        response = FileResponse(handle, as_attachment=True, filename=report.filename)
        return _private(response)


urlpatterns = [
    path("referrals/<int:pk>/reports/", ReferralReportsView.as_view(), name="referral_reports"),
    path(
        "referrals/<int:pk>/reports/update-request/",
        UpdateRequestCreateView.as_view(),
        name="report_update_request",
    ),
    path(
        "referrals/<int:pk>/reports/update/new/",
        ReportCreateView.as_view(kind=ProgrammeReport.Kind.UPDATE),
        name="report_update_write",
    ),
    path(
        "referrals/<int:pk>/reports/completion/new/",
        ReportCreateView.as_view(kind=ProgrammeReport.Kind.COMPLETION),
        name="report_completion_write",
    ),
    path("reports/<int:pk>/send/", ReportSendView.as_view(), name="report_send"),
    path("reports/<int:pk>/retry/", ReportRetryView.as_view(), name="report_retry"),
    path("reports/<int:pk>/download/", ReportDownloadView.as_view(), name="report_download"),
    path(
        "reports/<int:pk>/links/<int:link>/revoke/",
        ReportLinkRevokeView.as_view(),
        name="report_link_revoke",
    ),
]
