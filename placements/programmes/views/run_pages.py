"""A run's pages (issue 19, requirement 4).

- `programmes/<slug>/runs/`: the programme's runs (those not over first), with places
  left and whether their leaders are complete; co-ordinators plan a run from it.
- `programmes/<slug>/runs/new/`, `runs/<pk>/edit/`, `runs/<pk>/cancel/`: co-ordinators
  plan, correct and cancel runs.
- `runs/<pk>/`: the run's days (the parent days marked), leaders, families and the
  attendance grid. It names the families: each family shown is a logged read.
- `runs/<pk>/leaders/`: co-ordinators choose the run's leaders from the register.
- `run-places/<pk>/arrival/`: the team confirms a family's arrival and the parent's
  sobriety date as told then.
- `runs/<pk>/days/<yyyy-mm-dd>/attendance/`: the team takes one day's register (the
  day is given as an ISO date).
A run outside the user's programmes is a 404; an action their role may not take, 403.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_accesses
from portal.permissions import RecordActionMixin
from portal.views import ServiceFormMixin

from ..eligibility import long
from ..forms.run_days import ArrivalForm, AttendanceForm, RunCancelForm, RunLeadersForm, RunPlanForm
from ..models import Run
from ..selectors import run_days as reads
from ..selectors.programmes import programme_for_slug
from ..services.leaders import run_leaders_set
from ..services.run_days import (
    PLAN,
    RECORD_DAY,
    VIEW_PROGRAMME,
    VIEW_REFERRAL,
    arrival_refusal,
    cancel_refusal,
    change_refusal,
    day_refusal,
    run_attendance_record,
    run_cancel,
    run_place_arrive,
    run_plan,
)

FAMILIES_PURPOSE = "Opened a run's page: its families and their attendance"
REGISTER_PURPOSE = "Took a day's register of a run"


def _to_run(run: Run):
    return redirect("programmes:run_detail", pk=run.pk)


class ProgrammeRunsMixin(RecordActionMixin):
    """A page of a programme run in runs (404 for any other programme)."""

    record_name = "programme"
    lookup_kwarg = "slug"
    scope_permission = VIEW_PROGRAMME
    find = staticmethod(programme_for_slug)

    def refuse(self):
        if not self.programme.runs_in_runs:
            raise Http404("This programme has no runs")
        return None


class RunListView(ProgrammeRunsMixin, TemplateView):
    template_name = "programmes/runs/run_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            programme=self.programme,
            runs=reads.runs_of(self.programme, today=today),
            can_plan=self.request.user.has_perm(PLAN, self.programme),
            **kwargs,
        )


class RunMixin(RecordActionMixin):
    """A page about one run."""

    record_name = "run"
    scope_permission = VIEW_PROGRAMME
    find = staticmethod(reads.run_for_page)

    def back(self):
        return _to_run(self.run)

    def send_back(self, reason: str | None):
        if reason:
            messages.error(self.request, reason)
            return self.back()
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            run=self.run,
            programme=self.run.programme,
            back_url=reverse("programmes:run_detail", args=[self.run.pk]),
            **kwargs,
        )


class RunAddView(ProgrammeRunsMixin, ServiceFormMixin, FormView):
    template_name = "programmes/runs/run_form.html"
    form_class = RunPlanForm
    action_permission = PLAN

    def get_initial(self):
        return {"places": self.programme.group_size}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            programme=self.programme,
            back_url=reverse("programmes:run_list", args=[self.programme.slug]),
            **kwargs,
        )

    def perform(self, form):
        return run_plan(programme=self.programme, by=self.request.user, **form.cleaned_data)

    def performed(self, form, run):
        messages.success(
            self.request,
            _("The run from %(first)s to %(last)s is planned. Choose its leaders next.")
            % {"first": long(run.starts_on), "last": long(run.ends_on)},
        )
        return _to_run(run)


class RunEditView(RunMixin, ServiceFormMixin, FormView):
    template_name = "programmes/runs/run_form.html"
    form_class = RunPlanForm
    action_permission = PLAN

    def refuse(self):
        return self.send_back(change_refusal(self.run, timezone.localdate()))

    def get_initial(self):
        return {"starts_on": self.run.starts_on, "venue": self.run.venue, "places": self.run.places}

    def perform(self, form):
        return run_plan(
            programme=self.run.programme, run=self.run, by=self.request.user, **form.cleaned_data
        )

    def performed(self, form, run):
        messages.success(self.request, _("The run's details are saved."))
        return _to_run(run)


class RunCancelView(RunMixin, ServiceFormMixin, FormView):
    template_name = "programmes/runs/run_cancel.html"
    form_class = RunCancelForm
    action_permission = PLAN

    def refuse(self):
        return self.send_back(cancel_refusal(self.run, timezone.localdate()))

    def perform(self, form):
        return run_cancel(run=self.run, reason=form.cleaned_data["reason"], by=self.request.user)

    def performed(self, form, run):
        messages.success(self.request, _("The run is cancelled."))
        return _to_run(run)


class RunDetailView(RunMixin, TemplateView):
    template_name = "programmes/runs/run_detail.html"

    def get_context_data(self, **kwargs):
        user, run, today = self.request.user, self.run, timezone.localdate()
        self.page = reads.run_page(run)
        planned = run.status == Run.Status.PLANNED
        return super().get_context_data(
            page=self.page,
            today=today,
            can_plan=planned and user.has_perm(PLAN, run),
            can_edit=planned and run.starts_on > today and user.has_perm(PLAN, run),
            can_record=planned and user.has_perm(RECORD_DAY, run),
            register_days=[day for _n, day, _p in self.page.days if day <= today],
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        record_accesses(
            self.request.user,
            [place.referral for place in self.page.places],
            FAMILIES_PURPOSE,
            path=self.request.path,
        )
        return super().render_to_response(context, **response_kwargs)


class RunLeadersView(RunMixin, ServiceFormMixin, FormView):
    template_name = "programmes/runs/run_leaders.html"
    form_class = RunLeadersForm
    action_permission = PLAN

    def refuse(self):
        if self.run.status == Run.Status.CANCELLED:
            return self.send_back(_("This run is cancelled: its leaders cannot be changed."))
        return None

    def get_form_kwargs(self):
        leaders = reads.leaders_to_choose(self.run.programme)
        return {**super().get_form_kwargs(), "leaders": leaders}

    def get_initial(self):
        return {"leaders": [str(pk) for pk in self.run.leaders.values_list("pk", flat=True)]}

    def perform(self, form):
        return run_leaders_set(run=self.run, leaders=form.chosen(), by=self.request.user)

    def performed(self, form, run):
        messages.success(self.request, _("The run's leaders are saved."))
        return _to_run(run)


class RunPlaceArrivalView(LoggedReadMixin, RecordActionMixin, ServiceFormMixin, FormView):
    template_name = "programmes/runs/arrival_form.html"
    form_class = ArrivalForm
    record_name = "place"
    scope_permission = VIEW_REFERRAL
    action_permission = RECORD_DAY
    read_record = "referral"
    read_purpose = "Opened a family's place on a run to confirm their arrival"
    find = staticmethod(reads.place_for_arrival)

    def refuse(self):
        self.referral = self.place.referral
        refusal = arrival_refusal(self.place, timezone.localdate())
        if refusal:
            messages.error(self.request, refusal)
            return self.back()
        return None

    def back(self):
        return _to_run(self.place.run)

    def get_initial(self):
        return {"sober_since": self.place.sober_since}

    def get_context_data(self, **kwargs):
        place = self.place
        place.children_taking_part = reads.taking_part(place.run, place.referral.children.all())
        return super().get_context_data(
            place=place,
            run=place.run,
            programme=place.run.programme,
            back_url=reverse("programmes:run_detail", args=[place.run_id]),
            **kwargs,
        )

    def perform(self, form):
        return run_place_arrive(
            place=self.place, sober_since=form.cleaned_data["sober_since"], by=self.request.user
        )

    def performed(self, form, place):
        messages.success(
            self.request,
            _("%(reference)s has arrived. Their sobriety date is confirmed.")
            % {"reference": place.referral.reference},
        )
        return self.back()


class RunAttendanceView(RunMixin, ServiceFormMixin, FormView):
    template_name = "programmes/runs/attendance_form.html"
    form_class = AttendanceForm
    action_permission = RECORD_DAY

    def refuse(self):
        try:
            self.day = date.fromisoformat(self.kwargs["day"])
        except ValueError:
            raise Http404("Not a date") from None
        refused = self.send_back(day_refusal(self.run, self.day, timezone.localdate()))
        if refused is None:
            self.places = reads.arrived_places(self.run)
            self.parent_day = reads.is_parent_day(self.run, self.day)
        return refused

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "places": self.places,
            "parent_day": self.parent_day,
            "recorded": reads.recorded_on(self.run, self.day),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            day=self.day,
            day_number=reads.day_number(self.run, self.day),
            parent_day=self.parent_day,
            places=self.places,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        referrals = [place.referral for place in self.places]
        record_accesses(self.request.user, referrals, REGISTER_PURPOSE, path=self.request.path)
        return super().render_to_response(context, **response_kwargs)

    def perform(self, form):
        return run_attendance_record(
            run=self.run, day=self.day, answers=form.answers(), by=self.request.user
        )

    def performed(self, form, changed):
        messages.success(
            self.request,
            _("The register of day %(number)s, %(day)s, is saved.")
            % {"number": reads.day_number(self.run, self.day), "day": long(self.day)},
        )
        return self.back()


urlpatterns = [
    path("programmes/<slug:slug>/runs/", RunListView.as_view(), name="run_list"),
    path("programmes/<slug:slug>/runs/new/", RunAddView.as_view(), name="run_add"),
    path("runs/<int:pk>/", RunDetailView.as_view(), name="run_detail"),
    path("runs/<int:pk>/edit/", RunEditView.as_view(), name="run_edit"),
    path("runs/<int:pk>/cancel/", RunCancelView.as_view(), name="run_cancel"),
    path("runs/<int:pk>/leaders/", RunLeadersView.as_view(), name="run_leaders"),
    path(
        "runs/<int:pk>/days/<str:day>/attendance/",
        RunAttendanceView.as_view(),
        name="run_attendance",
    ),
    path("run-places/<int:pk>/arrival/", RunPlaceArrivalView.as_view(), name="run_place_arrival"),
]
