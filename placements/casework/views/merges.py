"""Casework pages: possible duplicate records of a child, merging them, and undoing a
merge (issue 13, requirement 2).

- Compare: two records side by side (names, date of birth, school, carers and
  what hangs off each), from the "Possible duplicate" panel of a request. Only
  the co-ordinators of the service holding both, and administrators.
- Confirm: what will move, then the merge (services.merges.child_merge). A pair
  that cannot be merged is refused on the page with the reason; nothing changes.
- The merge's record: what moved, when and by whom; administrators undo it there.
- The child's page lists the merges a record took part in, to those who may merge.
Every page showing a child's details writes an access-log row for each record.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView

from portal.audit.services import record_access
from portal.forms import PortalForm
from portal.permissions import ObjectPermissionMixin, RecordMixin
from portal.views import ServiceFormMixin

from ..selectors import merges as reads
from ..services.merges import MOVED, child_merge, child_merge_undo, merge_problems
from .children import ChildPage, child_page_section

COMPARE_PURPOSE = "Compared two records of a child (possible duplicates)"
CONFIRM_PURPOSE = "Opened the merge of two records of a child"
MERGE_PURPOSE = "Viewed the merge of two records of a child"

# What moved, as the merge's page names it.
MOVED_LABELS = {
    "carers": "parents or carers",
    "support_requests": "requests for support",
    "allocations": "allocations of work",
    "plan_memberships": "places on direct-work plans",
    "session_attendance": "session attendance records",
    "wellbeing_measures": "wellbeing measures",
}


class PairMixin(ObjectPermissionMixin):
    """Two records: 404 unless the user sees both, 403 unless they may merge both."""

    scope_permission = "casework.view_child"
    action_permission = "casework.merge_child"
    first_kwarg = "pk"
    second_kwarg = "other_pk"
    read_purpose = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        first, second = kwargs[self.first_kwarg], kwargs[self.second_kwarg]
        found = reads.for_comparison(first, second)
        if first not in found or second not in found:
            raise Http404("Not found")
        self.first = self.check_object(found[first])
        self.second = self.check_object(found[second])
        return super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        for child in {self.first.pk: self.first, self.second.pk: self.second}.values():
            record_access(self.request.user, child, self.read_purpose, path=self.request.path)
        return super().render_to_response(context, **response_kwargs)


class MergeCompareView(PairMixin, TemplateView):
    template_name = "casework/merges/compare.html"
    read_purpose = COMPARE_PURPOSE

    def get_context_data(self, **kwargs):
        first, second = self.first, self.second
        options = [
            {
                "keep": keep,
                "other": other,
                "url": reverse("casework:merge_confirm", args=[other.pk, keep.pk]),
                "problems": merge_problems(keep, other),
            }
            for keep, other in ((first, second), (second, first))
        ]
        possible = [option for option in options if not option["problems"]]
        # Neither way: say why. One way only: offer it, and say why not the other.
        problems = (
            [] if possible else list(dict.fromkeys(options[0]["problems"] + options[1]["problems"]))
        )
        return super().get_context_data(
            records=[first, second],
            problems=problems,
            choices=possible,
            one_way_notes=[o["problems"][0] for o in options if o["problems"]] if possible else [],
            **kwargs,
        )


class RefusalOnPageMixin(ServiceFormMixin):
    """A page whose one button runs a service: there is nothing to fill in (a form
    without fields), so only the service refuses, and its reasons are listed at the
    top of the page (`errors`), nothing changed."""

    def post(self, request, *args, **kwargs):
        form = PortalForm(request.POST)
        form.full_clean()
        return self.form_valid(form)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(errors=list(form.non_field_errors())))


class MergeConfirmView(PairMixin, RefusalOnPageMixin, TemplateView):
    """`pk` is the duplicate, merged into `keep_pk`."""

    template_name = "casework/merges/confirm.html"
    second_kwarg = "keep_pk"
    read_purpose = CONFIRM_PURPOSE

    def get_context_data(self, **kwargs):
        duplicate, keep = self.first, self.second
        return super().get_context_data(
            duplicate=duplicate,
            keep=keep,
            problems=merge_problems(keep, duplicate),
            compare_url=reverse("casework:merge_compare", args=[keep.pk, duplicate.pk]),
            **kwargs,
        )

    def perform(self, form):
        return child_merge(keep=self.second, duplicate=self.first, by=self.request.user)

    def performed(self, form, merge):
        messages.success(
            self.request,
            f"{merge.duplicate.reference} is merged into {merge.keep.reference}. An "
            "administrator can undo the merge from this page.",
        )
        return redirect("casework:merge_detail", pk=merge.pk)


class MergeMixin(RecordMixin):
    scope_permission = "casework.view_childmerge"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.merge = self.found(reads.merge_for_page(kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        record_access(self.request.user, self.merge, MERGE_PURPOSE, path=self.request.path)
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        merge = self.merge
        moved = [
            (MOVED_LABELS[relation], len(merge.moved.get(relation, [])))
            for relation in MOVED
            if merge.moved.get(relation)
        ]
        return super().get_context_data(merge=merge, moved=moved, **kwargs)


class MergeDetailView(MergeMixin, TemplateView):
    template_name = "casework/merges/detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_undo=not self.merge.is_undone and user.has_perm("casework.undo_childmerge"),
            **kwargs,
        )


class MergeUndoView(MergeMixin, RefusalOnPageMixin, TemplateView):
    template_name = "casework/merges/undo.html"

    action_permission = "casework.undo_childmerge"

    def perform(self, form):
        return child_merge_undo(merge=self.merge, by=self.request.user)

    def performed(self, form, merge):
        messages.success(
            self.request,
            f"The merge is undone: {self.merge.duplicate.reference} is a record of its own again.",
        )
        return redirect("casework:merge_detail", pk=self.merge.pk)


@child_page_section("casework/merges/_child_section.html", order=90)
def merges_section(page: ChildPage) -> dict | None:
    """The merges this record took part in (one query), for those who may merge it."""
    if not page.user.has_perm("casework.merge_child", page.child):
        return None
    merges = reads.merges_of(page.child)
    if not merges:
        return None
    standing = [m for m in merges if not m.is_undone and m.duplicate_id == page.child.pk]
    return {"merges": merges, "merged_into": standing[0] if standing else None}


urlpatterns = [
    path(
        "children/<int:pk>/compare/<int:other_pk>/",
        MergeCompareView.as_view(),
        name="merge_compare",
    ),
    path(
        "children/<int:pk>/merge-into/<int:keep_pk>/",
        MergeConfirmView.as_view(),
        name="merge_confirm",
    ),
    path("merges/<int:pk>/", MergeDetailView.as_view(), name="merge_detail"),
    path("merges/<int:pk>/undo/", MergeUndoView.as_view(), name="merge_undo"),
]
