"""Casework pages: schools' designated safeguarding leads (issue 6, requirement 6).

Co-ordinators of a service holding records of a school's pupils (and admins)
name the school's designated safeguarding lead, who is told of every concern.
The addresses are in views.safeguarding with the concerns' pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from portal.accounts.models import Organisation
from portal.permissions import PermissionMixin, RecordMixin, require_permission
from portal.views import ServiceFormMixin

from ..forms.safeguarding import SchoolLeadForm
from ..selectors import safeguarding as reads
from ..services.safeguarding import school_safeguarding_lead_set


class SchoolSafeguardingListView(PermissionMixin, TemplateView):
    template_name = "casework/safeguarding/school_list.html"
    permission_required = "casework.set_school_lead"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(reads.partner_schools_for(self.request.user), 25).get_page(
            self.request.GET.get("page")
        )
        context.update(page_obj=page, schools=page.object_list)
        return context


class SchoolSafeguardingView(RecordMixin, ServiceFormMixin, FormView):
    template_name = "casework/safeguarding/school_form.html"
    form_class = SchoolLeadForm
    scope_permission = "casework.set_school_lead"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require_permission(request.user, "casework.set_school_lead")
        self.school = self.found(
            Organisation.objects.filter(kind=Organisation.Kind.SCHOOL, pk=kwargs["school_pk"])
            .select_related("school_profile__safeguarding_lead")
            .first()
        )
        self.contacts = reads.school_contacts_of(self.school)
        return super().dispatch(request, *args, **kwargs)

    def profile(self):
        return getattr(self.school, "school_profile", None)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "contacts": self.contacts}

    def get_initial(self):
        profile = self.profile()
        if profile is None:
            return {}
        return {
            "safeguarding_lead": profile.safeguarding_lead_id,
            "safeguarding_lead_name": profile.safeguarding_lead_name,
            "safeguarding_lead_email": profile.safeguarding_lead_email,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            school=self.school, profile=self.profile(), contacts=self.contacts, **kwargs
        )

    def perform(self, form):
        data = form.cleaned_data
        return school_safeguarding_lead_set(
            by=self.request.user,
            school=self.school,
            lead=data.get("safeguarding_lead"),
            lead_name=data["safeguarding_lead_name"],
            lead_email=data["safeguarding_lead_email"],
        )

    def performed(self, form, result):
        messages.success(
            self.request, f"The designated safeguarding lead of {self.school.name} is saved."
        )
        return redirect("casework:school_safeguarding_list")
