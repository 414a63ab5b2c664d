"""Pages of a placement's causes for concern: the list, raising one, and each step.

Everyone who sees the placement reads its concerns; people outside its scope
get 404. Raising one and each step answer 403 to those who may not
(placements/rules.py).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import FormView, TemplateView

from portal.permissions import ObjectPermissionMixin
from portal.views import ServiceFormMixin

from ..access import is_finished, read_only_message
from ..forms.concern import ConcernForm, ConcernStepForm
from ..models import Concern, Placement
from ..services.concern import STEPS, concern_raise, concern_step, steps_for


class ConcernMixin(ObjectPermissionMixin):
    """Loads the placement (scope and action checked against it)."""

    def load_placement(self, request, pk):
        self.placement = self.check_object(
            get_object_or_404(
                Placement.objects.select_related(
                    "student", "course", "host", "practice_educator", "onsite_supervisor", "tutor"
                ),
                pk=pk,
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)


class ConcernListView(ConcernMixin, TemplateView):
    template_name = "placements/concern/list.html"

    def get(self, request, *args, **kwargs):
        self.load_placement(request, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        concerns = list(
            Concern.objects.filter(placement=self.placement).select_related("raised_by")
        )
        for concern in concerns:
            concern.placement = self.placement
            concern.steps = steps_for(concern, user)
        return super().get_context_data(
            concerns=concerns,
            can_raise=user.has_perm("placements.raise_concern", self.placement)
            and not is_finished(self.placement),
            **kwargs,
        )


class ConcernRaiseView(ConcernMixin, ServiceFormMixin, FormView):
    template_name = "placements/concern/form.html"
    form_class = ConcernForm
    action_permission = "placements.raise_concern"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.load_placement(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if is_finished(self.placement):
            messages.error(
                request,
                read_only_message(self.placement, "its records are")
                + " Raise any concern about it with the university directly.",
            )
            return redirect("placements:concern_list", pk=self.placement.pk)
        return super().get(request, *args, **kwargs)

    def perform(self, form):
        return concern_raise(placement=self.placement, by=self.request.user, **form.cleaned_data)

    def performed(self, form, result):
        messages.success(self.request, "The cause for concern was raised at stage 1.")
        return redirect("placements:concern_list", pk=self.placement.pk)


class ConcernStepView(ConcernMixin, ServiceFormMixin, FormView):
    """GET: what the step will do (and the outcome box). POST: take it."""

    template_name = "placements/concern/step.html"
    form_class = ConcernStepForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.step = STEPS.get(kwargs["step"])
        if self.step is None:
            raise Http404("Not found")
        self.action_permission = self.step.permission
        self.load_placement(request, kwargs["pk"])
        self.concern = get_object_or_404(
            Concern.objects.select_related("raised_by"),
            pk=kwargs["concern_pk"],
            placement=self.placement,
        )
        self.concern.placement = self.placement
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "needs_outcome": self.step.needs_reason}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            concern=self.concern,
            step=self.step,
            allowed=self.step.allowed_for(self.concern),
            **kwargs,
        )

    def perform(self, form):
        return concern_step(
            concern=self.concern,
            name=self.step.name,
            by=self.request.user,
            outcome=form.cleaned_data.get("outcome", ""),
        )

    def performed(self, form, concern):
        messages.success(self.request, self.step.done_message)
        return redirect("placements:concern_list", pk=self.placement.pk)


urlpatterns = [
    path("<int:pk>/concerns/", ConcernListView.as_view(), name="concern_list"),
    path("<int:pk>/concerns/new/", ConcernRaiseView.as_view(), name="concern_raise"),
    path(
        "<int:pk>/concerns/<int:concern_pk>/<str:step>/",
        ConcernStepView.as_view(),
        name="concern_step",
    ),
]
