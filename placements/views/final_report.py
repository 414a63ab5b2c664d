"""Pages of a placement's final report: the report, its editing, the practice
educator's signature, the student's comment and the tutor's countersignature
(see placements/views/review.py for who sees what)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from portal import signatures
from portal.views import ServiceFormMixin, run_action

from ..forms.final_report import (
    FinalReportAmendForm,
    FinalReportCommentForm,
    FinalReportCountersignForm,
    FinalReportForm,
)
from ..models import FinalReport, Placement
from ..selectors.review import (
    current_final_report,
    earlier_final_reports,
    pcf_domains,
    review_overview,
)
from ..services.final_report import (
    COUNTERSIGNED_AND_LOCKED,
    SIGNED_BY_YOU,
    final_report_amend,
    final_report_comment,
    final_report_countersign,
    final_report_save,
    final_report_sign,
)
from ..services.review import PE, REPORT_STATUSES, TUTOR
from .review import ReviewMixin, Status


class FinalReportMixin(ReviewMixin):
    report: FinalReport | None = None

    def load_report(self) -> FinalReport | None:
        """The current version of the report (or None before it is written)."""
        self.report = current_final_report(self.placement)
        return self.report

    def report_state(self) -> tuple[FinalReport | None, dict, dict]:
        """The report, its signatures by capacity, and what the user may do with it."""
        report = self.load_report()
        signed = {s.capacity: s for s in signatures.signatures_for(report)}
        return report, signed, report_permissions(self.request.user, self.placement, report, signed)


def report_permissions(user, placement: Placement, report: FinalReport | None, signed) -> dict:
    """What `user` may do with the report now (the pages show only those buttons)."""
    status = placement.status
    pe_signed, tutor_signed = PE in signed, TUTOR in signed
    locked = report is not None and report.is_locked
    return {
        "can_amend": locked
        and status == Status.FINAL_REPORT_SUBMITTED
        and user.has_perm("placements.write_final_report", placement),
        "can_write": status in REPORT_STATUSES
        and not pe_signed
        and user.has_perm("placements.write_final_report", placement),
        "can_sign": report is not None
        and status in REPORT_STATUSES
        and not pe_signed
        and user.has_perm("placements.write_final_report", placement),
        "can_comment": report is not None
        and pe_signed
        and not tutor_signed
        and status == Status.FINAL_REPORT_SUBMITTED
        and user.has_perm("placements.comment_final_report", placement),
        "can_countersign": report is not None
        and pe_signed
        and not tutor_signed
        and status == Status.FINAL_REPORT_SUBMITTED
        and user.has_perm("placements.countersign_final_report", placement),
        "can_record_panel": pe_signed
        and tutor_signed
        and status == Status.FINAL_REPORT_SUBMITTED
        and user.has_perm("placements.record_panel_decision", placement),
    }


class FinalReportView(FinalReportMixin, TemplateView):
    template_name = "placements/review/final_report_detail.html"

    def get_context_data(self, **kwargs):
        overview = review_overview(self.placement)
        report = overview.final_report
        signed = overview.report_signed
        labels = dict(FinalReport.Capacity.choices)
        context = {
            "overview": overview,
            "report": report,
            **report_permissions(self.request.user, self.placement, report, signed),
        }
        if report is not None:
            context["earlier_versions"] = earlier_final_reports(report)
            context["assessments"] = list(report.assessments.select_related("capability"))
            context["signature_rows"] = [
                {
                    "capacity": labels.get(capacity, capacity),
                    "person": person,
                    "signature": signed.get(capacity),
                }
                for capacity, person in report.signature_capacities().items()
            ]
        return super().get_context_data(**context, **kwargs)


class FinalReportEditView(FinalReportMixin, ServiceFormMixin, FormView):
    template_name = "placements/review/final_report_form.html"
    form_class = FinalReportForm
    action_permission = "placements.write_final_report"

    def get(self, request, *args, **kwargs):
        report, signed, _ = self.report_state()
        if report is not None and report.is_locked:
            messages.error(request, COUNTERSIGNED_AND_LOCKED)
            return self.back_to("final_report")
        if PE in signed:
            messages.error(request, SIGNED_BY_YOU)
            return self.back_to("final_report")
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["domains"] = pcf_domains()
        return kwargs

    def get_initial(self):
        report = self.report or self.load_report()
        if report is None:
            return {}
        initial = {"summary": report.summary, "recommendation": report.recommendation}
        for row in report.assessments.select_related("capability"):
            initial[f"rating_{row.capability.number}"] = row.rating
            initial[f"assessment_{row.capability.number}"] = row.assessment
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            allowed=self.placement.status in REPORT_STATUSES,
            report=self.report,
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return final_report_save(
            placement=self.placement,
            by=self.request.user,
            summary=data["summary"],
            recommendation=data["recommendation"],
            assessments=form.assessments(),
        )

    def performed(self, form, result):
        messages.success(
            self.request, "The final report was saved. Sign it when it is ready to submit."
        )
        return self.back_to("final_report")


class _SignatureStepView(FinalReportMixin, TemplateView):
    """GET: what signing means (a confirmation page); POST: sign.

    Subclasses name the step, the entry of report_permissions() that offers it,
    the service that takes it, and what the person is told.
    """

    template_name = "placements/review/final_report_sign.html"
    step: str
    offered_as: str
    not_now: str
    done: str

    def take(self, report: FinalReport) -> None:
        self.service(report=report, by=self.request.user)

    def get(self, request, *args, **kwargs):
        report, signed, permissions = self.report_state()
        if not permissions[self.offered_as]:
            messages.info(request, self.not_now)
            return self.back_to("final_report")
        return self.render_to_response(
            self.get_context_data(report=report, step=self.step, signed=signed)
        )

    def post(self, request, *args, **kwargs):
        report = self.load_report()
        if report is None:
            messages.error(request, "The final report has not been written yet.")
            return self.back_to("final_report")
        return run_action(
            request,
            lambda: self.take(report),
            success=self.done,
            then=reverse("placements:final_report", args=[self.placement.pk]),
        )


class FinalReportSignView(_SignatureStepView):
    action_permission = "placements.write_final_report"
    step = "sign"
    offered_as = "can_sign"
    service = staticmethod(final_report_sign)
    not_now = "There is nothing for you to sign: the report is signed or not written yet."
    done = "You signed the final report. It is submitted: the student and the tutor were told."


class _ReportFormView(FinalReportMixin, ServiceFormMixin, FormView):
    """A form about the written report: offered (the entry `offered_as` of
    report_permissions) or the person is sent back to the report with `not_now`."""

    offered_as: str
    not_now: str

    def get(self, request, *args, **kwargs):
        _, _, permissions = self.report_state()
        if not permissions[self.offered_as]:
            messages.info(request, self.not_now)
            return self.back_to("final_report")
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        if self.load_report() is None:
            form.add_error(None, "The final report has not been written yet.")
            return self.form_invalid(form)
        return super().form_valid(form)


class FinalReportCommentView(_ReportFormView):
    template_name = "placements/review/final_report_comment.html"
    form_class = FinalReportCommentForm
    action_permission = "placements.comment_final_report"
    offered_as = "can_comment"
    not_now = (
        "You can comment once the practice educator has signed the report, until the tutor "
        "countersigns it."
    )

    def get_initial(self):
        report = self.report or self.load_report()
        return {"student_comment": report.student_comment} if report else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def perform(self, form):
        return final_report_comment(
            report=self.report, by=self.request.user, comment=form.cleaned_data["student_comment"]
        )

    def performed(self, form, result):
        messages.success(self.request, "Your comment was saved with the final report.")
        return self.back_to("final_report")


class FinalReportCountersignView(_ReportFormView):
    """GET: what countersigning means, with a box for the tutor's comment; POST: countersign."""

    template_name = "placements/review/final_report_sign.html"
    form_class = FinalReportCountersignForm
    action_permission = "placements.countersign_final_report"
    offered_as = "can_countersign"
    not_now = (
        "The report cannot be countersigned now: the practice educator has not signed it, or "
        "it is countersigned already."
    )

    def get_context_data(self, **kwargs):
        report = self.report or self.load_report()
        return super().get_context_data(report=report, step="countersign", **kwargs)

    def refuses_record(self, error) -> bool:
        # The comment's refusals stay on the form; the report's own (not signed yet,
        # countersigned already, locked) go back to the report.
        return not hasattr(error, "error_dict")

    def back(self):
        return self.back_to("final_report")

    def perform(self, form):
        return final_report_countersign(
            report=self.report, by=self.request.user, comment=form.cleaned_data["tutor_comment"]
        )

    def performed(self, form, result):
        messages.success(
            self.request,
            "You countersigned the final report. It now goes to the practice assessment panel.",
        )
        return self.back_to("final_report")


