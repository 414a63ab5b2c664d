"""Children's records: the list (initials and references only) and each child's page.

Every view of a child's page writes an access-log row; a child outside the
user's scope answers 404 before anything is read or logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.accounts.models import Organisation
from portal.accounts.roles import Role
from portal.audit.records import LoggedReadMixin
from portal.audit.services import record_access
from portal.permissions import PermissionMixin, RecordMixin
from portal.views import FilteredListMixin, ServiceFormMixin

from .. import selectors
from ..forms.children import (
    ChildFilterForm,
    ChildForm,
)
from ..models import Child
from ..models.children import CHILD_DETAILS
from ..rules import HOLDING_KINDS, can_write_child, coordinates_a_holding_organisation
from ..services.children import (
    CHILD_FIELDS,
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


class ChildListView(PermissionMixin, FilteredListMixin, TemplateView):
    template_name = "casework/children/child_list.html"
    permission_required = "casework.list_children"

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
        context.update(
            self.list_context(
                form,
                filtered=bool(filters.get("reference") or filters.get("school")),
                page=self.page_of(children),
            )
        )
        return context


class ChildDetailView(RecordMixin, TemplateView):
    template_name = "casework/children/child_detail.html"
    scope_permission = "casework.view_child"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        child = self.found(selectors.child_for_page(kwargs["pk"]))
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


class ChildCreateView(PermissionMixin, ServiceFormMixin, FormView):
    template_name = "casework/children/child_form.html"
    permission_required = "casework.add_child"
    form_class = ChildForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "holders": _holding_organisations(self.request.user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Record a child", button="Record the child", child=None, **kwargs
        )

    def perform(self, form):
        data = dict(form.cleaned_data)
        holders = _holding_organisations(self.request.user)
        held_by = data.pop("held_by", None) or (holders[0] if len(holders) == 1 else None)
        return child_create(by=self.request.user, held_by=held_by, **data)

    def performed(self, form, child):
        messages.success(self.request, f"The child is recorded as {child.reference}.")
        return redirect("casework:child_detail", pk=child.pk)


class ChildRecordMixin(LoggedReadMixin, RecordMixin):
    """A page that writes to one child's record: 404 outside the user's scope,
    403 unless they may change the child's details. It shows the record, so each
    time it is shown it is logged (`read_purpose`)."""

    scope_permission = "casework.view_child"
    action_permission = "casework.change_child"
    read_record = "child"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.child = self.found(
            Child.objects.select_related("school", "held_by").filter(pk=kwargs["pk"]).first()
        )
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


class ChildUpdateView(ChildRecordMixin, ServiceFormMixin, FormView):
    template_name = "casework/children/child_form.html"
    form_class = ChildForm
    read_purpose = "Opened the child's record to change it"

    def get_initial(self):
        return {name: getattr(self.child, name) for name in CHILD_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title="Change the child's details", button="Save the changes", **kwargs
        )

    def form_valid(self, form):
        if form.cleaned_data["school"] is None:
            form.add_error("school", "Choose the child's school.")
            return self.form_invalid(form)
        return super().form_valid(form)

    def perform(self, form):
        changes = {name: form.cleaned_data[name] for name in CHILD_FIELDS}
        return child_update(child=self.child, by=self.request.user, **changes)

    def performed(self, form, child):
        return self.back("The child's details are saved.")


urlpatterns = [
    path("children/", ChildListView.as_view(), name="child_list"),
    path("children/<int:pk>/", ChildDetailView.as_view(), name="child_detail"),
    path("children/new/", ChildCreateView.as_view(), name="child_create"),
    path("children/<int:pk>/edit/", ChildUpdateView.as_view(), name="child_update"),
]
