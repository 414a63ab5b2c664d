"""Allocating work with a child to a student, and ending it (requirement 1)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.views.generic import FormView

from portal.dates import long_date
from portal.views import ServiceFormMixin

from ..forms.children import AllocationEndForm, AllocationForm
from ..models import Allocation
from ..selectors import requests as requests_selectors
from ..services.children import allocation_create, allocation_end
from .children import ChildRecordMixin, may_allocate


class AllocationCreateView(ChildRecordMixin, ServiceFormMixin, FormView):
    template_name = "casework/allocation/allocation_form.html"
    form_class = AllocationForm
    action_permission = None
    read_purpose = "Opened the child's record to allocate work"

    def get(self, request, *args, **kwargs):
        self._refuse_unless_allocator()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._refuse_unless_allocator()
        return super().post(request, *args, **kwargs)

    def _refuse_unless_allocator(self):
        if not may_allocate(self.request.user, self.child):
            raise PermissionDenied(
                "Only a co-ordinator of the organisation holding the child's record, or an "
                "administrator, can allocate work with a child."
            )

    def get_form_kwargs(self):
        # Only the placements at the service holding the record on which this person
        # may allocate: nobody outside their scope is offered (issue 13).
        service, user = self.child.held_by, self.request.user
        return {
            **super().get_form_kwargs(),
            "placements": requests_selectors.triage_placements(service, by=user),
            "educators": requests_selectors.triage_educators(service, by=user),
        }

    def get_initial(self):
        return {"starts_on": timezone.localdate()}

    def perform(self, form):
        data = form.cleaned_data
        placement = data["placement"]
        return allocation_create(
            by=self.request.user,
            child=self.child,
            student=placement.student,
            placement=placement,
            starts_on=data["starts_on"],
            practice_educator=data.get("practice_educator"),
        )

    def performed(self, form, allocation):
        return self.back(f"Work with the child is allocated to {allocation.student}.")


class AllocationEndView(ChildRecordMixin, ServiceFormMixin, FormView):
    """Confirmation page with the last day of the work."""

    template_name = "casework/allocation/allocation_end.html"
    form_class = AllocationEndForm
    action_permission = None
    read_purpose = "Opened the child's record to end allocated work"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.allocation = get_object_or_404(
            Allocation.objects.select_related("student", "practice_educator", "placement"),
            pk=kwargs["allocation_pk"],
            child_id=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def _refuse_unless_allowed(self):
        if not self.request.user.has_perm("casework.end_allocation", self.allocation):
            raise PermissionDenied(
                "Only the practice educator overseeing the work, a co-ordinator of the "
                "placement's host organisation, or an administrator can end it."
            )

    def get(self, request, *args, **kwargs):
        self._refuse_unless_allowed()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._refuse_unless_allowed()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"ends_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(allocation=self.allocation, **kwargs)

    def perform(self, form):
        return allocation_end(
            allocation=self.allocation, by=self.request.user, ends_on=form.cleaned_data["ends_on"]
        )

    def performed(self, form, allocation):
        ends_on = form.cleaned_data["ends_on"]
        return self.back(f"The work with {self.allocation.student} ends on {long_date(ends_on)}.")


urlpatterns = [
    path(
        "children/<int:pk>/allocations/new/",
        AllocationCreateView.as_view(),
        name="allocation_create",
    ),
    path(
        "children/<int:pk>/allocations/<int:allocation_pk>/end/",
        AllocationEndView.as_view(),
        name="allocation_end",
    ),
]
