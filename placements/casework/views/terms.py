"""Casework pages: a school's term dates (issue 22, requirement 8).

The school's contacts, the co-ordinators of a service holding records of its
pupils and admins manage its terms and the holidays within them (half-terms,
INSET days). Direct-work sessions are planned on days the school is open
(selectors.terms.SchoolCalendar). Another school's contact gets 404, a role that
manages no school's dates 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.accounts.models import Organisation
from portal.permissions import RecordMixin, require_permission
from portal.views import ServiceFormMixin, run_action

from ..forms.terms import HolidayForm, TermForm
from ..models import TermHoliday
from ..selectors import terms as reads
from ..services.terms import MANAGE, holiday_add, holiday_delete, term_delete, term_save


class SchoolMixin(RecordMixin):
    scope_permission = MANAGE

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_permission(request.user, MANAGE)
        self.school = self.found(
            Organisation.objects.filter(
                kind=Organisation.Kind.SCHOOL, pk=kwargs["school_pk"]
            ).first()
        )
        if "term_pk" in kwargs:
            self.term = reads.term_of(self.school, kwargs["term_pk"])
            if self.term is None:
                raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)

    def terms_url(self) -> str:
        return reverse("casework:school_terms", args=[self.school.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(school=self.school, back_url=self.terms_url(), **kwargs)


class SchoolTermsView(SchoolMixin, TemplateView):
    template_name = "casework/terms/school_terms.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms=reads.terms_of(self.school), **kwargs)


class TermFormView(SchoolMixin, ServiceFormMixin, FormView):
    template_name = "casework/terms/term_form.html"
    form_class = TermForm
    term = None

    def get_initial(self):
        if self.term is None:
            return {}
        return {
            "name": self.term.name,
            "starts_on": self.term.starts_on,
            "ends_on": self.term.ends_on,
        }

    def get_context_data(self, **kwargs):
        title = f"Change {self.term.name}" if self.term else "Add a term"
        return super().get_context_data(title=title, term=self.term, **kwargs)

    def perform(self, form):
        return term_save(
            by=self.request.user, school=self.school, term=self.term, **form.cleaned_data
        )

    def performed(self, form, term):
        messages.success(self.request, f"{term.name} is saved.")
        return redirect(self.terms_url())


class HolidayCreateView(SchoolMixin, ServiceFormMixin, FormView):
    template_name = "casework/terms/holiday_form.html"
    form_class = HolidayForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(term=self.term, **kwargs)

    def perform(self, form):
        return holiday_add(by=self.request.user, term=self.term, **form.cleaned_data)

    def performed(self, form, holiday):
        messages.success(self.request, f"{holiday} is added to {self.term.name}.")
        return redirect(self.terms_url())


class TermDeleteView(SchoolMixin, TemplateView):
    """Asks first (GET), then removes a term and its holidays (POST)."""

    template_name = "casework/terms/term_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(term=self.term, **kwargs)

    def post(self, request, *args, **kwargs):
        name = self.term.name
        return run_action(
            request,
            lambda: term_delete(by=request.user, term=self.term),
            success=f"{name} is removed.",
            then=self.terms_url(),
        )


class HolidayDeleteView(SchoolMixin, View):
    """POST only: removes a holiday from a term."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        holiday = TermHoliday.objects.filter(term=self.term, pk=kwargs["holiday_pk"]).first()
        if holiday is None:
            raise Http404("Not found")
        return run_action(
            request,
            lambda: holiday_delete(by=request.user, holiday=holiday),
            success=f"{holiday.name} is removed from {self.term.name}.",
            then=self.terms_url(),
        )


SCHOOL = "plans/schools/<int:school_pk>/terms/"
urlpatterns = [
    path(SCHOOL, SchoolTermsView.as_view(), name="school_terms"),
    path(f"{SCHOOL}new/", TermFormView.as_view(), name="term_create"),
    path(f"{SCHOOL}<int:term_pk>/change/", TermFormView.as_view(), name="term_update"),
    path(f"{SCHOOL}<int:term_pk>/remove/", TermDeleteView.as_view(), name="term_delete"),
    path(
        f"{SCHOOL}<int:term_pk>/holidays/new/", HolidayCreateView.as_view(), name="holiday_create"
    ),
    path(
        f"{SCHOOL}<int:term_pk>/holidays/<int:holiday_pk>/remove/",
        HolidayDeleteView.as_view(),
        name="holiday_delete",
    ),
]