class FinalReportAmendView(_ReportFormView):
    """The practice educator starts a correction of the countersigned, locked report."""

    template_name = "placements/review/final_report_amend.html"
    form_class = FinalReportAmendForm
    action_permission = "placements.write_final_report"
    offered_as = "can_amend"
    not_now = (
        "The final report is amended once the tutor has countersigned it, until the practice "
        "assessment panel decides."
    )

    def get_context_data(self, **kwargs):
        overview = review_overview(self.placement)
        return super().get_context_data(report=overview.final_report, overview=overview, **kwargs)

    def perform(self, form):
        return final_report_amend(
            report=self.report, by=self.request.user, reason=form.cleaned_data["reason"]
        )

    def performed(self, form, result):
        messages.success(
            self.request,
            "The amendment is started. Correct the report and sign it; the tutor countersigns "
            "it again. The countersigned version stays on record.",
        )
        return redirect("placements:final_report_edit", pk=self.placement.pk)


urlpatterns = [
    path("<int:pk>/final-report/amend/", FinalReportAmendView.as_view(), name="final_report_amend"),
    path("<int:pk>/final-report/", FinalReportView.as_view(), name="final_report"),
    path("<int:pk>/final-report/edit/", FinalReportEditView.as_view(), name="final_report_edit"),
    path("<int:pk>/final-report/sign/", FinalReportSignView.as_view(), name="final_report_sign"),
    path(
        "<int:pk>/final-report/comment/",
        FinalReportCommentView.as_view(),
        name="final_report_comment",
    ),
    path(
        "<int:pk>/final-report/countersign/",
        FinalReportCountersignView.as_view(),
        name="final_report_countersign",
    ),
]
