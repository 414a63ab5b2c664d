"""Pages of direct observations: a placement's checklist and observations, booking,
the plan and the student's reflection. The observer's and the service user's
feedback are in views.observation_feedback; status moves, signing and amending
in views.workflow.

Scope: whoever sees the placement sees its observations, and the observer sees
theirs (supervision.view_observation); anyone else gets 404. Each writing page
answers 403 to those supervision/rules.py does not allow. A locked observation
opens no form: its pages say so and send the user back, and a write that
reaches a service anyway is refused there (RecordLocked) with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from placements.models import PLACEMENT_PEOPLE
from placements.views.lifecycle import PlacementMixin
from portal import signatures
from portal.locking import RecordLocked
from portal.permissions import ObjectPermissionMixin
from portal.transitions import TransitionNotAllowed
from portal.views import ServiceFormMixin

from .. import rules as policy
from ..checklist import observation_checklist
from ..forms.observations import (
    FACE_GLYPHS,
    ObservationBookForm,
    ObservationPlanForm,
)
from ..forms.workflow import OBSERVATION_REFLECTION_HINT, ReflectionForm
from ..models import Observation
from ..selectors.observations import observations_for_placement
from ..services.observations import (
    BOOKABLE_STATUSES,
    observation_book,
    observation_plan_save,
    observation_reflect,
)
from ..transitions import available
from . import chosen_statuses
from .attachment_lists import observation_attachments

O = Observation.Status  # noqa: E741 - reads as the model's status
OBSERVATIONS_PER_PAGE = 25

# --- A placement's observations ---------------------------------------------------------


class PlacementObservationsMixin(PlacementMixin):
    scope_permission = "placements.view_placement"

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)


class ObservationListView(PlacementObservationsMixin, TemplateView):
    template_name = "supervision/observations/list.html"

    def get_context_data(self, **kwargs):
        placement = self.placement
        observations = observations_for_placement(placement)
        statuses = chosen_statuses(self.request, Observation.Status)
        if statuses:
            observations = observations.filter(status__in=statuses)
        page = Paginator(observations, OBSERVATIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            statuses=[Observation.Status(value).label for value in statuses],
            checklist=observation_checklist(placement),
            page_obj=page,
            observations=page.object_list,
            can_book=placement.status in BOOKABLE_STATUSES
            and self.request.user.has_perm("supervision.add_observation", placement),
            **kwargs,
        )


class ObservationCreateView(PlacementObservationsMixin, ServiceFormMixin, FormView):
    template_name = "supervision/observations/form.html"
    form_class = ObservationBookForm
    action_permission = "supervision.add_observation"
    service_field_names = {"observer": "observer_choice"}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            placement=self.placement,
            with_plan=self.request.user.pk == self.placement.student_id,
        )
        return kwargs

    def get_context_data(self, **kwargs):
        allowed = self.placement.status in BOOKABLE_STATUSES
        return super().get_context_data(
            title="Book a direct observation",
            button="Book the observation",
            allowed=allowed,
            not_allowed=""
            if allowed
            else f"This placement is {self.placement.get_status_display().lower()}. "
            "Observations are booked for confirmed and active placements.",
            back_url=reverse("supervision:observation_list", args=[self.placement.pk]),
            back_text="Back to the observations",
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return observation_book(
            placement=self.placement,
            by=self.request.user,
            observer=data.get("observer"),
            date=data["date"],
            setting=data["setting"],
            pre_observation_plan=data.get("pre_observation_plan", ""),
        )

    def performed(self, form, observation):
        messages.success(self.request, "The observation is booked.")
        return redirect("supervision:observation_detail", pk=observation.pk)


# --- One observation ----------------------------------------------------------------------


class ObservationMixin(ObjectPermissionMixin):
    """Loads the observation (404 outside scope, 403 for a refused action)."""

    scope_permission = "supervision.view_observation"
    # The status the page's form is for (None: any); a locked observation opens no form.
    form_status: str | None = None
    locked_refused = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.observation = self.check_object(
            get_object_or_404(
                Observation.objects.select_related(
                    "observer", "amends", *(f"placement__{name}" for name in PLACEMENT_PEOPLE)
                ),
                pk=kwargs["pk"],
            )
        )
        self.placement = self.observation.placement
        if self.locked_refused and self.observation.is_locked:
            messages.error(request, RecordLocked().messages[0])
            return self.back()
        if self.form_status and self.observation.status != self.form_status:
            messages.error(request, self.wrong_status_message())
            return self.back()
        return super().dispatch(request, *args, **kwargs)

    def wrong_status_message(self) -> str:
        return (
            f"This is not possible while the observation is "
            f"{self.observation.get_status_display().lower()}."
        )

    def back(self):
        return redirect("supervision:observation_detail", pk=self.observation.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            observation=self.observation,
            placement=self.placement,
            back_url=reverse("supervision:observation_detail", args=[self.observation.pk]),
            back_text="Back to the observation",
            **kwargs,
        )


class ObservationFormMixin(ObservationMixin, ServiceFormMixin):
    """A form on one observation. A refusal of the observation itself (locked, or a
    move its status no longer allows) goes back to it with the reason; a refusal of
    what was typed shows on the form. Success says `success_message` and goes back."""

    record_refusals = (RecordLocked, TransitionNotAllowed)
    success_message = ""

    def performed(self, form, result):
        messages.success(self.request, self.success_message)
        return self.back()


class ObservationDetailView(ObservationMixin, TemplateView):
    template_name = "supervision/observations/detail.html"
    locked_refused = False

    def get_context_data(self, **kwargs):
        user, observation = self.request.user, self.observation
        try:
            service_user = observation.service_user_feedback
        except ObjectDoesNotExist:
            service_user = None
        signed = {s.capacity: s for s in signatures.signatures_for(observation)}
        labels = dict(Observation.Capacity.choices)
        moves = available(observation, user)
        amendment = Observation._base_manager.filter(amends=observation).first()
        unlocked = not observation.is_locked
        can_attach = (
            unlocked
            and observation.status == O.DRAFT
            and user.has_perm("supervision.write_observation_feedback", observation)
        )
        return super().get_context_data(
            **observation_attachments(observation, service_user, can_change=can_attach),
            domain_feedback=list(observation.domain_feedback.select_related("capability")),
            service_user=service_user,
            face=FACE_GLYPHS.get(service_user.faces) if service_user else None,
            signature_rows=[
                {"capacity": labels[capacity], "person": person, "signature": signed.get(capacity)}
                for capacity, person in observation.signature_capacities()
            ],
            steps=[t for t in moves if not t.signs],
            sign_step=next((t for t in moves if t.signs), None),
            amendment=amendment,
            can_edit=unlocked
            and observation.status == O.PLANNED
            and user.has_perm("supervision.plan_observation", observation),
            can_write_feedback=unlocked
            and observation.status == O.DRAFT
            and user.has_perm("supervision.write_observation_feedback", observation),
            can_reflect=unlocked
            and observation.status == O.AWAITING_STUDENT
            and user.has_perm("supervision.reflect_on_observation", observation),
            can_amend=observation.is_locked
            and amendment is None
            and user.has_perm("supervision.amend_observation", observation),
            **kwargs,
        )


class ObservationEditView(ObservationFormMixin, FormView):
    """The plan (the student), the date and setting (the observer or practice educator)."""

    template_name = "supervision/observations/form.html"
    form_class = ObservationPlanForm
    action_permission = "supervision.plan_observation"
    form_status = O.PLANNED
    success_message = "The observation is saved."

    def wrong_status_message(self) -> str:
        return (
            "The plan, date and setting change while the observation is planned; it is "
            f"{self.observation.get_status_display().lower()}."
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        user, observation = self.request.user, self.observation
        kwargs.update(
            can_plan=policy.is_observation_student(user, observation),
            can_arrange=policy.is_observer(user, observation)
            or policy.educates_observation(user, observation),
        )
        return kwargs

    def get_initial(self):
        observation = self.observation
        return {
            "date": observation.date,
            "setting": observation.setting,
            "pre_observation_plan": observation.pre_observation_plan,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Change the observation", button="Save", allowed=True, **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        return observation_plan_save(
            observation=self.observation,
            by=self.request.user,
            date=data.get("date"),
            setting=data.get("setting"),
            pre_observation_plan=data.get("pre_observation_plan"),
        )


class ObservationReflectView(ObservationFormMixin, FormView):
    template_name = "supervision/observations/form.html"
    form_class = ReflectionForm
    action_permission = "supervision.reflect_on_observation"
    form_status = O.AWAITING_STUDENT
    success_message = "Your reflection is saved. Sign the observation when ready."

    def wrong_status_message(self) -> str:
        return (
            "You add your reflection when the observer has sent you the feedback; the "
            f"observation is {self.observation.get_status_display().lower()}."
        )

    def get_form_kwargs(self):
        # Asked for here (unlike a session's reflection), with its own hint and limit.
        return {
            **super().get_form_kwargs(),
            "required": True,
            "max_length": 10000,
            "hint": OBSERVATION_REFLECTION_HINT,
        }

    def get_initial(self):
        return {"student_reflection": self.observation.student_reflection}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Your reflection on the observation",
            button="Save your reflection",
            allowed=True,
            show_feedback=True,
            **kwargs,
        )

    def perform(self, form):
        return observation_reflect(
            observation=self.observation,
            by=self.request.user,
            reflection=form.cleaned_data["student_reflection"],
        )


urlpatterns = [
    path(
        "placements/<int:pk>/observations/",
        ObservationListView.as_view(),
        name="observation_list",
    ),
    path(
        "placements/<int:pk>/observations/book/",
        ObservationCreateView.as_view(),
        name="observation_create",
    ),
    path("observations/<int:pk>/", ObservationDetailView.as_view(), name="observation_detail"),
    path("observations/<int:pk>/edit/", ObservationEditView.as_view(), name="observation_edit"),
    path(
        "observations/<int:pk>/reflect/",
        ObservationReflectView.as_view(),
        name="observation_reflect",
    ),
]
