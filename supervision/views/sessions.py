"""Pages of supervision records: a placement's supervision log, one record, and
each thing done to it (booking, writing, actions, the student's reflection,
each move of the transition table, signing and amending).

Everyone who sees the placement reads its records (supervision.rules); people
outside its scope get 404, and a page for something the user may not do
answers 403. Every write goes through supervision.services. A locked record
is evidence: each writing page sends the user back to the record with the
lock message and changes nothing (the services refuse too, should two people
race).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import FormView, TemplateView, View

from placements.models import Capability, Placement
from placements.selectors.review import PCF_CODE
from portal import signatures
from portal.dates import long_date
from portal.drafts import DraftRestoreMixin
from portal.forms import PortalForm, apply_validation_error
from portal.locking import RecordLocked
from portal.permissions import ObjectPermissionMixin

from .. import rules as policy
from ..forms import (
    ActionForm,
    AmendForm,
    ReflectionForm,
    SessionBookForm,
    SessionRecordForm,
    StepForm,
)
from ..models import SupervisionAction, SupervisionSession
from ..selectors import sessions_for_placement
from ..services.sessions import (
    RECORD_FIELDS,
    action_add,
    action_mark,
    action_remove,
    session_amend,
    session_create,
    session_move,
    session_record_save,
    session_reflect,
    session_start,
)
from ..services.workflow import apply_transition, sign_record
from ..transitions import SESSION_TRANSITIONS, Transition, available

S = SupervisionSession.Status
SESSIONS_PER_PAGE = 20
LOCKED_MESSAGE = RecordLocked().messages[0]


def session_queryset():
    return SupervisionSession.objects.select_related(
        "placement",
        "placement__student",
        "placement__practice_educator",
        "placement__onsite_supervisor",
        "placement__host",
        "placement__course",
        "amends",
        "amendment",
        "written_by",
    )


def signing_move(session: SupervisionSession) -> Transition | None:
    """The signature the record waits for now, if any."""
    return next(
        (t for t in SESSION_TRANSITIONS.values() if t.signs and t.allowed_from(session.status)),
        None,
    )


def people_for_actions(placement: Placement) -> list[tuple[str, object]]:
    """(role, person) of who may own an action: the student, the PE, the on-site supervisor."""
    people = [("student", placement.student), ("practice educator", placement.practice_educator)]
    if placement.onsite_supervisor_id:
        people.append(("on-site supervisor", placement.onsite_supervisor))
    return [(role, person) for role, person in people if person is not None]


# --- A placement's supervision log ----------------------------------------------------


class PlacementSessionsMixin(ObjectPermissionMixin):
    scope_permission = "placements.view_placement"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.placement = self.check_object(
            get_object_or_404(
                Placement.objects.with_people(),
                pk=kwargs["pk"],
            )
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, **kwargs)


class SessionListView(PlacementSessionsMixin, TemplateView):
    template_name = "supervision/session_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sessions = sessions_for_placement(self.placement, user).select_related("amendment")
        page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            can_book=user.has_perm("supervision.add_session", self.placement),
            is_student=self.placement.student_id == user.pk,
            **kwargs,
        )


class SessionCreateView(PlacementSessionsMixin, FormView):
    """The practice educator books a session besides the weekly ones."""

    template_name = "supervision/session_create.html"
    form_class = SessionBookForm
    action_permission = "supervision.add_session"

    def get_initial(self):
        return {"duration_minutes": self.placement.course.weekly_supervision_minutes}

    def form_valid(self, form):
        try:
            session = session_create(
                placement=self.placement, by=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Supervision is booked for {long_date(session.date)} at {session.starts_at:%H:%M}.",
        )
        return redirect("supervision:session_detail", pk=session.pk)


# --- One record ------------------------------------------------------------------------


class SessionMixin(ObjectPermissionMixin):
    """Loads the session: 404 outside the user's scope, 403 for a refused action.

    `writes`: the page changes the record, so a locked record is refused with
    the lock message before anything is shown or saved.
    """

    scope_permission = "supervision.view_supervisionsession"
    writes = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.session = self.check_object(get_object_or_404(session_queryset(), pk=kwargs["pk"]))
        self.placement = self.session.placement
        self.check_action()
        if self.writes and self.session.is_locked:
            return self.refuse_locked()
        return super().dispatch(request, *args, **kwargs)

    def check_action(self) -> None:
        """Further checks of who may use the page (PermissionDenied: 403)."""

    def refuse_locked(self):
        messages.error(self.request, LOCKED_MESSAGE)
        return self.to_record()

    def to_record(self):
        return redirect("supervision:session_detail", pk=self.session.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, placement=self.placement, **kwargs)


class SessionDetailView(SessionMixin, TemplateView):
    template_name = "supervision/session_detail.html"
    writes = False

    def get_context_data(self, **kwargs):
        user, session = self.request.user, self.session
        signed = {s.capacity: s for s in signatures.signatures_for(session)}
        capacities = dict(SupervisionSession.Capacity.choices)
        correction = getattr(session, "amendment", None)
        moves = available(session, user)
        return super().get_context_data(
            agenda=[
                (SupervisionSession._meta.get_field(name).verbose_name, getattr(session, name))
                for name in SupervisionSession.AGENDA
            ],
            domains=list(session.domains_discussed.order_by("number")),
            actions=list(session.actions.select_related("owner")),
            signature_rows=[
                (capacities[capacity], person, signed.get(capacity))
                for capacity, person in session.signature_capacities()
            ],
            correction=correction,
            moves=[t for t in moves if not t.signs],
            sign_move=next((t for t in moves if t.signs), None),
            can_edit=session.status == S.DRAFT
            and not session.is_locked
            and user.has_perm("supervision.change_session", session),
            can_reflect=session.status == S.AWAITING_STUDENT
            and not session.is_locked
            and user.has_perm("supervision.reflect_on_session", session),
            can_amend=session.is_locked
            and correction is None
            and user.has_perm("supervision.amend_session", session),
            **kwargs,
        )


class SessionEditView(DraftRestoreMixin, SessionMixin, FormView):
    """The practice educator writes the record while it is being written (their
    draft, kept as they type by views.drafts, comes back into the form)."""

    template_name = "supervision/session_edit.html"
    form_class = SessionRecordForm
    action_permission = "supervision.change_session"
    draft_url_name = "supervision:session_draft"

    def draft_record(self):
        return self.session

    def get(self, request, *args, **kwargs):
        if self.session.status != S.DRAFT:
            messages.error(request, self.not_draft_message())
            return self.to_record()
        return super().get(request, *args, **kwargs)

    def not_draft_message(self) -> str:
        status = self.session.get_status_display().lower()
        if self.session.status == S.SCHEDULED:
            return "Start writing the record first: choose “Write the record”."
        return f"The record is {status}, so it cannot be changed now."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "domains": self.domain_choices()}

    def domain_choices(self):
        # The current PCF version's domains (a queryset: the form validates against it).
        return Capability.objects.filter(
            version__framework__code=PCF_CODE, version__is_current=True
        ).order_by("number")

    def get_initial(self):
        session = self.session
        initial = {name: getattr(session, name) for name in RECORD_FIELDS}
        initial["domains"] = list(session.domains_discussed.values_list("pk", flat=True))
        return initial

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        domains = list(data.pop("domains"))
        try:
            session_record_save(session=self.session, by=self.request.user, domains=domains, **data)
        except RecordLocked:
            return self.refuse_locked()
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The record was saved.")
        return self.to_record()


class SessionActionsView(SessionMixin, FormView):
    """The record's actions: add one, mark one done (or not), remove one."""

    template_name = "supervision/session_actions.html"
    form_class = ActionForm
    action_permission = "supervision.change_session"

    def get(self, request, *args, **kwargs):
        if self.session.status != S.DRAFT:
            messages.error(request, "Actions are changed while the record is being written.")
            return self.to_record()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "people": people_for_actions(self.placement)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            actions=list(self.session.actions.select_related("owner")), **kwargs
        )

    def form_valid(self, form):
        try:
            action_add(session=self.session, by=self.request.user, **form.cleaned_data)
        except RecordLocked:
            return self.refuse_locked()
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The action was added.")
        return redirect("supervision:session_actions", pk=self.session.pk)


