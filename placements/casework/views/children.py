"""Children's records: the list (initials and references only) and each child's page.

Every view of a child's page writes an access-log row; a child outside the
user's scope answers 404 before anything is read or logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.dates import long_date
from portal.forms import apply_validation_error
from portal.permissions import ObjectPermissionMixin, PermissionMixin

from .. import selectors
from ..forms.children import (
    AllocationEndForm,
    AllocationForm,
    CarerForm,
    ChildFilterForm,
    ChildForm,
)
from ..models import Allocation, Carer, Child
from ..models.children import CHILD_DETAILS
from ..rules import HOLDING_KINDS, can_write_child, coordinates_a_holding_organisation
from ..selectors import requests as requests_selectors
from ..services.children import (
    CARER_FIELDS,
    CHILD_FIELDS,
    allocation_create,
    allocation_end,
    carer_add,
    carer_remove,
    carer_update,
    child_create,
    child_update,
)

VIEW_PURPOSE = "Viewed the child's record"


# --- sections other parts of the work add to the child's page -----------------------


@dataclass(frozen=True)
class ChildPage:
    """What a section provider knows about the page being shown."""

    user: object
    child: object
    can_write: bool
    school_view: bool  # a school contact's limited page (never assessments)


SectionProvider = Callable[[ChildPage], dict | None]


@dataclass(frozen=True)
class _Section:
    slot: str
    order: int
    template: str
    provider: SectionProvider


_sections: list[_Section] = []
SLOTS = ("top", "main")


def child_page_section(template: str, *, slot: str = "main", order: int = 50):
    """Register a function(ChildPage) -> dict | None that feeds one section of the
    child's page; None leaves the section out. `slot` "top" sections come before
    the child's details (safeguarding concerns), "main" ones after the carers.
    Each provider keeps to a fixed number of queries."""
    if slot not in SLOTS:
        raise ValueError(f"slot must be one of {SLOTS}")

    def decorate(provider: SectionProvider) -> SectionProvider:
        _sections.append(_Section(slot, order, template, provider))
        _sections.sort(key=lambda section: (section.order, section.template))
        return provider

    return decorate


def sections_for(page: ChildPage) -> dict[str, list[dict]]:
    shown: dict[str, list[dict]] = {slot: [] for slot in SLOTS}
    for section in _sections:
        context = section.provider(page)
        if context is not None:
            shown[section.slot].append({"template": section.template, **context})
    return shown


class ChildListView(PermissionMixin, TemplateView):
    template_name = "casework/child_list.html"
    permission_required = "casework.list_children"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = ChildFilterForm(
            self.request.GET or None, schools=selectors.schools_of_visible_children(user)
        )
        filters = form.cleaned_data if form.is_valid() else {}
        children = selectors.child_list_for(
            user, reference=filters.get("reference", ""), school=filters.get("school")
        )
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=form,
            filtered=bool(filters.get("reference") or filters.get("school")),
            page_obj=Paginator(children, self.paginate_by).get_page(self.request.GET.get("page")),
            query=query.urlencode(),
        )
        return context


class ChildDetailView(ObjectPermissionMixin, TemplateView):
    template_name = "casework/child_detail.html"
    scope_permission = "casework.view_child"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        child = selectors.child_for_page(kwargs["pk"])
        if child is None:
            raise Http404("Not found")
        self.check_object(child)
        record_access(user, child, VIEW_PURPOSE, path=self.request.path)
        access = selectors.allocated_access(user, child)
        # A school contact (and nobody else) gets the limited page: no social
        # care details such as the local authority case number. The same rule
        # decides what the child's history and the API show them.
        school_view = not user.has_perm(CHILD_DETAILS, child)
        can_write = can_write_child(user, child)
        context.update(
            child=child,
            carers=list(child.carers.all()),
            allocations=list(child.allocations.all()),
            school_view=school_view,
            can_write=can_write,
            read_only_until=access.read_only_until,
            # The action links (requirement 1): no extra queries, memberships are cached.
            can_change_details=_may_change_details(user, child),
            can_allocate=may_allocate(user, child),
            endable_allocations={
                allocation.pk
                for allocation in child.allocations.all()
                if (allocation.ends_on is None or allocation.ends_on >= timezone.localdate())
                and user.has_perm("casework.end_allocation", allocation)
            },
            sections=sections_for(
                ChildPage(user=user, child=child, can_write=can_write, school_view=school_view)
            ),
        )
        return context


# --- writing a child's record (requirement 1) -----------------------------------------


def _holding_organisations(user) -> list[Organisation]:
    """Where `user` may record a child: the holding organisations they co-ordinate
    (every holding organisation for an administrator)."""
    if user.is_portal_admin:
        return list(Organisation.objects.filter(kind__in=HOLDING_KINDS).order_by("name"))
    return [o for o in user.organisations_where(Role.COORDINATOR) if o.kind in HOLDING_KINDS]


def _may_change_details(user, child) -> bool:
    """casework.change_child for a child already in the user's scope, read from the
    page's prefetched allocations (the write pages check the rule itself)."""
    if user.is_portal_admin or selectors.coordinates_child(user, child):
        return True
    today = timezone.localdate()
    return any(
        allocation.practice_educator_id == user.pk
        and allocation.starts_on <= today
        and (allocation.ends_on is None or allocation.ends_on >= today)
        for allocation in child.allocations.all()
    )


def may_allocate(user, child) -> bool:
    """Whether `user` may allocate work with `child` (the service checks the placement)."""
    # casework.add_allocation without asking Django's model backend (two queries).
    return user.is_portal_admin or (
        coordinates_a_holding_organisation(user) and selectors.coordinates_child(user, child)
    )


