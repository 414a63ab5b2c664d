"""Photos of a Life Story Book: add one, change its details, clear a flagged one,
remove one, and the one view that hands a photo's file out (permission-checked,
logged, never cached)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from portal.audit.services import record_access
from portal.views import ServiceFormMixin, run_action

from ..forms.books import PhotoDetailsForm, PhotoUploadForm
from ..models import MediaItem
from ..selectors.books import current_version
from ..services.media import media_add, media_clear, media_remove, media_update
from .books import BookActionMixin, BookMixin

VARIANTS = {"thumbnail": "thumbnail", "print": "print_version", "full": "file"}


class PhotoFormMixin(BookActionMixin):
    def get_form_kwargs(self):
        chapters = current_version(self.book).chapters.order_by("position", "pk")
        return {**super().get_form_kwargs(), "chapters": chapters}

    def get_context_data(self, **kwargs):
        return super().get_context_data(book=self.book, **kwargs)

    def performed(self, form, item):
        messages.success(self.request, f"The photo “{item.caption}” is saved.")
        return self.back()


class PhotoAddView(PhotoFormMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/media/photo_add.html"
    form_class = PhotoUploadForm
    action_permission = "lifestory.write_chapters"
    read_purpose = "Opened a Life Story Book to add a photo"

    def perform(self, form):
        data = dict(form.cleaned_data)
        return media_add(by=self.request.user, book=self.book, upload=data.pop("file"), **data)


class PhotoMixin(PhotoFormMixin):
    def refuse(self):
        item = MediaItem.objects.filter(pk=self.kwargs["photo"], book=self.book).first()
        if item is None:
            raise Http404("Not found")
        self.item = item
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, **kwargs)


class PhotoEditView(PhotoMixin, ServiceFormMixin, FormView):
    template_name = "lifestory/media/photo_edit.html"
    form_class = PhotoDetailsForm
    action_permission = "lifestory.write_chapters"
    read_purpose = "Opened a photo of a Life Story Book to change its details"

    def get_initial(self):
        item = self.item
        return {
            "caption": item.caption,
            "shows": item.shows,
            "source": item.source,
            "consent": item.consent,
            "chapter": item.chapter_id,
            "may_identify": item.may_identify,
        }

    def perform(self, form):
        return media_update(by=self.request.user, item=self.item, **form.cleaned_data)


class PhotoRemoveView(PhotoMixin, TemplateView):
    template_name = "lifestory/media/photo_remove.html"
    action_permission = "lifestory.write_chapters"
    read_purpose = "Opened a photo of a Life Story Book to remove it"

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: media_remove(by=request.user, item=self.item),
            success="The photo is removed.",
            then=reverse("lifestory:book_detail", args=[self.book.pk]) + "#photos",
        )


class PhotoClearView(BookMixin, View):
    """POST only: a team manager clears a flagged photo for printing."""

    http_method_names = ["post"]

    def post(self, request, pk, photo):
        book = self.load(pk)
        item = MediaItem.objects.filter(pk=photo, book=book).first()
        if item is None:
            raise Http404("Not found")
        return run_action(
            request,
            lambda: media_clear(by=request.user, item=item),
            success=f"“{item.caption}” is cleared for the printed book.",
            then=reverse("lifestory:book_detail", args=[book.pk]) + "#photos",
        )


class PhotoFileView(BookMixin, View):
    """A photo's file, for someone who may see the book; each one handed out is logged.

    `Cache-Control: private, no-store` keeps it out of shared and browser caches.
    With LIFESTORY_ACCEL_REDIRECT set (production behind nginx), the proxy sends
    the file from an internal location instead of Django."""

    http_method_names = ["get"]

    def get(self, request, pk, photo, variant):
        book = self.load(pk)
        field = VARIANTS.get(variant)
        item = MediaItem.objects.filter(pk=photo, book=book).first()
        if field is None or item is None:
            raise Http404("Not found")
        stored = getattr(item, field)
        record_access(request.user, item, f"Viewed a photo ({variant})", path=request.path)
        prefix = getattr(settings, "LIFESTORY_ACCEL_REDIRECT", "")
        if prefix:
            response = HttpResponse(content_type=item.content_type)
            response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + stored.name
        else:
            response = FileResponse(stored.open("rb"), content_type=item.content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = "inline"
        return response
