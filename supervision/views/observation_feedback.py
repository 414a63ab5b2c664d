"""The feedback on a direct observation: the observer's (overall and per PCF
domain) and the service user's (the faces form, or what they said).

Pages of one observation: views.observations.ObservationMixin loads it, refuses
a locked one and a status the form is not for.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.urls import path
from django.views.generic import FormView

from placements.selectors.review import pcf_domains

from ..forms.observations import FacesForm, ObservationFeedbackForm, VerbalFeedbackForm
from ..models import ServiceUserFeedback
from ..services.observations import observation_feedback_save, service_user_feedback_save
from .attachment_lists import observation_attachments
from .observations import O, ObservationFormMixin


class ObservationFeedbackView(ObservationFormMixin, FormView):
    template_name = "supervision/observations/feedback.html"
    form_class = ObservationFeedbackForm
    action_permission = "supervision.write_observation_feedback"
    form_status = O.DRAFT
    success_message = "The feedback is saved."

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

    def perform(self, form):
        return observation_feedback_save(
            observation=self.observation,
            by=self.request.user,
            overall_feedback=form.cleaned_data["overall_feedback"],
            domain_feedback=form.domain_feedback(),
        )


class ServiceUserFeedbackView(ObservationFormMixin, FormView):
    """The faces form (for a child, on the observer's device) or the observer's
    record of what the person said (`?kind=verbal`)."""

    template_name = "supervision/observations/service_user.html"
    action_permission = "supervision.write_observation_feedback"
    form_status = O.DRAFT
    success_message = "The service user's feedback is saved. Thank you."

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
        # The feedback sheet's files, under the observer's record of what was said
        # (never on the faces form: a child fills that in on the observer's device).
        files = observation_attachments(self.observation, self.existing(), can_change=True)
        return super().get_context_data(
            kind=self.kind,
            sheet_attachments=files["sheet_attachments"],
            sheet_add_url=files["sheet_add_url"],
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return service_user_feedback_save(
            observation=self.observation,
            by=self.request.user,
            kind=self.kind,
            given_by=data["given_by"],
            faces=data.get("faces"),
            comments=data.get("comments", ""),
        )


urlpatterns = [
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
]
