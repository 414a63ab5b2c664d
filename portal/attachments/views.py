"""The download of an attachment, and the pages the owning apps build their
upload and remove pages from (they call their own services, which check who may)."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView, View

from portal.audit.services import record_access
from portal.locking import RecordLocked
from portal.permissions import ObjectPermissionMixin
from portal.views import ServiceFormMixin, run_action

from .forms import AttachmentForm
from .models import Attachment
from .selectors import attachment_for_download

DOWNLOAD_PURPOSE = "Downloaded an attachment"


class AttachmentDownloadView(ObjectPermissionMixin, View):
    """The file, as an attachment, for whoever may see its record (404 otherwise)."""

    def get(self, request, pk: int):
        attachment = attachment_for_download(pk=pk, user=request.user)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError:
            raise Http404("This file is no longer kept.") from None
        record_access(request.user, attachment, DOWNLOAD_PURPOSE, path=request.path)
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.media_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        return response


class AttachmentUploadPage(ServiceFormMixin, FormView):
    """An owning app's upload page: it loads the record in `dispatch` (404/403),
    gives `back()` and `record_title`, and `perform(form)` calls its service with
    `form.cleaned_data["file"]`."""

    template_name = "attachments/upload.html"
    form_class = AttachmentForm
    heading = "Attach a file"
    record_title = ""
    record_refusals = (RecordLocked,)

    def refused_message(self) -> str | None:
        """Why nothing may be attached to the record now (a redirect back), or None."""
        return None

    def get(self, request, *args, **kwargs):
        return self._refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._refuse() or super().post(request, *args, **kwargs)

    def _refuse(self):
        why = self.refused_message()
        if why:
            messages.error(self.request, why)
            return self.back()
        return None

    def performed(self, form, attachment: Attachment):
        messages.success(self.request, f"“{attachment.original_name}” is attached.")
        return self.back()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.heading, record_title=self.record_title, back_url=self.back_url()
        )
        return context

    def back_url(self) -> str:
        raise NotImplementedError(f"{type(self).__name__} must say where its record's page is")

    def back(self):
        return redirect(self.back_url())


class AttachmentRemovePage(TemplateView):
    """GET: asks to confirm. POST: the owning app's `remove()` service call."""

    template_name = "attachments/remove.html"
    record_title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            attachment=self.attachment, record_title=self.record_title, back_url=self.back_url()
        )
        return context

    def refused_message(self) -> str | None:
        """Why the file may not be removed now (the page sends them back), or None;
        a POST reaching the service anyway is refused there."""
        return None

    def get(self, request, *args, **kwargs):
        why = self.refused_message()
        if why:
            messages.error(request, why)
            return redirect(self.back_url())
        return super().get(request, *args, **kwargs)

    def remove(self):
        raise NotImplementedError(f"{type(self).__name__} must say which service removes the file")

    def back_url(self) -> str:
        raise NotImplementedError(f"{type(self).__name__} must say where its record's page is")

    def post(self, request, *args, **kwargs):
        name = self.attachment.original_name
        return run_action(
            request,
            self.remove,
            success=f"“{name}” was removed.",
            then=self.back_url(),
        )