class SessionActionChangeView(SessionMixin, View):
    """POST from the actions page: mark an action done or not done, or remove it."""

    http_method_names = ["post"]
    action_permission = "supervision.change_session"

    def post(self, request, *args, **kwargs):
        action = get_object_or_404(
            SupervisionAction.objects.select_related("session"),
            pk=kwargs["action_pk"],
            session=self.session,
        )
        change = kwargs["change"]
        try:
            if change == "done":
                action_mark(action=action, by=request.user, done=True)
                messages.success(request, f"“{action}” is marked as done.")
            elif change == "not-done":
                action_mark(action=action, by=request.user, done=False)
                messages.success(request, f"“{action}” is marked as not done.")
            elif change == "remove":
                action_remove(action=action, by=request.user)
                messages.success(request, f"“{action}” was removed.")
            else:
                raise Http404("Not found")
        except RecordLocked:
            return self.refuse_locked()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.to_record()
        return redirect("supervision:session_actions", pk=self.session.pk)


class SessionReflectView(SessionMixin, FormView):
    """The student writes their reflection while the record waits for them."""

    template_name = "supervision/session_reflect.html"
    form_class = ReflectionForm
    action_permission = "supervision.reflect_on_session"

    def get(self, request, *args, **kwargs):
        if self.session.status != S.AWAITING_STUDENT:
            messages.error(
                request,
                "You add your reflection once the practice educator sends you the record; it "
                f"is {self.session.get_status_display().lower()}.",
            )
            return self.to_record()
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"student_reflection": self.session.student_reflection}

    def form_valid(self, form):
        try:
            session_reflect(
                session=self.session,
                by=self.request.user,
                reflection=form.cleaned_data["student_reflection"],
            )
        except RecordLocked:
            return self.refuse_locked()
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, "Your reflection was saved. Sign the record when you are ready."
        )
        return self.to_record()


