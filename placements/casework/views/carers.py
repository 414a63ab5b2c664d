"""A child's parents and carers: adding, changing and removing them (requirement 1).

Each page writes to the child's record: 404 outside the user's scope, 403 unless
they may change the child's details (ChildRecordMixin).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.generic import FormView, TemplateView

from portal.views import ServiceFormMixin

from ..forms.children import CarerForm
from ..models import Carer
from ..services.children import CARER_FIELDS, carer_add, carer_remove, carer_update
from .children import ChildRecordMixin


class CarerAddView(ChildRecordMixin, ServiceFormMixin, FormView):
    template_name = "casework/children/carer_form.html"
    form_class = CarerForm
    read_purpose = "Opened the child's record to add a parent or carer"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Add a parent or carer", button="Add the parent or carer", **kwargs
        )

    def perform(self, form):
        return carer_add(child=self.child, by=self.request.user, **form.cleaned_data)

    def performed(self, form, carer):
        return self.back("The parent or carer is added.")


class CarerMixin(ChildRecordMixin):
    read_record = "carer"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.carer = get_object_or_404(Carer, pk=kwargs["carer_pk"], child_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(carer=self.carer, **kwargs)


class CarerUpdateView(CarerMixin, ServiceFormMixin, FormView):
    template_name = "casework/children/carer_form.html"
    form_class = CarerForm
    read_purpose = "Opened a parent's or carer's details to change them"

    def get_initial(self):
        return {name: getattr(self.carer, name) for name in CARER_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Change a parent's or carer's details", button="Save the changes", **kwargs
        )

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in CARER_FIELDS}
        return carer_update(carer=self.carer, by=self.request.user, **changes)

    def performed(self, form, carer):
        return self.back("The parent's or carer's details are saved.")


class CarerRemoveView(CarerMixin, TemplateView):
    """Confirmation page: removing a carer cannot be undone on the page."""

    template_name = "casework/children/carer_remove.html"
    read_purpose = "Opened a parent's or carer's details to remove them"

    def post(self, request, *args, **kwargs):
        carer_remove(carer=self.carer, by=request.user)
        return self.back("The parent or carer is removed from the child's record.")


urlpatterns = [
    path("children/<int:pk>/carers/new/", CarerAddView.as_view(), name="carer_add"),
    path(
        "children/<int:pk>/carers/<int:carer_pk>/edit/",
        CarerUpdateView.as_view(),
        name="carer_update",
    ),
    path(
        "children/<int:pk>/carers/<int:carer_pk>/remove/",
        CarerRemoveView.as_view(),
        name="carer_remove",
    ),
]
