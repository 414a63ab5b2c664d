"""Students as co-facilitators (issue 18, requirement 8).

- On a group session's page a co-ordinator of the provider adds a student on
  placement with the provider (to this session, or to it and every later session
  of the group within the placement) and takes a student off.
- A student sees the sessions they co-facilitate (the day, the group and how many
  parents came: nobody's name) and starts a PCF evidence item from one they took
  part in. The evidence form and its service apply the anonymisation guard.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from placements.services.evidence import evidence_start_url
from portal.accounts.models import User
from portal.dates import long_date
from portal.permissions import ObjectPermissionMixin, PermissionMixin, RecordActionMixin
from portal.views import ServiceFormMixin, run_action

from ..evidence import evidence_prefill_for_group
from ..forms.delivery import CofacilitatorForm
from ..models import GroupSession
from ..selectors import cofacilitation as reads
from ..services.cofacilitation import cofacilitator_add, cofacilitator_remove
from .groups import MANAGE_GROUPS, VIEW, GroupSessionMixin

PER_PAGE = 25


class CofacilitatorAddView(GroupSessionMixin, ServiceFormMixin, FormView):
    """POST from the session page (GET shows the same form on its own page)."""

    template_name = "programmes/delivery/cofacilitator_add.html"
    form_class = CofacilitatorForm
    action_permission = MANAGE_GROUPS

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "students": reads.students_who_may_join(self.group_session),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.group_session, **kwargs)

    def perform(self, form):
        return cofacilitator_add(
            group_session=self.group_session,
            student=form.chosen_student(),
            later=bool(form.cleaned_data.get("later")),
            by=self.request.user,
        )

    def performed(self, form, added):
        name = form.chosen_student().name
        if added == 1:
            text = f"{name} is added to this session."
        else:
            text = f"{name} is added to this session and {added - 1} later ones."
        messages.success(self.request, text)
        return self.back()


class CofacilitatorRemoveView(ObjectPermissionMixin, View):
    """POST: take a student off a session."""

    scope_permission = VIEW
    action_permission = MANAGE_GROUPS

    def post(self, request, pk, student_pk):
        session = self.check_object(
            get_object_or_404(GroupSession.objects.select_related("programme"), pk=pk)
        )
        student = get_object_or_404(User, pk=student_pk)
        return run_action(
            request,
            lambda: cofacilitator_remove(group_session=session, student=student, by=request.user),
            success=f"{student.name} is taken off this session.",
            then=reverse("programmes:group_detail", args=[session.pk]),
        )


class MyGroupsView(PermissionMixin, TemplateView):
    """The student's own list of the sessions they co-facilitate."""

    template_name = "programmes/delivery/my_groups.html"
    permission_required = "programmes.list_co_facilitated"

    def get_context_data(self, **kwargs):
        sessions = reads.sessions_of_student(self.request.user)
        page = Paginator(sessions, PER_PAGE).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page, query="", today=timezone.localdate(), **kwargs
        )


class EvidenceFromGroupView(RecordActionMixin, View):
    """GET: the evidence form, started with a description of the session."""

    record_name = "group_session"
    scope_permission = "programmes.co_facilitate"
    find = staticmethod(reads.group_session_for_student)

    def get(self, request, *args, **kwargs):
        session = self.group_session
        back = redirect("programmes:my_groups")
        if session.status != GroupSession.Status.SCHEDULED:
            messages.error(request, "The session was cancelled, so there is no work to write up.")
            return back
        if session.on > timezone.localdate():
            messages.error(
                request,
                f"The session is on {long_date(session.on)}: write about it once it has been held.",
            )
            return back
        placement = reads.placement_for_session(request.user, session)
        if placement is None:
            messages.error(
                request,
                f"Your placement with {session.programme.provider.name} is not under way, so "
                "evidence cannot be started from this session.",
            )
            return back
        return redirect(
            evidence_start_url(
                placement, evidence_prefill_for_group(session, present=session.present)
            )
        )


urlpatterns = [
    path(
        "groups/<int:pk>/students/",
        CofacilitatorAddView.as_view(),
        name="cofacilitator_add",
    ),
    path(
        "groups/<int:pk>/students/<int:student_pk>/remove/",
        CofacilitatorRemoveView.as_view(),
        name="cofacilitator_remove",
    ),
    path("my-groups/", MyGroupsView.as_view(), name="my_groups"),
    path(
        "my-groups/<int:pk>/evidence/", EvidenceFromGroupView.as_view(), name="evidence_from_group"
    ),
]
