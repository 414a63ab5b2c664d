"""Day ledger pages: the ledger of a placement, recording and editing a day,
confirming a week, querying a day (logging in one tap: views/day_log.py).

Everyone who may see the placement reads its ledger; only the student records
days and only the practice educator confirms them (placements/rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.dates import long_date
from portal.permissions import ObjectPermissionMixin
from portal.views import ServiceFormMixin

from ..access import is_finished, read_only_message, read_only_notice
from ..forms.ledger import DayAnswerForm, DayForm, DayQueryForm, WeekConfirmForm
from ..ledger import ledger_for
from ..models import Placement, PlacementDay
from ..selectors.day_log import logging_refusal
from ..services.ledger import (
    RECORDING_STATUSES,
    day_query,
    day_record,
    day_update,
    days_confirm,
)

ROWS_PER_PAGE = 25


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class Week:
    monday: date
    days: list[PlacementDay] = field(default_factory=list)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def has_pending(self) -> bool:
        return any(not day.is_confirmed for day in self.days)


def _weeks(days: list[PlacementDay]) -> list[Week]:
    """Days (newest first) grouped by Monday-start week, each week in date order."""
    weeks: dict[date, Week] = {}
    for day in days:
        monday = _monday(day.date)
        weeks.setdefault(monday, Week(monday)).days.append(day)
    for week in weeks.values():
        week.days.sort(key=lambda d: d.date)
    return list(weeks.values())


class PlacementLedgerMixin(ObjectPermissionMixin):
    """Loads the placement of the URL: 404 outside scope, 403 without `action_permission`."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        placement = get_object_or_404(
            Placement.objects.with_people(),
            pk=kwargs["pk"],
        )
        self.placement = self.check_object(placement)
        response = self.prepare(request, *args, **kwargs)
        return response or super().dispatch(request, *args, **kwargs)

    def prepare(self, request, *args, **kwargs):
        """Load what the page needs once access is checked; a response ends the request."""
        return None

    def ledger_url(self) -> str:
        return reverse("placements:ledger", args=[self.placement.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["placement"] = self.placement
        context["ledger_url"] = self.ledger_url()
        return context


class LedgerView(PlacementLedgerMixin, TemplateView):
    template_name = "placements/ledger/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        placement = self.placement
        user = self.request.user
        days = list(placement.days.all())
        newest_first = sorted(days, key=lambda d: d.date, reverse=True)
        page = Paginator(newest_first, ROWS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            ledger=ledger_for(placement, days=days),
            page_obj=page,
            weeks=_weeks(list(page.object_list)),
            is_student=user.pk == placement.student_id,
            can_record=user.pk == placement.student_id and placement.status in RECORDING_STATUSES,
            can_repeat=user.pk == placement.student_id and logging_refusal(placement) is None,
            can_confirm=user.pk == placement.practice_educator_id and not is_finished(placement),
            read_only=read_only_notice(placement, user, "its days are"),
        )
        return context


def _not_recording(request, placement: Placement) -> bool:
    """Tell the student why days cannot be recorded now, if they cannot."""
    if placement.status in RECORDING_STATUSES:
        return False
    if is_finished(placement):
        messages.error(request, read_only_message(placement, "its days are"))
    else:
        messages.error(
            request,
            f"Days cannot be recorded while the placement is "
            f"{placement.get_status_display().lower()}.",
        )
    return True


class DayCreateView(PlacementLedgerMixin, ServiceFormMixin, FormView):
    template_name = "placements/ledger/day_form.html"
    form_class = DayForm
    action_permission = "placements.record_day"

    def prepare(self, request, *args, **kwargs):
        if _not_recording(request, self.placement):
            return redirect(self.ledger_url())
        return None

    def get_initial(self):
        return {"date": timezone.localdate(), "kind": PlacementDay.Kind.PLACEMENT}

    def perform(self, form):
        return day_record(placement=self.placement, by=self.request.user, **form.cleaned_data)

    def performed(self, form, day):
        messages.success(
            self.request,
            f"You recorded {long_date(day.date)}. Your practice educator will confirm it.",
        )
        return redirect(self.ledger_url())


class DayUpdateView(PlacementLedgerMixin, ServiceFormMixin, FormView):
    template_name = "placements/ledger/day_form.html"
    form_class = DayForm
    action_permission = "placements.record_day"

    def prepare(self, request, *args, **kwargs):
        self.day = get_object_or_404(PlacementDay, pk=kwargs["day_pk"], placement=self.placement)
        self.day.placement = self.placement
        if _not_recording(request, self.placement):
            return redirect(self.ledger_url())
        if self.day.is_confirmed:
            messages.error(
                request, "A confirmed day cannot be changed; ask your practice educator."
            )
            return redirect(self.ledger_url())
        return None

    def get_form_class(self):
        # A queried day is changed with an answer to the query.
        return DayAnswerForm if self.day.has_open_query else DayForm

    def get_initial(self):
        day = self.day
        return {
            "date": day.date,
            "kind": day.kind,
            "hours": day.hours,
            "note": day.note,
            "makes_up_missed_day": day.makes_up_missed_day,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["day"] = self.day
        return context

    def perform(self, form):
        return day_update(day=self.day, by=self.request.user, **form.cleaned_data)

    def performed(self, form, day):
        messages.success(self.request, f"You changed {long_date(day.date)}.")
        return redirect(self.ledger_url())


class WeekConfirmView(PlacementLedgerMixin, ServiceFormMixin, FormView):
    template_name = "placements/ledger/week_confirm.html"
    form_class = WeekConfirmForm
    action_permission = "placements.confirm_days"

    def prepare(self, request, *args, **kwargs):
        if is_finished(self.placement):
            messages.error(request, read_only_message(self.placement, "its days are"))
            return redirect(self.ledger_url())
        try:
            self.monday = _monday(date.fromisoformat(request.GET.get("week", "")))
        except ValueError as error:
            raise Http404("No such week") from error
        return None

    def load_days(self) -> None:
        """The week's unconfirmed days: those to confirm, and those queried (they wait
        for the student's answer)."""
        unconfirmed = self.placement.days.filter(
            date__range=(self.monday, self.monday + timedelta(days=6)),
            confirmed_at__isnull=True,
        ).order_by("date")
        self.days = [day for day in unconfirmed if not day.has_open_query]
        self.queried = [day for day in unconfirmed if day.has_open_query]

    def get(self, request, *args, **kwargs):
        self.load_days()
        if not self.days and not self.queried:
            messages.info(request, "There are no days waiting for confirmation in that week.")
            return redirect(self.ledger_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load_days()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["placement"] = self.placement
        return kwargs

    def get_initial(self):
        return {"days": [day.pk for day in self.days]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(monday=self.monday, days=self.days, queried=self.queried)
        return context

    def perform(self, form):
        return days_confirm(
            placement=self.placement, by=self.request.user, days=form.cleaned_data["days"]
        )

    def performed(self, form, confirmed):
        count = len(confirmed)
        messages.success(
            self.request,
            f"You confirmed {count} day{'s' if count != 1 else ''} in the week beginning "
            f"{long_date(self.monday)}.",
        )
        return redirect(self.ledger_url())


class DayQueryView(PlacementLedgerMixin, ServiceFormMixin, FormView):
    """The practice educator asks the student about one day they recorded."""

    template_name = "placements/ledger/day_query.html"
    form_class = DayQueryForm
    action_permission = "placements.confirm_days"

    def prepare(self, request, *args, **kwargs):
        self.day = get_object_or_404(PlacementDay, pk=kwargs["day_pk"], placement=self.placement)
        self.day.placement = self.placement
        if is_finished(self.placement):
            messages.error(request, read_only_message(self.placement, "its days are"))
            return redirect(self.ledger_url())
        if self.day.is_confirmed:
            messages.error(request, "A confirmed day cannot be queried.")
            return redirect(self.ledger_url())
        return None

    def get_initial(self):
        return {"comment": self.day.query if self.day.has_open_query else ""}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["day"] = self.day
        return context

    def perform(self, form):
        return day_query(day=self.day, by=self.request.user, comment=form.cleaned_data["comment"])

    def performed(self, form, day):
        messages.success(
            self.request,
            f"You queried {long_date(day.date)}. {self.placement.student} is told and can "
            "answer or change the day.",
        )
        return redirect(self.ledger_url())


urlpatterns = [
    path("<int:pk>/days/", LedgerView.as_view(), name="ledger"),
    path("<int:pk>/days/new/", DayCreateView.as_view(), name="day_create"),
    path("<int:pk>/days/<int:day_pk>/edit/", DayUpdateView.as_view(), name="day_update"),
    path("<int:pk>/days/confirm/", WeekConfirmView.as_view(), name="days_confirm"),
    path("<int:pk>/days/<int:day_pk>/query/", DayQueryView.as_view(), name="day_query"),
]
