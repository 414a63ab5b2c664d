"""Pages of direct observations: a placement's checklist and observations, booking,
the plan, the observer's feedback, the service user's feedback, the student's
reflection, status moves, signing and amending.

Scope: whoever sees the placement sees its observations, and the observer sees
theirs (supervision.view_observation); anyone else gets 404. Each writing page
answers 403 to those supervision/rules.py does not allow. A locked observation
opens no form: its pages say so and send the user back, and a write that
reaches a service anyway is refused there (RecordLocked) with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from placements.models import PLACEMENT_PEOPLE, Placement
from placements.selectors.review import pcf_domains
from portal import signatures
from portal.forms import apply_validation_error
from portal.locking import RecordLocked
from portal.permissions import ObjectPermissionMixin
from portal.transitions import TransitionNotAllowed

from .. import rules as policy
from ..checklist import observation_checklist
from ..forms import OBSERVATION_REFLECTION_HINT, ReflectionForm
from ..forms_observations import (
    FACE_GLYPHS,
    FacesForm,
    ObservationBookForm,
    ObservationFeedbackForm,
    ObservationPlanForm,
    ObservationReasonForm,
    VerbalFeedbackForm,
)
from ..models import Observation, ServiceUserFeedback
from ..selectors import observations_for_placement
from ..services.observations import (
    BOOKABLE_STATUSES,
    observation_amend,
    observation_book,
    observation_feedback_save,
    observation_plan_save,
    observation_reflect,
    observation_sign,
    observation_step,
    service_user_feedback_save,
)
from ..transitions import OBSERVATION_TRANSITIONS, available

O = Observation.Status  # noqa: E741 - reads as the model's status
OBSERVATIONS_PER_PAGE = 25

# --- A placement's observations ---------------------------------------------------------


class PlacementObservationsMixin(ObjectPermissionMixin):
    scope_permission = "placements.view_placement"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.placement = self.check_object(
            get_object_or_404(Placement.objects.with_people(), pk=kwargs["pk"])
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)


class ObservationListView(PlacementObservationsMixin, TemplateView):
    template_name = "supervision/observation_list.html"

    def get_context_data(self, **kwargs):
        placement = self.placement
        page = Paginator(observations_for_placement(placement), OBSERVATIONS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            checklist=observation_checklist(placement),
            page_obj=page,
            observations=page.object_list,
            can_book=placement.status in BOOKABLE_STATUSES
            and self.request.user.has_perm("supervision.add_observation", placement),
            **kwargs,
        )


class ObservationCreateView(PlacementObservationsMixin, FormView):
    template_name = "supervision/observation_form.html"
    form_class = ObservationBookForm
    action_permission = "supervision.add_observation"

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

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            observation = observation_book(
                placement=self.placement,
                by=self.request.user,
                observer=data.get("observer"),
                date=data["date"],
                setting=data["setting"],
                pre_observation_plan=data.get("pre_observation_plan", ""),
            )
        except ValidationError as error:
            if "observer" in getattr(error, "error_dict", {}):
                form.add_error("observer_choice", error.error_dict.pop("observer")[0].message)
            apply_validation_error(form, error)
            return self.form_invalid(form)
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

    def refused(self, error: ValidationError):
        """A locked observation or a step its status no longer allows: say so, change nothing."""
        messages.error(self.request, " ".join(error.messages))
        return self.back()

    def saved(self, form, write, success: str):
        """Run the service call `write()`. A refusal of the observation itself goes back to
        it with the reason; a refusal of what was typed shows on the form."""
        try:
            write()
        except (RecordLocked, TransitionNotAllowed) as error:
            return self.refused(error)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, success)
        return self.back()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            observation=self.observation,
            placement=self.placement,
            back_url=reverse("supervision:observation_detail", args=[self.observation.pk]),
            back_text="Back to the observation",
            **kwargs,
        )


class ObservationDetailView(ObservationMixin, TemplateView):
    template_name = "supervision/observation_detail.html"
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
        return super().get_context_data(
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


class ObservationEditView(ObservationMixin, FormView):
    """The plan (the student), the date and setting (the observer or practice educator)."""

    template_name = "supervision/observation_form.html"
    form_class = ObservationPlanForm
    action_permission = "supervision.plan_observation"
    form_status = O.PLANNED

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

    def form_valid(self, form):
        data = form.cleaned_data
        return self.saved(
            form,
            lambda: observation_plan_save(
                observation=self.observation,
                by=self.request.user,
                date=data.get("date"),
                setting=data.get("setting"),
                pre_observation_plan=data.get("pre_observation_plan"),
            ),
            "The observation is saved.",
        )


class ObservationFeedbackView(ObservationMixin, FormView):
    template_name = "supervision/observation_feedback.html"
    form_class = ObservationFeedbackForm
    action_permission = "supervision.write_observation_feedback"
    form_status = O.DRAFT

    def wrong_status_message(self) -> str:
        if self.observation.status == O.PLANNED:
            return "Start the observation (“Write feedback”) before writing the feedback."
        return (
            "The feedback is changed while it is being written; the observation is "
            f"{self.observation.get_status_display().lower()}. Take it back to edit it."
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["domains"] = pcf_domains()
        return kwargs

    def get_initial(self):
        rows = {row.capability_id: row.feedback for row in self.observation.domain_feedback.all()}
        initial = {"overall_feedback": self.observation.overall_feedback}
        for domain in pcf_domains():
            initial[f"domain_{domain.number}"] = rows.get(domain.pk, "")
        return initial

    def form_valid(self, form):
        return self.saved(
            form,
            lambda: observation_feedback_save(
                observation=self.observation,
                by=self.request.user,
                overall_feedback=form.cleaned_data["overall_feedback"],
                domain_feedback=form.domain_feedback(),
            ),
            "The feedback is saved.",
        )


class ServiceUserFeedbackView(ObservationMixin, FormView):
    """The faces form (for a child, on the observer's device) or the observer's
    record of what the person said (`?kind=verbal`)."""

    template_name = "supervision/observation_service_user.html"
    action_permission = "supervision.write_observation_feedback"
    form_status = O.DRAFT

    def wrong_status_message(self) -> str:
        return (
            "The service user's feedback is recorded while the observer writes the feedback; "
            f"the observation is {self.observation.get_status_display().lower()}."
        )

    def existing(self) -> ServiceUserFeedback | None:
        try:
            return self.observation.service_user_feedback
        except ObjectDoesNotExist:
            return None

    @property
    def kind(self) -> str:
        wanted = self.request.GET.get("kind")
        if wanted in ServiceUserFeedback.Kind.values:
            return wanted
        existing = self.existing()
        return existing.kind if existing else ServiceUserFeedback.Kind.FACES

    def get_form_class(self):
        return FacesForm if self.kind == ServiceUserFeedback.Kind.FACES else VerbalFeedbackForm

    def get_initial(self):
        existing = self.existing()
        if existing is None or existing.kind != self.kind:
            return {}
        return {
            "faces": existing.faces,
            "comments": existing.comments,
            "given_by": existing.given_by,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.kind, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        return self.saved(
            form,
            lambda: service_user_feedback_save(
                observation=self.observation,
                by=self.request.user,
                kind=self.kind,
                given_by=data["given_by"],
                faces=data.get("faces"),
                comments=data.get("comments", ""),
            ),
            "The service user's feedback is saved. Thank you.",
        )


class ObservationReflectView(ObservationMixin, FormView):
    template_name = "supervision/observation_form.html"
    form_class = ReflectionForm
    action_permission = "supervision.reflect_on_observation"
    form_status = O.AWAITING_STUDENT

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

    def form_valid(self, form):
        return self.saved(
            form,
            lambda: observation_reflect(
                observation=self.observation,
                by=self.request.user,
                reflection=form.cleaned_data["student_reflection"],
            ),
            "Your reflection is saved. Sign the observation when ready.",
        )


class ObservationStepView(ObservationMixin, FormView):
    """The confirmation page of a move that is not a signature (with a reason when needed)."""

    template_name = "supervision/observation_step.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.transition = OBSERVATION_TRANSITIONS.get(kwargs["name"])
        if self.transition is None:
            raise Http404("No such step")
        if self.transition.signs:
            return redirect("supervision:observation_sign", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def check_object(self, obj):
        obj = super().check_object(obj)
        if not self.transition.who(self.request.user, obj):
            raise PermissionDenied(f"Only {self.transition.who_text} can do this.")
        return obj

    def get_form_class(self):
        return ObservationReasonForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["required"] = self.transition.needs_reason
        return kwargs

    def get_context_data(self, **kwargs):
        observation = self.observation
        return super().get_context_data(
            transition=self.transition,
            target_label=O(self.transition.target).label,
            allowed=self.transition.allowed_from(observation.status),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            observation_step(
                observation=self.observation,
                by=self.request.user,
                name=self.transition.name,
                reason=form.cleaned_data.get("reason", ""),
            )
        except (RecordLocked, TransitionNotAllowed) as error:
            return self.refused(error)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                apply_validation_error(form, error)
                return self.form_invalid(form)
            return self.refused(error)
        messages.success(
            self.request, f"Done: the observation is now {O(self.transition.target).label.lower()}."
        )
        if self.transition.name == "start":
            return redirect("supervision:observation_feedback", pk=self.observation.pk)
        return self.back()


class ObservationSignView(ObservationMixin, TemplateView):
    template_name = "supervision/observation_sign.html"

    def check_object(self, obj):
        obj = super().check_object(obj)
        user = self.request.user
        if not (policy.is_observer(user, obj) or policy.is_observation_student(user, obj)):
            raise PermissionDenied("Only the student and the observer sign an observation.")
        return obj

    def sign_step(self):
        moves = available(self.observation, self.request.user)
        return next((t for t in moves if t.signs), None)

    def get_context_data(self, **kwargs):
        return super().get_context_data(transition=self.sign_step(), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            observation = observation_sign(observation=self.observation, by=request.user)
        except ValidationError as error:
            return self.refused(error)
        except PermissionDenied as error:
            # Someone who signs this observation, but not now: it is the other's turn.
            messages.error(request, str(error))
            return self.back()
        if observation.is_locked:
            messages.success(request, "You signed the observation. It is now signed and locked.")
        else:
            messages.success(request, "You signed the observation. The observer signs next.")
        return self.back()


class ObservationAmendView(ObservationMixin, FormView):
    template_name = "supervision/observation_amend.html"
    action_permission = "supervision.amend_observation"
    locked_refused = False

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            messages.error(request, refusal)
            return self.back()
        return super().get(request, *args, **kwargs)

    def refusal(self) -> str:
        if not self.observation.is_locked:
            return "Only a signed and locked observation is amended; this one can still be changed."
        if Observation._base_manager.filter(amends=self.observation).exists():
            return "This observation already has an amendment: correct the newest version instead."
        return ""

    def get_form_class(self):
        return ObservationReasonForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["label"] = "Reason for the amendment"
        return kwargs

    def form_valid(self, form):
        try:
            correction = observation_amend(
                observation=self.observation,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                apply_validation_error(form, error)
                return self.form_invalid(form)
            return self.refused(error)
        messages.success(
            self.request,
            "The amendment is started: correct the feedback, then you both sign it again. "
            "The original stays on record.",
        )
        return redirect("supervision:observation_detail", pk=correction.pk)


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
        "observations/<int:pk>/feedback/",
        ObservationFeedbackView.as_view(),
        name="observation_feedback",
    ),
    path(
        "observations/<int:pk>/service-user/",
        ServiceUserFeedbackView.as_view(),
        name="observation_service_user",
    ),
    path(
        "observations/<int:pk>/reflect/",
        ObservationReflectView.as_view(),
        name="observation_reflect",
    ),
    path(
        "observations/<int:pk>/step/<slug:name>/",
        ObservationStepView.as_view(),
        name="observation_step",
    ),
    path("observations/<int:pk>/sign/", ObservationSignView.as_view(), name="observation_sign"),
    path("observations/<int:pk>/amend/", ObservationAmendView.as_view(), name="observation_amend"),
]
