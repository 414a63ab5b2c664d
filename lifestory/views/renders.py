"""The printed book: ask for a PDF, watch it being made, download it.

The print page answers htmx's HX-Request with its status panel alone, which
asks again every few seconds while the PDF is made (the pattern of the
supervision log's export). A download checks the book's scope again, is
logged, and is never cached."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.cache import patch_vary_headers
from django.views.generic import TemplateView

from portal.audit.services import record_access
from portal.views import run_action

from ..models import BookRender
from ..services.renders import render_request
from .books import BookActionMixin, BookMixin

DOWNLOAD_PURPOSE = "Downloaded a printed Life Story Book"


class BookPrintView(BookActionMixin, TemplateView):
    template_name = "lifestory/renders/print.html"
    action_permission = "lifestory.render_book"
    read_purpose = "Opened a Life Story Book's printed versions"

    def get_template_names(self):
        if self.request.headers.get("HX-Request") == "true":
            return ["lifestory/renders/_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        renders = list(
            BookRender.objects.filter(book=self.book).select_related("version", "requested_by")
        )
        latest = renders[0] if renders else None
        return super().get_context_data(
            book=self.book,
            renders=renders,
            render=latest,
            in_flight=latest is not None and latest.status in BookRender.IN_FLIGHT,
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response

    def post(self, request, *args, **kwargs):
        return run_action(
            request,
            lambda: render_request(by=request.user, book=self.book),
            success="The PDF is being made. This page shows when it is ready.",
            then=request.path,
        )


class RenderDownloadView(BookMixin, TemplateView):
    http_method_names = ["get"]
    action_permission = "lifestory.render_book"

    def get(self, request, pk, render):
        book = self.load(pk)
        found = BookRender.objects.filter(pk=render, book=book).first()
        if found is None or found.status != BookRender.Status.DONE or not found.file:
            raise Http404("Not found")
        record_access(request.user, found, DOWNLOAD_PURPOSE, path=request.path)
        response = FileResponse(
            found.file.open("rb"),
            as_attachment=True,
            filename=f"life-story-book-{book.child.reference}-{found.number}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response
