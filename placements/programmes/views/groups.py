"""Group pages (issue 18, requirement 4): a programme's group sessions (filtered
by month and strand, with the form co-ordinators generate them with), and one
session's page: its register, its creche places and cancelling it.

Reading a register writes an access-log row. A programme or session outside the
user's programmes is a 404; an action their role does not allow, a 403.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.audit.services import record_access
from portal.dates import add_months, long_date, month_year
from portal.permissions import ObjectPermissionMixin, RecordActionMixin, require_object_permission
from portal.views import ServiceFormMixin, run_action

from ..forms.delivery import (
    CancelSessionForm,
    CofacilitatorForm,
    CrecheBookForm,
    GenerateSessionsForm,
    RegisterForm,
)
from ..models import CrecheBooking, GroupSession
from ..selectors import delivery as reads
from ..selectors.cofacilitation import students_who_may_join
from ..selectors.programmes import programme_for_slug
from ..services.groups import (
    creche_book,
    creche_cancel,
    group_session_cancel,
    group_sessions_generate,
    register_take,
)

VIEW = "programmes.view_referral"
VIEW_PROGRAMME = "programmes.view_programme"
TAKE_REGISTER = "programmes.take_register"
MANAGE_GROUPS = "programmes.manage_groups"
REGISTER_PURPOSE = "Viewed a group session's register"
PER_PAGE = 25


class ProgrammePageMixin(RecordActionMixin):
    record_name = "programme"
    lookup_kwarg = "slug"
    scope_permission = VIEW_PROGRAMME
    find = staticmethod(programme_for_slug)

    def back(self):
        return redirect("programmes:group_list", slug=self.programme.slug)


def _month(value: str) -> date | None:
    try:
        year, month = (int(part) for part in value.split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


class GroupListView(ProgrammePageMixin, TemplateView):
    template_name = "programmes/delivery/group_list.html"

    def get_context_data(self, **kwargs):
        programme = self.programme
        month = _month(self.request.GET.get("month", "")) or timezone.localdate().replace(day=1)
        strands = list(programme.strands.all())
        strand = next((s for s in strands if str(s.pk) == self.request.GET.get("strand")), None)
        sessions = reads.group_sessions_of(programme, month=month, strand=strand)
        page = Paginator(sessions, PER_PAGE).get_page(self.request.GET.get("page"))
        query = f"month={month:%Y-%m}" + (f"&strand={strand.pk}" if strand else "")
        return super().get_context_data(
            programme=programme,
            month=month,
            month_label=month_year(month),
            previous_month=f"{add_months(month, -1):%Y-%m}",
            next_month=f"{add_months(month, 1):%Y-%m}",
            strands=strands,
            strand=strand,
            page_obj=page,
            query=query,
            can_generate=self.request.user.has_perm(MANAGE_GROUPS, programme),
            generate_form=GenerateSessionsForm(),
            **kwargs,
        )


class GenerateSessionsView(ProgrammePageMixin, ServiceFormMixin, FormView):
    template_name = "programmes/delivery/generate.html"
    form_class = GenerateSessionsForm
    action_permission = MANAGE_GROUPS

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return group_sessions_generate(
            programme=self.programme,
            start=data.get("start"),
            end=data.get("end"),
            by=self.request.user,
        )

    def performed(self, form, created):
        start = form.cleaned_data["start"]
        if created:
            noun = "session" if created == 1 else "sessions"
            text = f"{created} group {noun} added from {long_date(start)}."
        else:
            text = "Every session in those dates exists already: nothing was added."
        messages.success(self.request, text)
        response = self.back()
        response["Location"] += f"?month={start:%Y-%m}"
        return response


class GroupSessionMixin(RecordActionMixin):
    record_name = "group_session"
    scope_permission = VIEW
    find = staticmethod(reads.group_session_for_page)

    def back(self):
        return redirect("programmes:group_detail", pk=self.group_session.pk)

    def log_read(self):
        record_access(
            self.request.user, self.group_session, REGISTER_PURPOSE, path=self.request.path
        )


class GroupDetailView(GroupSessionMixin, ServiceFormMixin, FormView):
    """The register: a mark for each parent expected (POST takes it)."""

    template_name = "programmes/delivery/group_detail.html"
    form_class = RegisterForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._expected = None

    def expected(self):
        if self._expected is None:
            self._expected = list(
                reads.expected_at(self.group_session).prefetch_related("referral__children")
            )
        return self._expected

    def get(self, request, *args, **kwargs):
        self.log_read()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        require_object_permission(request.user, self.group_session, TAKE_REGISTER, scope=VIEW)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expected": self.expected()}

    def get_initial(self):
        return {f"mark_{pk}": mark for pk, mark in reads.marks_of(self.group_session).items()}

    def get_context_data(self, **kwargs):
        user = self.request.user
        session = self.group_session
        programme = session.programme
        bookings = list(session.creche_bookings.all())
        booked = {booking.child_id for booking in bookings}
        children = [
            child
            for enrolment in self.expected()
            for child in enrolment.referral.children.all()
            if child.pk not in booked
        ]
        scheduled = session.status == GroupSession.Status.SCHEDULED
        may_register = user.has_perm(TAKE_REGISTER, session)
        manages = user.has_perm(MANAGE_GROUPS, session)
        joiners = students_who_may_join(session) if manages and scheduled else []
        return super().get_context_data(
            co_facilitators=list(session.students.all()),
            can_manage_students=manages and scheduled,
            cofacilitator_form=CofacilitatorForm(students=joiners) if joiners else None,
            session=session,
            programme=programme,
            expected=self.expected(),
            bookings=bookings,
            places_left=max((programme.creche_places or 0) - len(bookings), 0),
            creche_form=CrecheBookForm(children=children) if children else None,
            can_register=may_register and scheduled and session.on <= timezone.localdate(),
            can_book=may_register and scheduled and programme.has_creche,
            can_cancel=scheduled and session.register_taken_at is None and manages,
            **kwargs,
        )

    def perform(self, form):
        return register_take(
            group_session=self.group_session, marks=form.marks(), by=self.request.user
        )

    def performed(self, form, session):
        messages.success(self.request, "The register is saved.")
        return self.back()


class CrecheBookView(GroupSessionMixin, ServiceFormMixin, FormView):
    """POST from the session page: a place for a child (GET goes back to the page)."""

    template_name = "programmes/delivery/creche_book.html"
    form_class = CrecheBookForm
    action_permission = TAKE_REGISTER

    def get(self, request, *args, **kwargs):
        return self.back()

    def children(self):
        return [
            child
            for enrolment in reads.expected_at(self.group_session).prefetch_related(
                "referral__children"
            )
            for child in enrolment.referral.children.all()
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "children": self.children()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.group_session, **kwargs)

    def perform(self, form):
        return creche_book(
            group_session=self.group_session, child=form.chosen_child(), by=self.request.user
        )

    def performed(self, form, booking):
        messages.success(self.request, "The creche place is booked.")
        return self.back()


class GroupSessionCancelView(GroupSessionMixin, ServiceFormMixin, FormView):
    """The confirmation page: the reason, then the session is cancelled."""

    template_name = "programmes/delivery/group_cancel.html"
    form_class = CancelSessionForm
    action_permission = MANAGE_GROUPS

    def get(self, request, *args, **kwargs):
        self.log_read()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.group_session, **kwargs)

    def perform(self, form):
        return group_session_cancel(
            group_session=self.group_session,
            reason=form.cleaned_data.get("reason") or "",
            by=self.request.user,
        )

    def performed(self, form, session):
        messages.success(self.request, f"The session on {long_date(session.on)} is cancelled.")
        return self.back()


class CrecheCancelView(ObjectPermissionMixin, View):
    """POST: give up a creche place."""

    scope_permission = VIEW
    action_permission = TAKE_REGISTER

    def post(self, request, pk):
        booking = self.check_object(
            get_object_or_404(CrecheBooking.objects.select_related("group_session"), pk=pk)
        )
        return run_action(
            request,
            lambda: creche_cancel(booking=booking, by=request.user),
            success="The creche place is cancelled.",
            then=reverse("programmes:group_detail", args=[booking.group_session_id]),
        )


urlpatterns = [
    path("programmes/<slug:slug>/groups/", GroupListView.as_view(), name="group_list"),
    path(
        "programmes/<slug:slug>/groups/generate/",
        GenerateSessionsView.as_view(),
        name="group_sessions_generate",
    ),
    path("groups/<int:pk>/", GroupDetailView.as_view(), name="group_detail"),
    path("groups/<int:pk>/cancel/", GroupSessionCancelView.as_view(), name="group_session_cancel"),
    path("groups/<int:pk>/creche/", CrecheBookView.as_view(), name="creche_book"),
    path("creche/<int:pk>/cancel/", CrecheCancelView.as_view(), name="creche_cancel"),
]
