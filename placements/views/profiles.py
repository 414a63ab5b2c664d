"""People a co-ordinator works with, and their practice-learning profiles."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import FormView, TemplateView

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.permissions import ObjectPermissionMixin, PermissionMixin
from portal.views import ServiceFormMixin

from ..forms.profiles import (
    EducatorProfileForm,
    OwnEducatorProfileForm,
    PeopleFilterForm,
    StudentProfileForm,
)
from ..models import EducatorProfile
from ..selectors.profiles import people_for_coordination
from ..services import profiles


class PeopleView(PermissionMixin, TemplateView):
    template_name = "placements/profiles/people.html"
    permission_required = "placements.view_people"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PeopleFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        role = filters.get("role") or Role.STUDENT
        people = people_for_coordination(self.request.user, role=role, q=filters.get("q", ""))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            role=role,
            page_obj=Paginator(people, 25).get_page(self.request.GET.get("page")),
            query=query.urlencode(),
        )
        return context


class ProfileEditView(ObjectPermissionMixin, ServiceFormMixin, FormView):
    """Create or change one person's profile (student or practice educator)."""

    scope_permission = "accounts.view_user"
    action_permission = "placements.edit_profile"
    kind = ""  # "student" or "educator"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.person = self.check_object(get_object_or_404(User, pk=kwargs["user_pk"]))
        return super().dispatch(request, *args, **kwargs)

    @property
    def profile(self):
        return getattr(self.person, f"{self.kind}_profile", None)

    def get_form_class(self):
        return StudentProfileForm if self.kind == "student" else EducatorProfileForm

    def get_template_names(self):
        return ["placements/profiles/profile_form.html"]

    def get_initial(self):
        return model_to_dict(self.profile) if self.profile else {}

    def get_context_data(self, **kwargs):
        title = "Student profile" if self.kind == "student" else "Practice educator profile"
        return super().get_context_data(person=self.person, title=title, **kwargs)

    def perform(self, form):
        save = (
            profiles.student_profile_save
            if self.kind == "student"
            else profiles.educator_profile_save
        )
        return save(person=self.person, by=self.request.user, **form.cleaned_data)

    def performed(self, form, result):
        messages.success(self.request, f"{self.person}'s profile was saved.")
        role = "student" if self.kind == "student" else "practice_educator"
        return redirect(f"{reverse('placements:people')}?role={role}")


class OwnEducatorProfileView(PermissionMixin, ServiceFormMixin, FormView):
    """A new practice educator completes their own profile (they are sent here after
    accepting their invitation, and "Waiting for you" lists it until it is done).
    Once complete the page shows it; changes go through their co-ordinator."""

    template_name = "placements/profiles/own_profile.html"
    form_class = OwnEducatorProfileForm
    permission_required = "placements.complete_own_profile"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.profile = EducatorProfile.objects.filter(user=request.user).first()
        return super().dispatch(request, *args, **kwargs)

    @property
    def complete(self) -> bool:
        return self.profile is not None and self.profile.dbs_checked_on is not None

    def get_initial(self):
        return model_to_dict(self.profile) if self.profile else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, complete=self.complete, **kwargs)

    def perform(self, form):
        return profiles.educator_profile_complete(
            person=self.request.user, by=self.request.user, **form.cleaned_data
        )

    def performed(self, form, result):
        messages.success(
            self.request,
            "Your profile is complete. Your placement co-ordinator can now give you students.",
        )
        return redirect("portal:dashboard")


urlpatterns = [
    path("my-profile/", OwnEducatorProfileView.as_view(), name="own_educator_profile"),
    path("people/", PeopleView.as_view(), name="people"),
    path(
        "people/<int:user_pk>/student-profile/",
        ProfileEditView.as_view(kind="student"),
        name="student_profile",
    ),
    path(
        "people/<int:user_pk>/educator-profile/",
        ProfileEditView.as_view(kind="educator"),
        name="educator_profile",
    ),
]
