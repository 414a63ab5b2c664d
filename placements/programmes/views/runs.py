"""The waiting list and places on a run (issue 19, requirement 3).

- `programmes/<slug>/waiting-list/`: the programme's demand (registrations by municipality
  and month) and the families waiting, oldest first, each with whether the next
  run fits them; references only, no names (a family's page has those, logged).
- `referrals/<pk>/invite/`: offer a waiting family a place on a planned run.
- `run-places/<pk>/move/` and `.../decline/`: move a family to another run, or
  record that they declined, each with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from portal.audit.records import LoggedReadMixin
from portal.permissions import RecordActionMixin
from portal.views import ServiceFormMixin

from ..eligibility import assess, long
from ..forms.runs import PlaceDeclineForm, RunChoiceForm, RunMoveForm
from ..selectors import runs as reads
from ..selectors.programmes import programme_for_slug
from ..services.runs import INVITE, VIEW, run_invite, run_place_decline, run_place_move

PER_PAGE = 25


class WaitingListView(RecordActionMixin, TemplateView):
    template_name = "programmes/runs/waiting_list.html"
    record_name = "programme"
    lookup_kwarg = "slug"
    scope_permission = "programmes.view_programme"
    find = staticmethod(programme_for_slug)

    def refuse(self):
        if not self.programme.runs_in_runs:
            raise Http404("This programme has no runs")
        return None

    def get_context_data(self, **kwargs):
        programme, today = self.programme, timezone.localdate()
        runs = reads.runs_with_places(programme, after=today)
        page = Paginator(reads.waiting_list(programme), PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        rows = []
        for referral in page.object_list:
            children = list(referral.children.all())
            assessment = assess(
                programme,
                children=[(n, c.name, c.date_of_birth) for n, c in enumerate(children, start=1)],
                treatment_stage=referral.treatment_stage,
                sober_since=referral.sober_since,
                today=today,
                upcoming=runs,
            )
            rows.append({"referral": referral, "children": len(children), "fit": assessment})
        months, demand = reads.demand(programme)
        return super().get_context_data(
            programme=programme,
            runs=runs,
            page_obj=page,
            rows=rows,
            months=months,
            demand=demand,
            query="",
            can_invite=self.request.user.has_perm(INVITE, programme),
            **kwargs,
        )


class PlaceStepMixin(LoggedReadMixin, RecordActionMixin, ServiceFormMixin):
    scope_permission = VIEW
    action_permission = INVITE

    def back(self):
        return redirect("programmes:referral_detail", pk=self.referral.pk)

    def runs(self, exclude=None):
        runs = reads.runs_with_places(self.referral.programme, after=timezone.localdate())
        return [run for run in runs if run != exclude]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "runs": self.runs()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            referral=self.referral,
            back_url=reverse("programmes:referral_detail", args=[self.referral.pk]),
            **kwargs,
        )

    def performed(self, form, place):
        messages.success(
            self.request,
            _(
                "%(reference)s has a place on the run from %(first_day)s. "
                "The family is emailed in their language."
            )
            % {"reference": self.referral.reference, "first_day": long(place.run.starts_on)},
        )
        return self.back()


class RunInviteView(PlaceStepMixin, FormView):
    template_name = "programmes/runs/place_form.html"
    form_class = RunChoiceForm
    record_name = "referral"
    read_record = "referral"
    read_purpose = "Opened a family's registration to invite them to a run"
    find = staticmethod(reads.referral_for_run_page)

    def refuse(self):
        if not self.referral.is_interest:
            messages.error(self.request, _("Only a family who registered interest joins a run."))
            return self.back()
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Invite the family to a run"), button=_("Invite to the run"), **kwargs
        )

    def perform(self, form):
        return run_invite(run=form.chosen_run(), referral=self.referral, by=self.request.user)


class PlaceMixin(PlaceStepMixin):
    record_name = "place"
    read_record = "referral"
    read_purpose = "Opened a family's place on a run"
    find = staticmethod(reads.run_place)

    def check_object(self, place):
        self.referral = place.referral
        super().check_object(place.referral)
        return place


class RunPlaceMoveView(PlaceMixin, FormView):
    template_name = "programmes/runs/place_form.html"
    form_class = RunMoveForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "runs": self.runs(exclude=self.place.run)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Move the family to another run"), button=_("Move to the run"), **kwargs
        )

    def perform(self, form):
        return run_place_move(
            place=self.place,
            to_run=form.chosen_run(),
            reason=form.cleaned_data.get("reason", ""),
            by=self.request.user,
        )


class RunPlaceDeclineView(PlaceMixin, FormView):
    template_name = "programmes/runs/place_form.html"
    form_class = PlaceDeclineForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("runs")
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=_("Record that the family declined"),
            button=_("Record the decline"),
            **kwargs,
        )

    def perform(self, form):
        return run_place_decline(
            place=self.place, reason=form.cleaned_data.get("reason", ""), by=self.request.user
        )

    def performed(self, form, place):
        messages.success(
            self.request, _("The place is freed; the family is back on the waiting list.")
        )
        return self.back()


urlpatterns = [
    path("programmes/<slug:slug>/waiting-list/", WaitingListView.as_view(), name="waiting_list"),
    path("referrals/<int:pk>/invite/", RunInviteView.as_view(), name="run_invite"),
    path("run-places/<int:pk>/move/", RunPlaceMoveView.as_view(), name="run_place_move"),
    path("run-places/<int:pk>/decline/", RunPlaceDeclineView.as_view(), name="run_place_decline"),
]
