"""Children's records: the list (initials and references only) and each child's page.

Every view of a child's page writes an access-log row; a child outside the
user's scope answers 404 before anything is read or logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path
from django.views.generic import TemplateView

from portal.accounts.roles import Role
from portal.audit.services import record_access
from portal.permissions import ObjectPermissionMixin, PermissionMixin

from .. import selectors
from ..forms.children import ChildFilterForm
from ..rules import can_write_child

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
        # care details such as the local authority case number.
        school_view = (
            not user.is_portal_admin
            and user.has_role(Role.SCHOOL_CONTACT)
            and not selectors.coordinates_child(user, child)
            and not access.current
            and access.read_only_until is None
        )
        can_write = can_write_child(user, child)
        context.update(
            child=child,
            carers=list(child.carers.all()),
            allocations=list(child.allocations.all()),
            school_view=school_view,
            can_write=can_write,
            read_only_until=access.read_only_until,
            sections=sections_for(
                ChildPage(user=user, child=child, can_write=can_write, school_view=school_view)
            ),
        )
        return context


urlpatterns = [
    path("children/", ChildListView.as_view(), name="child_list"),
    path("children/<int:pk>/", ChildDetailView.as_view(), name="child_detail"),
]
