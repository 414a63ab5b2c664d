"""Casework pages: the schools a service works with (models.SchoolService).

A service's co-ordinators (and admins) say which schools work with it, for each
kind of support; a school's request form offers only those (a school with none
recorded may ask any service for direct work). Reached from the co-ordinator's
requests panel. A role that co-ordinates no service gets 403, another service's
link 404 (rules.school_services).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.views.generic import FormView, TemplateView

from portal.permissions import PermissionMixin, RecordMixin, require_permission
from portal.views import FilteredListMixin, ServiceFormMixin, run_action

from ..forms.school_services import SchoolServiceForm
from ..rules.school_services import MANAGE
from ..selectors import school_services as reads
from ..services.school_services import kind_words, school_service_add, school_service_remove

LIST_URL = reverse_lazy("casework:school_service_list")


class SchoolServiceListView(PermissionMixin, FilteredListMixin, TemplateView):
    template_name = "casework/school_services/school_service_list.html"
    permission_required = MANAGE
    per_page = 50

    def get_context_data(self, **kwargs):
        services = list(reads.managed_services(self.request.user))
        page = self.page_of(reads.links_of(self.request.user))
        return super().get_context_data(
            page_obj=page,
            links=page.object_list,
            services=services,
            shows_service=len(services) > 1,
            **kwargs,
        )


class SchoolServiceAddView(PermissionMixin, ServiceFormMixin, FormView):
    template_name = "casework/school_services/school_service_form.html"
    permission_required = MANAGE
    form_class = SchoolServiceForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "schools": reads.schools(),
            "services": reads.managed_services(self.request.user),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(back_url=LIST_URL, **kwargs)

    def perform(self, form):
        return school_service_add(by=self.request.user, **form.service_kwargs())

    def performed(self, form, link):
        messages.success(
            self.request,
            f"{link.school.name} now works with {link.service.name} for {kind_words(link.kind)}.",
        )
        return redirect(LIST_URL)


class SchoolServiceRemoveView(RecordMixin, TemplateView):
    """Asks first (GET), then removes the link (POST)."""

    template_name = "casework/school_services/school_service_remove.html"
    scope_permission = MANAGE
    find = staticmethod(reads.link_for_page)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_permission(request.user, MANAGE)
        self.link = self.load(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        link = self.link
        return super().get_context_data(
            link=link,
            kind=kind_words(link.kind),
            last_link=reads.is_schools_last_link(link),
            back_url=reverse("casework:school_service_list"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        link = self.link
        return run_action(
            request,
            lambda: school_service_remove(by=request.user, link=link),
            success=f"{link.school.name} no longer works with {link.service.name} "
            f"for {kind_words(link.kind)}.",
            then=reverse("casework:school_service_list"),
        )


urlpatterns = [
    path("requests/schools/", SchoolServiceListView.as_view(), name="school_service_list"),
    path("requests/schools/new/", SchoolServiceAddView.as_view(), name="school_service_add"),
    path(
        "requests/schools/<int:pk>/remove/",
        SchoolServiceRemoveView.as_view(),
        name="school_service_remove",
    ),
]
