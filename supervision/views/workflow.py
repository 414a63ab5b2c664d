"""The moves of a supervision record and of a direct observation: each step of
the transition table (with a reason when it needs one, a new slot for a moved
session), signing, and amending a locked record.

The two records share the machinery (supervision.transitions,
supervision.services.workflow); the pages load the record through
views.sessions.SessionMixin and views.observations.ObservationMixin, so scope
and refusals are the same as on the record's other pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from portal.dates import long_date
from portal.forms import PortalForm
from portal.views import ServiceFormMixin, run_action

from .. import rules as policy
from ..forms.observations import ObservationReasonForm
from ..forms.sessions import AmendForm, StepForm
from ..models import Observation, SupervisionSession
from ..services.observations import observation_amend, observation_sign, observation_step
from ..services.sessions import session_amend, session_move, session_start
from ..services.workflow import apply_transition, sign_record
from ..transitions import OBSERVATION_TRANSITIONS, SESSION_TRANSITIONS, Transition, available
from .observations import O, ObservationFormMixin, ObservationMixin
from .sessions import SessionFormMixin, SessionMixin

# --- A supervision record ----------------------------------------------------------------


def signing_move(session: SupervisionSession) -> Transition | None:
    """The signature the record waits for now, if any."""
    return next(
        (t for t in SESSION_TRANSITIONS.values() if t.signs and t.allowed_from(session.status)),
        None,
    )


class SessionStepView(SessionFormMixin, FormView):
    """GET: what the move does (with a reason box, and a new slot for a move).
    POST: take it. Signing moves are taken on the signing page."""

    template_name = "supervision/sessions/step.html"
    form_class = StepForm

    def check_action(self) -> None:
        self.transition = SESSION_TRANSITIONS.get(self.kwargs["name"])
        if self.transition is None or self.transition.signs:
            raise Http404("Not found")
        if not self.transition.who(self.request.user, self.session):
            raise PermissionDenied(f"Only {self.transition.who_text} can do this.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "needs_reason": self.transition.needs_reason,
            "moves": self.transition.name == "move",
        }

    def get_initial(self):
        return {"date": self.session.date, "starts_at": self.session.starts_at}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            step=self.transition,
            allowed=self.transition.allowed_from(self.session.status),
            **kwargs,
        )

    def perform(self, form):
        user, name, data = self.request.user, self.transition.name, form.cleaned_data
        if name == "start":
            return session_start(session=self.session, by=user)
        if name == "move":
            return session_move(
                session=self.session,
                by=user,
                date=data["date"],
                starts_at=data["starts_at"],
                reason=data.get("reason", ""),
            )
        return apply_transition(
            record=self.session, name=name, by=user, reason=data.get("reason", "")
        )

    def performed(self, form, session):
        messages.success(self.request, self.done_message(session))
        if self.transition.name == "start":
            return redirect("supervision:session_edit", pk=session.pk)
        return self.to_record()

    def done_message(self, session: SupervisionSession) -> str:
        if self.transition.name == "move":
            return (
                f"You moved the session to {long_date(session.date)} at {session.starts_at:%H:%M}."
            )
        return self.transition.done_message


class SessionSignView(SessionFormMixin, FormView):
    """GET: what signing means now. POST: sign (the last signature locks the record)."""

    template_name = "supervision/sessions/sign.html"

    form_class = PortalForm

    def check_action(self) -> None:
        who = policy.is_session_student | policy.educates_session
        if not who(self.request.user, self.session):
            raise PermissionDenied("Only the student and the practice educator sign the record.")
        self.move = signing_move(self.session)

    def get_context_data(self, **kwargs):
        move = self.move
        return super().get_context_data(
            step=move,
            my_turn=move is not None and move.who(self.request.user, self.session),
            **kwargs,
        )

    def perform(self, form):
        return sign_record(record=self.session, by=self.request.user)

    def performed(self, form, session):
        move = "educator_sign" if session.is_locked else "student_sign"
        messages.success(self.request, SESSION_TRANSITIONS[move].done_message)
        return self.to_record()


class SessionAmendView(SessionMixin, ServiceFormMixin, FormView):
    """The practice educator starts a correction of a locked record."""

    template_name = "supervision/sessions/amend.html"
    form_class = AmendForm
    action_permission = "supervision.amend_session"
    writes = False  # amending is the one change a locked record takes

    def get(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            return refusal
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        refusal = self.refusal()
        if refusal:
            return refusal
        return super().post(request, *args, **kwargs)

    def refusal(self):
        correction = getattr(self.session, "amendment", None)
        if correction is not None:
            messages.error(
                self.request,
                "This record already has an amendment: correct the newest version instead.",
            )
            return redirect("supervision:session_detail", pk=correction.pk)
        if not self.session.is_locked:
            messages.error(
                self.request,
                "Only a signed and locked record is amended; this one can still be changed.",
            )
            return self.to_record()
        return None

    def perform(self, form):
        return session_amend(
            session=self.session, by=self.request.user, reason=form.cleaned_data["reason"]
        )

    def performed(self, form, correction):
        messages.success(
            self.request,
            "The amendment is started. Correct the record, then send it to the student: you "
            "both sign it again. The original stays on record.",
        )
        return redirect("supervision:session_edit", pk=correction.pk)


# --- A direct observation ----------------------------------------------------------------


class ObservationStepView(ObservationFormMixin, FormView):
    """The confirmation page of a move that is not a signature (with a reason when needed)."""

    template_name = "supervision/observations/step.html"

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

    def refuses_record(self, error):
        # Only a refusal of a field (the reason) is shown on the form.
        return super().refuses_record(error) or not hasattr(error, "error_dict")

    def perform(self, form):
        return observation_step(
            observation=self.observation,
            by=self.request.user,
            name=self.transition.name,
            reason=form.cleaned_data.get("reason", ""),
        )

    def performed(self, form, observation):
        messages.success(self.request, self.transition.done_message)
        if self.transition.name == "start":
            return redirect("supervision:observation_feedback", pk=self.observation.pk)
        return self.back()


class ObservationSignView(ObservationMixin, TemplateView):
    """GET: what signing means now. POST: sign. A page with nothing typed: a refusal
    goes back to the observation with its reason (there is no form to put it on)."""

    template_name = "supervision/observations/sign.html"

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
        back = reverse("supervision:observation_detail", args=[self.observation.pk])
        return run_action(
            request,
            lambda: observation_sign(observation=self.observation, by=request.user),
            success=lambda observation: (
                OBSERVATION_TRANSITIONS[
                    "observer_sign" if observation.is_locked else "student_sign"
                ].done_message
            ),
            then=back,
            # Someone who signs this observation, but not now: it is the other's turn.
            also_refused=(PermissionDenied,),
        )


class ObservationAmendView(ObservationFormMixin, FormView):
    template_name = "supervision/observations/amend.html"
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

    def refuses_record(self, error):
        # Only a refusal of a field (the reason) is shown on the form.
        return not hasattr(error, "error_dict")

    def perform(self, form):
        return observation_amend(
            observation=self.observation,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
        )

    def performed(self, form, correction):
        messages.success(
            self.request,
            "The amendment is started: correct the feedback, then you both sign it again. "
            "The original stays on record.",
        )
        return redirect("supervision:observation_detail", pk=correction.pk)


# The step's catch-all address comes after every other `sessions/<pk>/<name>/` page
# (supervision/urls.py lists this module after views.sessions and views.drafts).
urlpatterns = [
    path("sessions/<int:pk>/sign/", SessionSignView.as_view(), name="session_sign"),
    path("sessions/<int:pk>/amend/", SessionAmendView.as_view(), name="session_amend"),
    path("sessions/<int:pk>/<str:name>/", SessionStepView.as_view(), name="session_step"),
    path(
        "observations/<int:pk>/step/<slug:name>/",
        ObservationStepView.as_view(),
        name="observation_step",
    ),
    path("observations/<int:pk>/sign/", ObservationSignView.as_view(), name="observation_sign"),
    path("observations/<int:pk>/amend/", ObservationAmendView.as_view(), name="observation_amend"),
]
