"""Casework pages: wellbeing measures.

- Recording a questionnaire for a child on a plan (the student or PE on current
  work with the child), and correcting one while the plan is open.
- The child's page: first and last totals and the change, per plan and scale
  (not on a school contact's page).
- The co-ordinators' report: change by school, theme and cohort with a chart
  and a CSV export; groups under 5 children are shown without scores.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.downloads import csv_response
from portal.permissions import ObjectPermissionMixin, PermissionMixin
from portal.views import ServiceFormMixin

from ..forms.wellbeing import WellbeingAnswersForm, WellbeingRecordForm
from ..measures import SCALES, STIRLING, scale_for
from ..models import Child, DirectWorkSession, PlanChild, WellbeingMeasure
from ..rules.wellbeing import works_currently_with
from ..selectors.wellbeing import (
    MIN_GROUP_SIZE,
    SUPPRESSED_TEXT,
    measures_for,
    wellbeing_for_child,
    wellbeing_report,
)
from ..services.wellbeing import RECORDABLE_STATUSES, wellbeing_correct, wellbeing_record
from .children import ChildPage, child_page_section

RECORD_PURPOSE = "Recorded the child's wellbeing measure"


def _scale_key(request) -> str:
    key = request.POST.get("scale") or request.GET.get("scale") or STIRLING
    return key if key in SCALES else STIRLING


class WellbeingRecordView(LoggedReadMixin, ObjectPermissionMixin, ServiceFormMixin, FormView):
    template_name = "casework/wellbeing/record.html"
    form_class = WellbeingRecordForm
    scope_permission = "casework.view_child"
    action_permission = "casework.record_wellbeing"
    read_record = "child"
    read_purpose = "Opened the child's wellbeing measures to record one"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.child = self.check_object(
            get_object_or_404(Child.objects.select_related("school"), pk=kwargs["child_pk"])
        )
        member = (
            PlanChild.objects.select_related("plan__school")
            .filter(plan_id=kwargs["plan_pk"], child=self.child)
            .first()
        )
        if member is None:
            raise Http404("Not found")
        self.plan = member.plan
        self.scale = scale_for(_scale_key(request))
        self.recorded = measures_for(self.plan, self.child)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            scale=self.scale,
            sessions=list(DirectWorkSession.objects.filter(plan=self.plan).order_by("number")),
        )
        return kwargs

    def get_initial(self):
        first_done = (self.scale.key, WellbeingMeasure.Point.FIRST) in self.recorded
        return {
            "point": WellbeingMeasure.Point.LAST if first_done else WellbeingMeasure.Point.FIRST
        }

    def get_context_data(self, **kwargs):
        allowed = self.plan.status in RECORDABLE_STATUSES
        recorded = [
            {
                "measure": measure,
                "correct_url": reverse("casework:wellbeing_correct", args=[measure.pk])
                if not self.plan.is_closed
                else None,
            }
            for (scale_key, _point), measure in sorted(self.recorded.items())
            if scale_key == self.scale.key
        ]
        return super().get_context_data(
            child=self.child,
            plan=self.plan,
            scale=self.scale,
            other_scales=[s for s in SCALES.values() if s.key != self.scale.key],
            recorded=recorded,
            allowed=allowed,
            not_allowed=""
            if allowed
            else (
                "The plan is closed: no more wellbeing measures can be recorded."
                if self.plan.is_closed
                else "Wellbeing measures are recorded once the plan is agreed."
            ),
            back_url=reverse("casework:child_detail", args=[self.child.pk]),
            **kwargs,
        )

    def perform(self, form):
        return wellbeing_record(
            by=self.request.user,
            plan=self.plan,
            child=self.child,
            scale=self.scale.key,
            point=form.cleaned_data["point"],
            answers=form.answers(),
            completed_on=form.cleaned_data["completed_on"],
            session=form.chosen_session(),
        )

    def performed(self, form, measure):
        record_access(self.request.user, self.child, RECORD_PURPOSE, path=self.request.path)
        messages.success(
            self.request,
            f"{self.scale.short_name.capitalize()} recorded for the "
            f"{measure.get_point_display().lower()}: total {measure.total}.",
        )
        return redirect("casework:child_detail", pk=self.child.pk)


class WellbeingCorrectView(LoggedReadMixin, ObjectPermissionMixin, ServiceFormMixin, FormView):
    """Correct a measure's answers while the plan is open; the history keeps the old ones."""

    template_name = "casework/wellbeing/correct.html"
    form_class = WellbeingAnswersForm
    scope_permission = "casework.view_child"
    action_permission = "casework.record_wellbeing"
    read_record = "measure"
    read_purpose = "Opened the child's wellbeing measure to correct it"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.measure = get_object_or_404(
            WellbeingMeasure.objects.select_related("plan__school", "child"), pk=kwargs["pk"]
        )
        self.check_object(self.measure.child)
        self.scale = scale_for(self.measure.scale)
        if self.measure.plan.is_closed:
            messages.error(
                request, "The plan is closed: its wellbeing measures can no longer be corrected."
            )
            return redirect("casework:child_detail", pk=self.measure.child_id)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scale": self.scale}

    def get_initial(self):
        initial = {"completed_on": self.measure.completed_on}
        for item, answer in zip(self.scale.items, self.measure.answers, strict=False):
            initial[item.field_name] = str(answer)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            measure=self.measure,
            child=self.measure.child,
            plan=self.measure.plan,
            scale=self.scale,
            back_url=reverse("casework:child_detail", args=[self.measure.child_id]),
            **kwargs,
        )

    def perform(self, form):
        return wellbeing_correct(
            by=self.request.user,
            measure=self.measure,
            answers=form.answers(),
            completed_on=form.cleaned_data["completed_on"],
        )

    def performed(self, form, measure):
        messages.success(
            self.request,
            f"{self.scale.short_name.capitalize()} corrected: total {measure.total}. "
            "The earlier answers are kept in its history.",
        )
        return redirect("casework:child_detail", pk=measure.child_id)


