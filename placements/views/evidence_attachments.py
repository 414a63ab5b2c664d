"""Files on a piece of capability evidence: the student attaches and removes them
(services.evidence_attachments says when); the evidence page lists them for all
who see the placement, and portal.attachments serves each file."""

from __future__ import annotations

from django.urls import path

from portal.attachments.selectors import attachment_of
from portal.attachments.views import AttachmentRemovePage, AttachmentUploadPage

from ..services.evidence_attachments import evidence_attachment_add, evidence_attachment_remove
from .evidence import WRITE, EvidenceMixin


class EvidenceAttachmentMixin(EvidenceMixin):
    action_permission = WRITE
    with_item = True

    @property
    def record_title(self) -> str:
        return f"{self.item.title} – capability evidence"

    def back_url(self) -> str:
        return self.detail_url() + "#attachments"

    def refused_message(self) -> str | None:
        if not self.is_open:
            return self.closed_message("Files cannot be attached to evidence")
        if self.item.commented_at:
            return (
                "Your practice educator has commented on this evidence, so its files cannot "
                "change. Ask them to reopen it, or add a new piece of evidence."
            )
        return None


class EvidenceAttachmentAddView(EvidenceAttachmentMixin, AttachmentUploadPage):
    def perform(self, form):
        return evidence_attachment_add(
            item=self.item, by=self.request.user, upload=form.cleaned_data["file"]
        )


class EvidenceAttachmentRemoveView(EvidenceAttachmentMixin, AttachmentRemovePage):
    def prepare(self, request):
        self.attachment = attachment_of(self.item, self.kwargs["attachment_pk"])
        return None

    def remove(self):
        return evidence_attachment_remove(
            item=self.item, attachment=self.attachment, by=self.request.user
        )


urlpatterns = [
    path(
        "<int:pk>/evidence/<int:item_pk>/attachments/add/",
        EvidenceAttachmentAddView.as_view(),
        name="evidence_attachment_add",
    ),
    path(
        "<int:pk>/evidence/<int:item_pk>/attachments/<int:attachment_pk>/remove/",
        EvidenceAttachmentRemoveView.as_view(),
        name="evidence_attachment_remove",
    ),
]
