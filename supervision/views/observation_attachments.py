"""Files on a direct observation and on its service user's feedback sheet: the
observer attaches and removes them while writing the feedback
(services.observation_attachments says when); the observation page lists them
for all who see it, and portal.attachments serves each file."""

from __future__ import annotations

from django.http import Http404
from django.urls import path, reverse

from portal.attachments.selectors import attachments_for
from portal.attachments.views import AttachmentRemovePage, AttachmentUploadPage
from portal.dates import long_date

from ..services.observation_attachments import (
    SHEET_FIRST,
    attachments_refusal,
    observation_attachment_add,
    observation_attachment_remove,
)
from .attachment_lists import service_user_of
from .observations import ObservationMixin

WRITE = "supervision.write_observation_feedback"


class ObservationAttachmentMixin(ObservationMixin):
    action_permission = WRITE

    @property
    def record_title(self) -> str:
        return f"Direct observation of {long_date(self.observation.date)}"

    def back_url(self) -> str:
        return reverse("supervision:observation_detail", args=[self.observation.pk]) + "#files"

    def refused_message(self) -> str | None:
        return attachments_refusal(self.observation)


class ObservationAttachmentAddView(ObservationAttachmentMixin, AttachmentUploadPage):
    heading = "Attach a file to the observation"

    def perform(self, form):
        return observation_attachment_add(
            observation=self.observation, by=self.request.user, upload=form.cleaned_data["file"]
        )


class ObservationSheetAddView(ObservationAttachmentMixin, AttachmentUploadPage):
    """The service user's feedback sheet (a scan or photo of the paper form)."""

    heading = "Attach the service user's feedback sheet"

    def refused_message(self) -> str | None:
        refused = super().refused_message()
        if refused is None and service_user_of(self.observation) is None:
            return SHEET_FIRST
        return refused

    def perform(self, form):
        return observation_attachment_add(
            observation=self.observation,
            by=self.request.user,
            upload=form.cleaned_data["file"],
            feedback_sheet=True,
        )


class ObservationAttachmentRemoveView(ObservationAttachmentMixin, AttachmentRemovePage):
    def get_attachment(self):
        pk = self.kwargs["attachment_pk"]
        for record in (self.observation, service_user_of(self.observation)):
            if record is not None:
                found = attachments_for(record).filter(pk=pk).first()
                if found is not None:
                    return found
        raise Http404("Not found")

    @property
    def attachment(self):
        if not hasattr(self, "_attachment"):
            self._attachment = self.get_attachment()
        return self._attachment

    def remove(self):
        return observation_attachment_remove(
            observation=self.observation, attachment=self.attachment, by=self.request.user
        )


urlpatterns = [
    path(
        "observations/<int:pk>/files/add/",
        ObservationAttachmentAddView.as_view(),
        name="observation_attachment_add",
    ),
    path(
        "observations/<int:pk>/service-user/sheet/add/",
        ObservationSheetAddView.as_view(),
        name="observation_sheet_add",
    ),
    path(
        "observations/<int:pk>/files/<int:attachment_pk>/remove/",
        ObservationAttachmentRemoveView.as_view(),
        name="observation_attachment_remove",
    ),
]