class SessionStepView(SessionMixin, FormView):
    """GET: what the move does (with a reason box, and a new slot for a move).
    POST: take it. Signing moves are taken on the signing page."""

    template_name = "supervision/session_step.html"
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

    def form_valid(self, form):
        user, name, data = self.request.user, self.transition.name, form.cleaned_data
        try:
            if name == "start":
                session = session_start(session=self.session, by=user)
            elif name == "move":
                session = session_move(
                    session=self.session,
                    by=user,
                    date=data["date"],
                    starts_at=data["starts_at"],
                    reason=data.get("reason", ""),
                )
            else:
                session = apply_transition(
                    record=self.session, name=name, by=user, reason=data.get("reason", "")
                )
        except RecordLocked:
            return self.refuse_locked()
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.done_message(session))
        if name == "start":
            return redirect("supervision:session_edit", pk=session.pk)
        return self.to_record()

    def done_message(self, session: SupervisionSession) -> str:
        name = self.transition.name
        if name == "start":
            return "The record is open for writing."
        if name == "move":
            return (
                f"The session is moved to {long_date(session.date)} at {session.starts_at:%H:%M}."
            )
        if name == "send_to_student":
            return "The record was sent to the student for their reflection and signature."
        return f"The record is now {session.get_status_display().lower()}."


class SessionSignView(SessionMixin, FormView):
    """GET: what signing means now. POST: sign (the last signature locks the record)."""

    template_name = "supervision/session_sign.html"

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

    def form_valid(self, form):
        try:
            session = sign_record(record=self.session, by=self.request.user)
        except RecordLocked:
            return self.refuse_locked()
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        if session.is_locked:
            messages.success(
                self.request, "You signed the record. It is signed by you both and locked."
            )
        else:
            messages.success(
                self.request, "You signed the record. The practice educator is asked to sign it."
            )
        return self.to_record()


class SessionAmendView(SessionMixin, FormView):
    """The practice educator starts a correction of a locked record."""

    template_name = "supervision/session_amend.html"
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

    def form_valid(self, form):
        try:
            correction = session_amend(
                session=self.session, by=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "The amendment is started. Correct the record, then send it to the student: you "
            "both sign it again. The original stays on record.",
        )
        return redirect("supervision:session_edit", pk=correction.pk)


urlpatterns = [
    path("placements/<int:pk>/", SessionListView.as_view(), name="session_list"),
    path("placements/<int:pk>/book/", SessionCreateView.as_view(), name="session_create"),
    path("sessions/<int:pk>/", SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", SessionEditView.as_view(), name="session_edit"),
    path("sessions/<int:pk>/actions/", SessionActionsView.as_view(), name="session_actions"),
    path(
        "sessions/<int:pk>/actions/<int:action_pk>/<str:change>/",
        SessionActionChangeView.as_view(),
        name="session_action_change",
    ),
    path("sessions/<int:pk>/reflect/", SessionReflectView.as_view(), name="session_reflect"),
    path("sessions/<int:pk>/sign/", SessionSignView.as_view(), name="session_sign"),
    path("sessions/<int:pk>/amend/", SessionAmendView.as_view(), name="session_amend"),
    path("sessions/<int:pk>/<str:name>/", SessionStepView.as_view(), name="session_step"),
]
