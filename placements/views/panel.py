"""Pages of the practice assessment panel's decisions on a placement (see
placements/views/review.py for who sees what)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.urls import path
from django.views.generic import FormView, TemplateView

from portal.views import ServiceFormMixin

from ..forms.panel import PanelDecisionForm
from ..models import PanelDecision
from ..selectors.review import review_overview
from ..services.panel import panel_decision_record
from ..transitions import TRANSITIONS
from .final_report import report_permissions
from .review import ReviewMixin

PANEL_DECISIONS_PER_PAGE = 25


class PanelDecisionListView(ReviewMixin, TemplateView):
    template_name = "placements/review/panel_list.html"

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


class PanelDecisionRecordView(ReviewMixin, ServiceFormMixin, FormView):
    template_name = "placements/review/panel_form.html"
    form_class = PanelDecisionForm
    action_permission = "placements.record_panel_decision"

    def get_context_data(self, **kwargs):
        overview = review_overview(self.placement)
        ready = report_permissions(
            self.request.user, self.placement, overview.final_report, overview.report_signed
        )["can_record_panel"]
        return super().get_context_data(overview=overview, ready=ready, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return panel_decision_record(
            placement=self.placement,
            by=self.request.user,
            sat_on=data["sat_on"],
            outcome=data["outcome"],
            notes=data["notes"],
        )

    def performed(self, form, decision):
        if decision.outcome == PanelDecision.Outcome.RATIFIED:
            self.placement.refresh_from_db(fields=["status"])
            passed = self.placement.status == self.placement.Status.PASSED
            text = TRANSITIONS["pass" if passed else "fail"].done_message
        elif decision.outcome == PanelDecision.Outcome.REFERRED:
            text = (
                "The panel's decision was recorded. The practice educator amends the report and "
                "signs the corrected version, and the tutor countersigns it again."
            )
        else:
            text = "The panel's decision was recorded. A later sitting will decide."
        messages.success(self.request, text)
        return self.back_to("panel_decisions")


urlpatterns = [
    path("<int:pk>/panel/", PanelDecisionListView.as_view(), name="panel_decisions"),
    path("<int:pk>/panel/record/", PanelDecisionRecordView.as_view(), name="panel_decision_record"),
]
