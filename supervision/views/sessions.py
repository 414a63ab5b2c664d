"""Pages of supervision records: a placement's supervision log, one record, and
what is written on it (booking, writing, actions, the student's reflection).
Each move of the transition table, signing and amending are in views.workflow.

Everyone who sees the placement reads its records (supervision.rules); people
outside its scope get 404, and a page for something the user may not do
answers 403. Every write goes through supervision.services. A locked record
is evidence: each writing page sends the user back to the record with the
lock message and changes nothing (the services refuse too, should two people
race).
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView, View

from placements.models import Capability, Placement
from placements.selectors.review import PCF_CODE
from portal import signatures
from portal.dates import long_date
from portal.drafts import DraftRestoreMixin
from portal.locking import RecordLocked
from portal.permissions import ObjectPermissionMixin
from portal.views import ServiceFormMixin, run_action

from ..forms.sessions import (
    ActionForm,
    SessionBookForm,
    SessionRecordForm,
)
from ..forms.workflow import ReflectionForm
from ..models import SupervisionAction, SupervisionSession
from ..selectors.sessions import sessions_for_placement
from ..services.sessions import (
    RECORD_FIELDS,
    action_add,
    action_mark,
    action_remove,
    session_create,
    session_record_save,
    session_reflect,
)
from ..transitions import available
from . import chosen_statuses

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
    template_name = "supervision/sessions/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        sessions = sessions_for_placement(self.placement, user).select_related("amendment")
        statuses = chosen_statuses(self.request, SupervisionSession.Status)
        if statuses:
            sessions = sessions.filter(status__in=statuses)
        page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            statuses=[SupervisionSession.Status(value).label for value in statuses],
            can_book=user.has_perm("supervision.add_session", self.placement),
            is_student=self.placement.student_id == user.pk,
            **kwargs,
        )


class SessionCreateView(PlacementSessionsMixin, ServiceFormMixin, FormView):
    """The practice educator books a session besides the weekly ones."""

    template_name = "supervision/sessions/create.html"
    form_class = SessionBookForm
    action_permission = "supervision.add_session"

    def get_initial(self):
        return {"duration_minutes": self.placement.course.weekly_supervision_minutes}

    def perform(self, form):
        return session_create(placement=self.placement, by=self.request.user, **form.cleaned_data)

    def performed(self, form, session):
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


class SessionFormMixin(SessionMixin, ServiceFormMixin):
    """A form on one record: a service's refusal of a locked record sends the user back
    to it with the lock message; any other refusal lands on the form."""

    record_refusals = (RecordLocked,)

    def refused(self, error):
        return self.refuse_locked()


class SessionDetailView(SessionMixin, TemplateView):
    template_name = "supervision/sessions/detail.html"
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


class SessionEditView(DraftRestoreMixin, SessionFormMixin, FormView):
    """The practice educator writes the record while it is being written (their
    draft, kept as they type by views.drafts, comes back into the form)."""

    template_name = "supervision/sessions/edit.html"
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

    def perform(self, form):
        data = dict(form.cleaned_data)
        domains = list(data.pop("domains"))
        return session_record_save(
            session=self.session, by=self.request.user, domains=domains, **data
        )

    def performed(self, form, session):
        messages.success(self.request, "The record was saved.")
        return self.to_record()


class SessionActionsView(SessionFormMixin, FormView):
    """The record's actions: add one, mark one done (or not), remove one."""

    template_name = "supervision/sessions/actions.html"
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

    def perform(self, form):
        return action_add(session=self.session, by=self.request.user, **form.cleaned_data)

    def performed(self, form, action):
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
        if change in ("done", "not-done"):
            write = partial(action_mark, action=action, by=request.user, done=change == "done")
            success = f"“{action}” is marked as {change.replace('-', ' ')}."
        elif change == "remove":
            write = partial(action_remove, action=action, by=request.user)
            success = f"“{action}” was removed."
        else:
            raise Http404("Not found")
        # A refusal (a locked record among them) goes back to the record with its reason.
        return run_action(
            request,
            write,
            success=success,
            then=reverse("supervision:session_actions", args=[self.session.pk]),
            refused_to=reverse("supervision:session_detail", args=[self.session.pk]),
        )


class SessionReflectView(SessionFormMixin, FormView):
    """The student writes their reflection while the record waits for them."""

    template_name = "supervision/sessions/reflect.html"
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

    def perform(self, form):
        return session_reflect(
            session=self.session,
            by=self.request.user,
            reflection=form.cleaned_data["student_reflection"],
        )

    def performed(self, form, session):
        messages.success(
            self.request, "Your reflection was saved. Sign the record when you are ready."
        )
        return self.to_record()


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
]
