"""Capability evidence pages: the student's evidence list, adding, changing and
deleting an item, an item with the practice educator's comment, and the
coverage matrix where the practice educator rates each PCF domain.

Everyone who may see the placement reads its evidence (people outside its
scope get 404). Writing answers 403 to all but the student; commenting, reopening
and rating answer 403 to all but the practice educator (placements/rules.py).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from portal.attachments.selectors import attachments_for
from portal.permissions import ObjectPermissionMixin
from portal.views import ServiceFormMixin, run_action

from ..access import is_finished, read_only_message, read_only_notice
from ..forms.evidence import EvidenceCommentForm, EvidenceFilterForm, EvidenceForm
from ..models import EvidenceItem, Placement
from ..selectors.evidence import (
    capability_short_label,
    evidence_capabilities,
    evidence_for_placement,
)
from ..services.evidence import (
    EVIDENCE_STATUSES,
    evidence_comment,
    evidence_create,
    evidence_delete,
    evidence_reopen,
    evidence_update,
)

ITEMS_PER_PAGE = 20
WRITE = "placements.write_evidence"
ASSESS = "placements.assess_evidence"


class EvidenceMixin(ObjectPermissionMixin):
    """Loads the placement of the URL (and the item, for item pages).

    404 outside the placement's scope; 403 without `action_permission`, which
    a page may set per method with `post_permission`.
    """

    post_permission: str | None = None
    with_item = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.method == "POST" and self.post_permission:
            self.action_permission = self.post_permission
        self.placement = self.check_object(
            get_object_or_404(
                Placement.objects.select_related(
                    "student", "course", "host", "practice_educator", "onsite_supervisor", "tutor"
                ),
                pk=kwargs["pk"],
            )
        )
        if self.with_item:
            self.item = get_object_or_404(
                EvidenceItem.objects.select_related("commented_by"),
                pk=kwargs["item_pk"],
                placement=self.placement,
            )
            self.item.placement = self.placement
        response = self.prepare(request)
        return response or super().dispatch(request, *args, **kwargs)

    def prepare(self, request):
        """Checks once access is known; a response ends the request."""
        return None

    @property
    def is_open(self) -> bool:
        return self.placement.status in EVIDENCE_STATUSES

    def list_url(self) -> str:
        return reverse("placements:evidence_list", args=[self.placement.pk])

    def detail_url(self) -> str:
        return reverse("placements:evidence_detail", args=[self.placement.pk, self.item.pk])

    def closed_message(self, what: str = "Evidence cannot be written") -> str:
        if is_finished(self.placement):
            return read_only_message(self.placement, "its evidence is")
        return f"{what} while the placement is {self.placement.get_status_display().lower()}."

    def get_context_data(self, **kwargs):
        context = super().get_context_data(placement=self.placement, **kwargs)
        if self.with_item:
            context["item"] = self.item
        return context


def _tag_labels(items) -> None:
    for item in items:
        for capability in item.capabilities.all():
            capability.short_label = capability_short_label(capability)


def evidence_attachments(item, *, can_change: bool) -> dict:
    """The evidence page's attachment list and links (one query)."""
    attachments = list(attachments_for(item))
    for attachment in attachments:
        attachment.remove_url = (
            reverse(
                "placements:evidence_attachment_remove",
                args=[item.placement_id, item.pk, attachment.pk],
            )
            if can_change
            else ""
        )
    return {
        "attachments": attachments,
        "attachments_removable": can_change,
        "attachment_add_url": reverse(
            "placements:evidence_attachment_add", args=[item.placement_id, item.pk]
        )
        if can_change
        else "",
    }


class EvidenceListView(EvidenceMixin, TemplateView):
    template_name = "placements/evidence/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        capabilities = list(evidence_capabilities(self.placement))
        form = EvidenceFilterForm(self.request.GET or None, capabilities=capabilities)
        filters = form.cleaned_data if form.is_valid() else {}
        items = evidence_for_placement(
            self.placement,
            kind=filters.get("kind") or "",
            capability_id=filters.get("capability"),
            q=(filters.get("q") or "").strip(),
            comment=filters.get("comment") or "",
        )
        page = Paginator(items, ITEMS_PER_PAGE).get_page(self.request.GET.get("page"))
        _tag_labels(page.object_list)
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=form,
            filtered=any(v not in (None, "") for v in filters.values()),
            page_obj=page,
            query=query.urlencode(),
            can_write=user.has_perm(WRITE, self.placement) and self.is_open,
            is_student=user.pk == self.placement.student_id,
            read_only=read_only_notice(self.placement, user, "its evidence is"),
            **kwargs,
        )


class EvidenceFormMixin(EvidenceMixin):
    template_name = "placements/evidence/form.html"
    form_class = EvidenceForm
    action_permission = WRITE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "capabilities": self.capability_choices()}

    def capability_choices(self):
        return evidence_capabilities(self.placement).filter(version__is_current=True)

    def service_kwargs(self, form) -> dict:
        data = form.cleaned_data
        return {
            "by": self.request.user,
            "date": data["date"],
            "kind": data["kind"],
            "title": data["title"],
            "reflection": data["reflection"],
            "capabilities": list(data["capabilities"]),
        }