def _run(form, write):
    """Run the service call `write()`; its ValidationError lands on the form's fields
    (and returns None). PermissionDenied and Http404 go on up: 403 and 404."""
    try:
        return write()
    except ValidationError as error:
        apply_validation_error(form, error)
        return None


class ChildCreateView(PermissionMixin, FormView):
    template_name = "casework/child_form.html"
    permission_required = "casework.add_child"
    form_class = ChildForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "holders": _holding_organisations(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Record a child", button="Record the child", child=None, **kwargs
        )

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        holders = _holding_organisations(self.request.user)
        held_by = data.pop("held_by", None) or (holders[0] if len(holders) == 1 else None)
        child = _run(form, lambda: child_create(by=self.request.user, held_by=held_by, **data))
        if child is None:
            return self.form_invalid(form)
        messages.success(self.request, f"The child is recorded as {child.reference}.")
        return redirect("casework:child_detail", pk=child.pk)


class ChildRecordMixin(LoggedReadMixin, ObjectPermissionMixin):
    """A page that writes to one child's record: 404 outside the user's scope,
    403 unless they may change the child's details. It shows the record, so each
    time it is shown it is logged (`read_purpose`)."""

    scope_permission = "casework.view_child"
    action_permission = "casework.change_child"
    read_record = "child"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        child = Child.objects.select_related("school", "held_by").filter(pk=kwargs["pk"]).first()
        if child is None:
            raise Http404("Not found")
        self.child = self.check_object(child)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            child=self.child,
            back_url=reverse("casework:child_detail", args=[self.child.pk]),
            **kwargs,
        )

    def back(self, message: str):
        messages.success(self.request, message)
        return redirect("casework:child_detail", pk=self.child.pk)


class ChildUpdateView(ChildRecordMixin, FormView):
    template_name = "casework/child_form.html"
    form_class = ChildForm
    read_purpose = "Opened the child's record to change it"

    def get_initial(self):
        return {name: getattr(self.child, name) for name in CHILD_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Change the child's details", button="Save the changes", **kwargs
        )

    def form_valid(self, form):
        changes = {name: form.cleaned_data[name] for name in CHILD_FIELDS}
        if changes["school"] is None:
            form.add_error("school", "Choose the child's school.")
            return self.form_invalid(form)
        if _run(form, lambda: child_update(child=self.child, by=self.request.user, **changes)):
            return self.back("The child's details are saved.")
        return self.form_invalid(form)


class CarerAddView(ChildRecordMixin, FormView):
    template_name = "casework/carer_form.html"
    form_class = CarerForm
    read_purpose = "Opened the child's record to add a parent or carer"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Add a parent or carer", button="Add the parent or carer", **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        if _run(form, lambda: carer_add(child=self.child, by=self.request.user, **data)):
            return self.back("The parent or carer is added.")
        return self.form_invalid(form)


class CarerMixin(ChildRecordMixin):
    read_record = "carer"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.carer = get_object_or_404(Carer, pk=kwargs["carer_pk"], child_id=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(carer=self.carer, **kwargs)


class CarerUpdateView(CarerMixin, FormView):
    template_name = "casework/carer_form.html"
    form_class = CarerForm
    read_purpose = "Opened a parent's or carer's details to change them"

    def get_initial(self):
        return {name: getattr(self.carer, name) for name in CARER_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Change a parent's or carer's details", button="Save the changes", **kwargs
        )

    def form_valid(self, form):
        changes = {name: form.cleaned_data[name] for name in CARER_FIELDS}
        if _run(form, lambda: carer_update(carer=self.carer, by=self.request.user, **changes)):
            return self.back("The parent's or carer's details are saved.")
        return self.form_invalid(form)


class CarerRemoveView(CarerMixin, TemplateView):
    """Confirmation page: removing a carer cannot be undone on the page."""

    template_name = "casework/carer_remove.html"
    read_purpose = "Opened a parent's or carer's details to remove them"

    def post(self, request, *args, **kwargs):
        carer_remove(carer=self.carer, by=request.user)
        return self.back("The parent or carer is removed from the child's record.")


class AllocationCreateView(ChildRecordMixin, FormView):
    template_name = "casework/allocation_form.html"
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

    def form_valid(self, form):
        data = form.cleaned_data
        placement = data["placement"]

        def write():
            return allocation_create(
                by=self.request.user,
                child=self.child,
                student=placement.student,
                placement=placement,
                starts_on=data["starts_on"],
                practice_educator=data.get("practice_educator"),
            )

        allocation = _run(form, write)
        if allocation is None:
            return self.form_invalid(form)
        return self.back(f"Work with the child is allocated to {allocation.student}.")


class AllocationEndView(ChildRecordMixin, FormView):
    """Confirmation page with the last day of the work."""

    template_name = "casework/allocation_end.html"
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

    def form_valid(self, form):
        ends_on = form.cleaned_data["ends_on"]
        done = _run(
            form,
            lambda: allocation_end(
                allocation=self.allocation, by=self.request.user, ends_on=ends_on
            ),
        )
        if done is None:
            return self.form_invalid(form)
        return self.back(f"The work with {self.allocation.student} ends on {long_date(ends_on)}.")


urlpatterns = [
    path("children/", ChildListView.as_view(), name="child_list"),
    path("children/<int:pk>/", ChildDetailView.as_view(), name="child_detail"),
    path("children/new/", ChildCreateView.as_view(), name="child_create"),
    path("children/<int:pk>/edit/", ChildUpdateView.as_view(), name="child_update"),
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
