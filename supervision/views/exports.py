"""Pages: PDF exports of supervision for the student's portfolio (issue 5, req. 7).

One record (a direct download: it renders in well under a second), or a
placement's whole supervision log (seconds for a long placement, so it is made
in the background by portal.exports and downloaded when ready). They hold what the
records hold and nothing from casework: supervision records carry no child
details (case discussion is anonymised by rule), so the files can go into a
portfolio as they are. Whoever may export the placement's supervision
(supervision.export_supervision: whoever sees the placement) downloads them;
anyone else gets 404.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.views import View

from placements.models import Placement
from portal.exports import RETENTION, export_latest, export_request
from portal.models import DocumentExport
from portal.pdf import render_pdf
from portal.permissions import ObjectPermissionMixin, require_object_permission

from ..compliance import compliance_for
from ..exports import SUPERVISION_LOG
from ..models import SupervisionSession
from ..record_parts import agenda_of, attach_signatures, with_parts

EXPORT = "supervision.export_supervision"


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _student_slug(placement: Placement) -> str:
    return slugify(placement.student.name or "student") or "student"


def _prepare(sessions) -> list[SupervisionSession]:
    sessions = attach_signatures(sessions)
    for session in sessions:
        session.agenda_items = agenda_of(session)
    return sessions


def session_context(session: SupervisionSession) -> dict:
    [session] = _prepare([session])
    return {
        "session": session,
        "placement": session.placement,
        "amended_by": SupervisionSession.objects.filter(amends=session).first(),
        "generated_at": timezone.now(),
    }


def placement_log_context(placement: Placement) -> dict:
    """Every session held on the placement, in date order, as its current version:
    a record that has been corrected appears once, as its newest correction."""
    sessions = _prepare(
        with_parts(
            SupervisionSession.objects.filter(
                placement=placement,
                status__in=SupervisionSession.HELD_STATUSES,
                amendment__isnull=True,
            )
        ).order_by("date", "starts_at", "pk")
    )
    compliance = compliance_for(placement)
    return {
        "placement": placement,
        "sessions": sessions,
        "total_minutes": sum(s.duration_minutes for s in sessions),
        "compliance": compliance,
        "counted_weeks": [week for week in compliance.weeks if week.counted],
        "generated_at": timezone.now(),
    }


class SessionPdfView(ObjectPermissionMixin, View):
    """One supervision record as a PDF."""

    scope_permission = EXPORT

    def get(self, request, pk: int):
        session = get_object_or_404(with_parts(SupervisionSession.objects.all()), pk=pk)
        require_object_permission(request.user, session.placement, scope=EXPORT)
        body = render_pdf("supervision/pdf/session.html", session_context(session), request=request)
        filename = f"supervision-{session.date:%Y-%m-%d}-{_student_slug(session.placement)}.pdf"
        return _pdf_response(body, filename)


def log_filename(placement: Placement) -> str:
    return f"supervision-log-{_student_slug(placement)}-{placement.starts_on:%Y-%m}.pdf"


class PlacementSupervisionExportView(ObjectPermissionMixin, View):
    """The placement's whole supervision log as a PDF, made in the background.

    GET shows the newest export this person asked for (or a button to make one);
    with htmx's HX-Request header it answers only the status panel, which the page
    polls while the PDF is being made. POST asks for a new one.
    """

    scope_permission = EXPORT

    def _placement(self, request, pk: int) -> Placement:
        placement = get_object_or_404(
            Placement.objects.with_people(),
            pk=pk,
        )
        require_object_permission(request.user, placement, scope=EXPORT)
        return placement

    def get(self, request, pk: int):
        placement = self._placement(request, pk)
        export = export_latest(kind=SUPERVISION_LOG, subject=placement, by=request.user)
        partial = request.headers.get("HX-Request") == "true"
        response = render(
            request,
            "supervision/exports/status.html" if partial else "supervision/exports/page.html",
            {
                "placement": placement,
                "export": export,
                "in_flight": export is not None and export.status in DocumentExport.IN_FLIGHT,
                "retention_days": RETENTION.days,
            },
        )
        # The page and its polled panel share an address: caches must keep them apart.
        patch_vary_headers(response, ["HX-Request"])
        response["Cache-Control"] = "no-store"
        return response

    def post(self, request, pk: int):
        placement = self._placement(request, pk)
        export_request(kind=SUPERVISION_LOG, subject=placement, by=request.user)
        return redirect("supervision:placement_supervision_pdf", pk=placement.pk)


urlpatterns = [
    path("sessions/<int:pk>/record.pdf", SessionPdfView.as_view(), name="session_pdf"),
    path(
        "placements/<int:pk>/supervision-log/pdf/",
        PlacementSupervisionExportView.as_view(),
        name="placement_supervision_pdf",
    ),
]