class EvidenceCreateView(EvidenceFormMixin, ServiceFormMixin, FormView):
    def prepare(self, request):
        if not self.is_open:
            messages.error(request, self.closed_message())
            return redirect(self.list_url())
        return None

    # Starting points another page may pass in the query string (casework links
    # here with a description of a session or assessment); the form and the
    # service check them like anything typed.
    PREFILL = ("title", "reflection", "kind", "date")

    def get_initial(self):
        query = self.request.GET
        prefill = {name: query[name] for name in self.PREFILL if query.get(name)}
        return {"date": timezone.localdate(), **prefill}

    def perform(self, form):
        return evidence_create(placement=self.placement, **self.service_kwargs(form))

    def performed(self, form, item):
        messages.success(
            self.request, "Your evidence was added. Your practice educator has been told."
        )
        return redirect("placements:evidence_detail", pk=self.placement.pk, item_pk=item.pk)


class EvidenceUpdateView(EvidenceFormMixin, ServiceFormMixin, FormView):
    with_item = True

    def prepare(self, request):
        if not self.is_open:
            messages.error(request, self.closed_message())
            return redirect(self.detail_url())
        if self.item.commented_at:
            messages.error(
                request,
                "Your practice educator has commented on this evidence, so it cannot be "
                "changed. Ask them to reopen it, or add a new piece of evidence.",
            )
            return redirect(self.detail_url())
        self.current_tags = list(self.item.capabilities.select_related("version"))
        return None

    def capability_choices(self):
        # An item written against an older framework version keeps those tags.
        kept = [c.pk for c in self.current_tags if not c.version.is_current]
        choices = evidence_capabilities(self.placement)
        return choices.filter(version__is_current=True) | choices.filter(pk__in=kept)

    def get_initial(self):
        item = self.item
        return {
            "date": item.date,
            "kind": item.kind,
            "title": item.title,
            "reflection": item.reflection,
            "capabilities": [c.pk for c in self.current_tags],
        }

    def perform(self, form):
        return evidence_update(
            item=self.item,
            related_record=self.item.related_record,
            **self.service_kwargs(form),
        )

    def performed(self, form, result):
        messages.success(self.request, "Your changes were saved.")
        return redirect(self.detail_url())


class EvidenceDeleteView(EvidenceMixin, TemplateView):
    """GET: what deleting means. POST: delete."""

    template_name = "placements/evidence/confirm.html"
    action_permission = WRITE
    with_item = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action="delete", allowed=self.is_open and not self.item.commented_at, **kwargs
        )

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: evidence_delete(item=self.item, by=request.user),
            success=f"“{self.item.title}” was deleted.",
            then=self.list_url(),
            refused_to=self.detail_url(),
        )


class EvidenceDetailView(EvidenceMixin, ServiceFormMixin, FormView):
    """The item; the practice educator's comment form posts here."""

    template_name = "placements/evidence/detail.html"
    form_class = EvidenceCommentForm
    post_permission = ASSESS
    with_item = True

    def get_initial(self):
        return {"comment": self.item.educator_comment}

    def post(self, request, *args, **kwargs):
        if not self.is_open:
            messages.error(request, self.closed_message("Evidence cannot be commented on"))
            return redirect(self.detail_url())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        tags = list(
            self.item.capabilities.select_related("version__framework").order_by(
                "version__framework_id", "number"
            )
        )
        for capability in tags:
            capability.short_label = capability_short_label(capability)
        can_write = user.has_perm(WRITE, self.placement) and self.is_open
        can_assess = user.has_perm(ASSESS, self.placement) and self.is_open
        can_change = can_write and not self.item.commented_at
        context = super().get_context_data(
            tags=tags,
            can_change=can_change,
            **evidence_attachments(self.item, can_change=can_change),
            is_student=user.pk == self.placement.student_id,
            can_comment=can_assess,
            can_reopen=can_assess and bool(self.item.commented_at),
            **kwargs,
        )
        if not can_assess:
            context.pop("form", None)
        return context

    def perform(self, form):
        return evidence_comment(
            item=self.item, by=self.request.user, comment=form.cleaned_data["comment"]
        )

    def performed(self, form, result):
        messages.success(self.request, "Your comment was saved. The student has been told.")
        return redirect(self.detail_url())


class EvidenceReopenView(EvidenceMixin, TemplateView):
    """GET: what reopening means. POST: withdraw the comment."""

    template_name = "placements/evidence/confirm.html"
    action_permission = ASSESS
    with_item = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action="reopen", allowed=self.is_open and bool(self.item.commented_at), **kwargs
        )

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: evidence_reopen(item=self.item, by=request.user),
            success="The evidence is reopened. The student can change it now.",
            then=self.detail_url(),
        )


urlpatterns = [
    path("<int:pk>/evidence/", EvidenceListView.as_view(), name="evidence_list"),
    path("<int:pk>/evidence/new/", EvidenceCreateView.as_view(), name="evidence_create"),
    path("<int:pk>/evidence/<int:item_pk>/", EvidenceDetailView.as_view(), name="evidence_detail"),
    path(
        "<int:pk>/evidence/<int:item_pk>/change/",
        EvidenceUpdateView.as_view(),
        name="evidence_update",
    ),
    path(
        "<int:pk>/evidence/<int:item_pk>/delete/",
        EvidenceDeleteView.as_view(),
        name="evidence_delete",
    ),
    path(
        "<int:pk>/evidence/<int:item_pk>/reopen/",
        EvidenceReopenView.as_view(),
        name="evidence_reopen",
    ),
]
