"""Placement quality: the student's questionnaire and the co-ordinators' report.

The questionnaire is a page of the placement (404 outside the user's scope, 403
for anyone but its student). The report shows settings, never people: no
names, no placements, no dates finer than the month, and nothing but the
number of responses below QUALITY_MIN_RESPONSES.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View

from portal.downloads import csv_response
from portal.permissions import PermissionMixin
from portal.views import ServiceFormMixin

from ..forms.quality import QualityFeedbackForm
from ..models import Placement, QualityFeedback, QualityFeedbackReceipt
from ..selectors.quality import QUALITY_MIN_RESPONSES, quality_by_setting, quality_report_rows
from ..services.quality import ended_for_feedback, quality_feedback_submit
from .lifecycle import PlacementMixin

SETTINGS_PER_PAGE = 20


class QualityFeedbackView(PlacementMixin, ServiceFormMixin, FormView):
    template_name = "placements/quality/feedback_form.html"
    form_class = QualityFeedbackForm
    action_permission = "placements.give_quality_feedback"

    def get_context_data(self, **kwargs):
        placement = self.placement
        return super().get_context_data(
            placement=placement,
            answered=QualityFeedbackReceipt.objects.filter(placement=placement).exists(),
            ended=ended_for_feedback(Placement.objects.filter(pk=placement.pk)).exists(),
            threshold=QUALITY_MIN_RESPONSES,
            **kwargs,
        )

    def perform(self, form):
        return quality_feedback_submit(
            placement=self.placement, by=self.request.user, answers=form.cleaned_data
        )

    def performed(self, form, result):
        messages.success(
            self.request,
            f"Thank you. Your ratings of {self.placement.host}, {self.placement.team} were sent "
            "without your name.",
        )
        return redirect("placements:placement_detail", pk=self.placement.pk)


class QualityReportView(PermissionMixin, TemplateView):
    template_name = "placements/quality/report.html"
    permission_required = "placements.view_quality_report"

    def get_context_data(self, **kwargs):
        q = self.request.GET.get("q", "").strip()[:150]
        page_obj = Paginator(
            quality_by_setting(self.request.user, q=q), SETTINGS_PER_PAGE
        ).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            page_obj=page_obj,
            settings=quality_report_rows(self.request.user, page_obj.object_list),
            threshold=QUALITY_MIN_RESPONSES,
            q=q,
            query=query.urlencode(),
            **kwargs,
        )


class QualityReportExportView(PermissionMixin, View):
    """The report's figures as CSV, for reporting upward: the same settings, the
    same threshold. Comments stay on the page: a file travels further."""

    permission_required = "placements.view_quality_report"

    def get(self, request):
        q = request.GET.get("q", "").strip()[:150]
        questions = [
            QualityFeedback._meta.get_field(name).verbose_name for name in QualityFeedback.SCORES
        ]
        header = ["Organisation", "Team", "Responses", "Latest month"] + [
            f"Average: {question}" for question in questions
        ]
        rows = []
        for row in quality_by_setting(request.user, q=q):
            setting = [row["host_name"], row["team_name"]]
            if row["responses"] < QUALITY_MIN_RESPONSES:
                rows.append([*setting, f"Fewer than {QUALITY_MIN_RESPONSES}", ""])
                continue
            rows.append(
                [
                    *setting,
                    row["responses"],
                    f"{row['latest_month']:%Y-%m}",
                    *(f"{row[f'avg_{name}']:.1f}" for name in QualityFeedback.SCORES),
                ]
            )
        filename = f"placement-quality-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(filename, header, rows)


urlpatterns = [
    path("<int:pk>/quality-feedback/", QualityFeedbackView.as_view(), name="quality_feedback"),
    path("quality/", QualityReportView.as_view(), name="quality_report"),
    path("quality/export.csv", QualityReportExportView.as_view(), name="quality_report_export"),
]