# --- the child's page ----------------------------------------------------------------


@child_page_section("casework/wellbeing/_child_section.html", order=60)
def wellbeing_section(page: ChildPage) -> dict | None:
    """First and last totals and the change, per plan and scale (3 queries)."""
    if page.school_view:
        return None
    plans = wellbeing_for_child(page.child)
    if not plans:
        return None
    can_record = page.can_write and works_currently_with(page.user, page.child)
    return {
        "plans": plans,
        "can_record": can_record,
        "recordable": [s.value for s in RECORDABLE_STATUSES],
        "scales": list(SCALES.values()),
    }


# --- the co-ordinators' report -------------------------------------------------------


class WellbeingReportView(PermissionMixin, TemplateView):
    template_name = "casework/wellbeing/report.html"
    permission_required = "casework.view_wellbeing_report"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reports=wellbeing_report(self.request.user),
            min_group=MIN_GROUP_SIZE,
            suppressed_text=SUPPRESSED_TEXT,
            **kwargs,
        )


def _number(value) -> str:
    return "" if value is None else f"{value:.1f}"


class WellbeingReportCsvView(PermissionMixin, TemplateView):
    """The report as CSV: the same groups, the same suppression of small groups."""

    permission_required = "casework.view_wellbeing_report"

    def get(self, request, *args, **kwargs):
        header = [
            "Scale",
            "Grouping",
            "Group",
            "Children",
            "Mean first",
            "Mean last",
            "Mean change",
        ]
        rows = []
        for report in wellbeing_report(request.user):
            for grouping, _title, groups in report.groupings:
                for group in groups:
                    if group.shown:
                        scores = [
                            _number(group.mean_first),
                            _number(group.mean_last),
                            _number(group.mean_change),
                        ]
                    else:
                        scores = [SUPPRESSED_TEXT, "", ""]
                    rows.append([report.scale.name, grouping, group.label, group.children, *scores])
        filename = f"wellbeing-change-{timezone.localdate():%Y-%m-%d}.csv"
        return csv_response(filename, header, rows)


urlpatterns = [
    path(
        "plans/<int:plan_pk>/children/<int:child_pk>/wellbeing/new/",
        WellbeingRecordView.as_view(),
        name="wellbeing_record",
    ),
    path("wellbeing/<int:pk>/correct/", WellbeingCorrectView.as_view(), name="wellbeing_correct"),
    path("wellbeing/report/", WellbeingReportView.as_view(), name="wellbeing_report"),
    path("wellbeing/report.csv", WellbeingReportCsvView.as_view(), name="wellbeing_report_csv"),
]
