"""Logging days in one tap (issue 22, requirement 3): "Log today" on the student's
dashboard, and "Repeat last week's pattern" with its confirmation page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView, View

from portal.views import ServiceFormMixin, run_action

from ..forms.ledger import RepeatWeekForm
from ..selectors.day_log import hours_text, last_week_pattern, logging_refusal
from ..services.day_log import day_log_today, days_repeat_last_week
from .ledger import PlacementLedgerMixin


class LogTodayView(PlacementLedgerMixin, View):
    """POST only: the dashboard's "Log today" button. Back to the dashboard either way."""

    action_permission = "placements.record_day"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: day_log_today(placement=self.placement, by=request.user),
            success=lambda day: (
                f"You logged today: {hours_text(day.hours)} hours. "
                "Your practice educator will confirm it."
            ),
            then=reverse("portal:dashboard"),
        )


class RepeatWeekView(PlacementLedgerMixin, ServiceFormMixin, FormView):
    """The days last week's pattern would log this week, and one button logging them all."""

    template_name = "placements/ledger/repeat.html"
    form_class = RepeatWeekForm
    action_permission = "placements.record_day"

    def prepare(self, request, *args, **kwargs):
        refusal = logging_refusal(self.placement)
        if refusal:
            messages.error(request, refusal)
            return redirect(self.ledger_url())
        self.pattern = last_week_pattern(self.placement)
        return None

    def get_initial(self):
        return {"dates": [day.date for day in self.pattern.to_log]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pattern"] = self.pattern
        return context

    def perform(self, form):
        return days_repeat_last_week(
            placement=self.placement, by=self.request.user, dates=form.cleaned_data["dates"]
        )

    def performed(self, form, logged):
        count = len(logged)
        messages.success(
            self.request,
            f"You logged {count} day{'s' if count != 1 else ''} like last week. "
            "Your practice educator will confirm them.",
        )
        return redirect(self.ledger_url())

    # Every refusal is about the week as it now is: say why, and show it afresh.
    def refuses_record(self, error):
        return True

    def back(self):
        return redirect(reverse("placements:days_repeat", args=[self.placement.pk]))


urlpatterns = [
    path("<int:pk>/days/today/", LogTodayView.as_view(), name="day_log_today"),
    path("<int:pk>/days/repeat/", RepeatWeekView.as_view(), name="days_repeat"),
]
