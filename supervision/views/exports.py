"""Pages: PDF exports of supervision for the student's portfolio (issue 5, req. 7).

One record, or a placement's whole supervision log. They hold what the
records hold and nothing from casework: supervision records carry no child
details (case discussion is anonymised by rule), so the files can go into a
portfolio as they are. Whoever may export the placement's supervision
(supervision.export_supervision: whoever sees the placement) downloads them;
anyone else gets 404.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.views import View

from placements.models import Placement
from portal.pdf import render_pdf
from portal.permissions import ObjectPermissionMixin, require_object_permission

from ..compliance import compliance_for
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
        body = render_pdf("supervision/pdf_session.html", session_context(session), request=request)
        filename = f"supervision-{session.date:%Y-%m-%d}-{_student_slug(session.placement)}.pdf"
        return _pdf_response(body, filename)


class PlacementSupervisionPdfView(ObjectPermissionMixin, View):
    """The placement's whole supervision log as a PDF."""

    scope_permission = EXPORT

    def get(self, request, pk: int):
        placement = get_object_or_404(
            Placement.objects.select_related("student", "practice_educator", "course", "host"),
            pk=pk,
        )
        require_object_permission(request.user, placement, scope=EXPORT)
        body = render_pdf(
            "supervision/pdf_placement_log.html", placement_log_context(placement), request=request
        )
        filename = f"supervision-log-{_student_slug(placement)}-{placement.starts_on:%Y-%m}.pdf"
        return _pdf_response(body, filename)


urlpatterns = [
    path("sessions/<int:pk>/record.pdf", SessionPdfView.as_view(), name="session_pdf"),
    path(
        "placements/<int:pk>/supervision-log.pdf",
        PlacementSupervisionPdfView.as_view(),
        name="placement_supervision_pdf",
    ),
]
