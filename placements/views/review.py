"""Pages of a placement's reviews: the midpoint review, the final report with its
signatures and the student's comment, and the practice assessment panel.

Everyone who sees the placement reads its reviews (they hold no child details,
so university roles read them too); people outside its scope get 404. Each
writing page answers 403 to those who may not write it (placements/rules.py),
and every write goes through placements.services.review.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import FormView, TemplateView, View

from portal import signatures
from portal.forms import apply_validation_error
from portal.permissions import ObjectPermissionMixin

from ..forms.review import (
    MAX_ACTION_ROWS,
    FinalReportCommentForm,
    FinalReportForm,
    MidpointReviewForm,
    PanelDecisionForm,
)
from ..models import FinalReport, MidpointReview, PanelDecision, Placement, ReviewAction
from ..selectors.review import pcf_domains, review_overview
from ..services.lifecycle import people_on
from ..services.review import (
    PE,
    REPORT_STATUSES,
    TUTOR,
    final_report_comment,
    final_report_countersign,
    final_report_save,
    final_report_sign,
    midpoint_review_record,
    panel_decision_record,
    review_action_complete,
)

Status = Placement.Status
PANEL_DECISIONS_PER_PAGE = 25


class ReviewMixin(ObjectPermissionMixin):
    """Loads the placement (scope and the page's action checked against it)."""

    scope_permission = "placements.view_placement"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.placement = self.check_object(
            get_object_or_404(
                Placement.objects.with_people(),
                pk=kwargs["pk"],
            )
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)

    def back_to(self, name: str):
        return redirect(f"placements:{name}", pk=self.placement.pk)


# --- Midpoint review ------------------------------------------------------------------


class MidpointReviewView(ReviewMixin, TemplateView):
    template_name = "placements/review_midpoint_detail.html"

    def get_context_data(self, **kwargs):
        user, placement = self.request.user, self.placement
        review = (
            MidpointReview.objects.filter(placement=placement).select_related("recorded_by").first()
        )
        context = {
            "review": review,
            "can_record": placement.status == Status.ACTIVE
            and user.has_perm("placements.record_midpoint_review", placement),
        }
        if review is not None:
            review.placement = placement
            actions = list(review.actions.select_related("owner"))
            finished = placement.status in Placement.FINISHED_STATUSES
            for action in actions:
                action.review = review
                action.can_complete = (
                    action.done_at is None
                    and not finished
                    and user.has_perm("placements.complete_review_action", action)
                )
            context.update(
                progress=list(review.progress.select_related("capability")),
                actions=actions,
            )
        return super().get_context_data(**context, **kwargs)


class MidpointReviewRecordView(ReviewMixin, FormView):
    """The practice educator records the review; it moves the placement on."""

    template_name = "placements/review_midpoint_form.html"
    form_class = MidpointReviewForm
    action_permission = "placements.record_midpoint_review"

    def get(self, request, *args, **kwargs):
        if MidpointReview.objects.filter(placement=self.placement).exists():
            messages.info(request, "The midpoint review of this placement is already recorded.")
            return self.back_to("midpoint_review")
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(domains=pcf_domains(), people=people_on(self.placement))
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(allowed=self.placement.status == Status.ACTIVE, **kwargs)

    def post(self, request, *args, **kwargs):
        if "add_action" in request.POST:
            # One more empty row: show the form again as typed, without judging it yet.
            initial = {name: request.POST.get(name) for name in request.POST}
            initial.pop("add_action", None)
            form = self.get_form_class()(
                initial={**initial, "action_rows": self._rows(request) + 1},
                domains=pcf_domains(),
                people=people_on(self.placement),
            )
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    @staticmethod
    def _rows(request) -> int:
        try:
            return min(int(request.POST.get("action_rows", 0)), MAX_ACTION_ROWS - 1)
        except ValueError:
            return 0

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            midpoint_review_record(
                placement=self.placement,
                by=self.request.user,
                held_on=data["held_on"],
                attendees=data["attendees"],
                outcome=data["outcome"],
                summary=data["summary"],
                progress=form.progress(),
                actions=form.actions(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "The midpoint review was recorded and the placement is now midpoint reviewed.",
        )
        return self.back_to("midpoint_review")


class ReviewActionDoneView(ReviewMixin, View):
    """POST from the review page: the action's owner or the practice educator marks it done."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(
            ReviewAction.objects.select_related("review"),
            pk=kwargs["action_pk"],
            review__placement=self.placement,
        )
        action.review.placement = self.placement
        if not request.user.has_perm("placements.complete_review_action", action):
            raise PermissionDenied("Only the owner of the action or the practice educator can.")
        try:
            review_action_complete(action=action, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The action is marked as done.")
        return self.back_to("midpoint_review")


# --- Final report -----------------------------------------------------------------------


class FinalReportMixin(ReviewMixin):
    report: FinalReport | None = None

    def load_report(self) -> FinalReport | None:
        self.report = FinalReport.objects.filter(placement=self.placement).first()
        if self.report is not None:
            # The same placement object, so signature_capacities() needs no query.
            self.report.placement = self.placement
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
    return {
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
    template_name = "placements/review_final_report_detail.html"

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


class FinalReportEditView(FinalReportMixin, FormView):
    template_name = "placements/review_final_report_form.html"
    form_class = FinalReportForm
    action_permission = "placements.write_final_report"

    def get(self, request, *args, **kwargs):
        _, signed, _ = self.report_state()
        if PE in signed:
            messages.error(
                request,
                "You have signed the final report, so it can no longer be changed. It opens "
                "again only if the practice assessment panel refers it back.",
            )
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

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            final_report_save(
                placement=self.placement,
                by=self.request.user,
                summary=data["summary"],
                recommendation=data["recommendation"],
                assessments=form.assessments(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, "The final report was saved. Sign it when it is ready to submit."
        )
        return self.back_to("final_report")


class _SignatureStepView(FinalReportMixin, TemplateView):
    """GET: what signing means (a confirmation page); POST: sign.

    Subclasses name the step, the entry of report_permissions() that offers it,
    the service that takes it, and what the person is told.
    """

    template_name = "placements/review_final_report_sign.html"
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
        try:
            self.take(report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.back_to("final_report")
        messages.success(request, self.done)
        return self.back_to("final_report")


class FinalReportSignView(_SignatureStepView):
    action_permission = "placements.write_final_report"
    step = "sign"
    offered_as = "can_sign"
    service = staticmethod(final_report_sign)
    not_now = "There is nothing for you to sign: the report is signed or not written yet."
    done = "You signed the final report. It is submitted: the student and the tutor were told."


class FinalReportCountersignView(_SignatureStepView):
    action_permission = "placements.countersign_final_report"
    step = "countersign"
    offered_as = "can_countersign"
    service = staticmethod(final_report_countersign)
    not_now = (
        "The report cannot be countersigned now: the practice educator has not signed it, or "
        "it is countersigned already."
    )
    done = "You countersigned the final report. It now goes to the practice assessment panel."


class FinalReportCommentView(FinalReportMixin, FormView):
    template_name = "placements/review_final_report_comment.html"
    form_class = FinalReportCommentForm
    action_permission = "placements.comment_final_report"

    def get(self, request, *args, **kwargs):
        _, _, permissions = self.report_state()
        if not permissions["can_comment"]:
            messages.info(
                request,
                "You can comment once the practice educator has signed the report, until the "
                "tutor countersigns it.",
            )
            return self.back_to("final_report")
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        report = self.report or self.load_report()
        return {"student_comment": report.student_comment} if report else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)

    def form_valid(self, form):
        report = self.load_report()
        if report is None:
            form.add_error(None, "The final report has not been written yet.")
            return self.form_invalid(form)
        try:
            final_report_comment(
                report=report, by=self.request.user, comment=form.cleaned_data["student_comment"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your comment was saved with the final report.")
        return self.back_to("final_report")


# --- Practice assessment panel ------------------------------------------------------------


class PanelDecisionListView(ReviewMixin, TemplateView):
    template_name = "placements/review_panel_list.html"

    def get_context_data(self, **kwargs):
        overview = review_overview(self.placement)
        decisions = PanelDecision.objects.filter(placement=self.placement).select_related(
            "recorded_by"
        )
        permissions = report_permissions(
            self.request.user, self.placement, overview.final_report, overview.report_signed
        )
        return super().get_context_data(
            overview=overview,
            page_obj=Paginator(decisions, PANEL_DECISIONS_PER_PAGE).get_page(
                self.request.GET.get("page")
            ),
            can_record=permissions["can_record_panel"],
            **kwargs,
        )


class PanelDecisionRecordView(ReviewMixin, FormView):
    template_name = "placements/review_panel_form.html"
    form_class = PanelDecisionForm
    action_permission = "placements.record_panel_decision"

    def get_context_data(self, **kwargs):
        overview = review_overview(self.placement)
        ready = report_permissions(
            self.request.user, self.placement, overview.final_report, overview.report_signed
        )["can_record_panel"]
        return super().get_context_data(overview=overview, ready=ready, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            decision = panel_decision_record(
                placement=self.placement,
                by=self.request.user,
                sat_on=data["sat_on"],
                outcome=data["outcome"],
                notes=data["notes"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        if decision.outcome == PanelDecision.Outcome.RATIFIED:
            self.placement.refresh_from_db(fields=["status"])
            text = (
                "The panel's decision was recorded. The placement is now "
                f"{self.placement.get_status_display().lower()}."
            )
        elif decision.outcome == PanelDecision.Outcome.REFERRED:
            text = (
                "The panel's decision was recorded. The report is open again: the practice "
                "educator revises and signs it, and the tutor countersigns it again."
            )
        else:
            text = "The panel's decision was recorded. A later sitting will decide."
        messages.success(self.request, text)
        return self.back_to("panel_decisions")


urlpatterns = [
    path("<int:pk>/midpoint-review/", MidpointReviewView.as_view(), name="midpoint_review"),
    path(
        "<int:pk>/midpoint-review/record/",
        MidpointReviewRecordView.as_view(),
        name="midpoint_review_record",
    ),
    path(
        "<int:pk>/midpoint-review/actions/<int:action_pk>/done/",
        ReviewActionDoneView.as_view(),
        name="review_action_done",
    ),
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
    path("<int:pk>/panel/", PanelDecisionListView.as_view(), name="panel_decisions"),
    path("<int:pk>/panel/record/", PanelDecisionRecordView.as_view(), name="panel_decision_record"),
]
