"""Pages to record and correct a tutor visit or three-way meeting. The visits are
listed on the placement page (placements/visits.py); recording and changing them
is for the student's university tutor and the placement's co-ordinators (403 for
others who see the placement, 404 outside its scope: portal.permissions)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView

from portal.views import ServiceFormMixin

from ..access import is_finished, read_only_message
from ..forms.visit import TutorVisitForm
from ..models import TutorVisit
from ..services.visit import tutor_visit_record, tutor_visit_update
from .lifecycle import PlacementMixin


class _VisitFormView(PlacementMixin, ServiceFormMixin, FormView):
    template_name = "placements/visit/form.html"
    form_class = TutorVisitForm
    action_permission = "placements.record_tutor_visit"

    def get(self, request, *args, **kwargs):
        if is_finished(self.placement):
            messages.error(request, read_only_message(self.placement, "its records are"))
            return self.back()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "placement": self.placement}

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, visit=self.get_visit(), **kwargs)

    def get_visit(self) -> TutorVisit | None:
        return None

    def fields(self, form) -> dict:
        data = form.cleaned_data
        return {
            "by": self.request.user,
            "held_on": data["held_on"],
            "kind": data["kind"],
            "attended": data["attended"],
            "notes": data["notes"],
            "agreed_actions": data["agreed_actions"],
        }

    def back(self):
        return redirect(
            reverse("placements:placement_detail", args=[self.placement.pk]) + "#visits"
        )


class TutorVisitCreateView(_VisitFormView):
    def perform(self, form):
        return tutor_visit_record(placement=self.placement, **self.fields(form))

    def performed(self, form, visit):
        messages.success(
            self.request,
            f"The {visit.get_kind_display().lower()} was recorded and the people on the "
            "placement were told.",
        )
        return self.back()


class TutorVisitEditView(_VisitFormView):
    def get_initial(self):
        return TutorVisitForm.initial_for(self.get_visit())

    def get_visit(self) -> TutorVisit:
        """The visit of the URL, on this placement (404 otherwise)."""
        if getattr(self, "visit", None) is None:
            self.visit = get_object_or_404(
                TutorVisit, pk=self.kwargs["visit_pk"], placement=self.placement
            )
            self.visit.placement = self.placement
        return self.visit

    def perform(self, form):
        return tutor_visit_update(visit=self.get_visit(), **self.fields(form))

    def performed(self, form, visit):
        messages.success(self.request, f"The {visit.get_kind_display().lower()} was saved.")
        return self.back()


urlpatterns = [
    path("<int:pk>/visits/new/", TutorVisitCreateView.as_view(), name="visit_create"),
    path(
        "<int:pk>/visits/<int:visit_pk>/edit/",
        TutorVisitEditView.as_view(),
        name="visit_edit",
    ),
]
