"""The placement list's filtering, shared by the page and its exports, and the
CSV and XLSX exports of exactly what the filters show (all pages of it).

University oversight (issue 4, requirement 9): tutors, co-ordinators and
admins report upward from the list. An export holds placement-level facts only
(people on the placement, dates, status, RAG status and its reasons, the kind of
setting), never a child's details or free text from the records, with one
exception the university asked for (issue 16): a co-ordinator's reason for letting
a placement go ahead despite the contrasting-settings rule, which its form asks
not to name children or families.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import re_path
from django.utils import timezone
from django.views import View

from portal.permissions import PermissionMixin

from ..forms.oversight import OversightFilterForm
from ..models import Placement
from ..oversight import Rag, attach_rag, filter_by_rag, placement_rag_for, rag_for_queryset
from ..selectors.lifecycle import placements_visible_to


@dataclass
class FilteredPlacements:
    form: OversightFilterForm
    filtered: bool  # any filter applied
    placements: QuerySet[Placement]  # in list order
    rags: dict[int, Rag] | None  # worked out over every filtered row when filtering by RAG


def filtered_placements(request) -> FilteredPlacements:
    """The placements the user can see, narrowed by the list's filters (GET)."""
    visible = placements_visible_to(request.user)
    form = OversightFilterForm(request.GET or None, placements=visible)
    placements = visible
    filtered = False
    rags = None
    if form.is_valid():
        filtered = any(form.cleaned_data.values())
        placements = form.filter(placements)
        if form.cleaned_data.get("rag"):
            # The RAG status is worked out, not stored: rate every row the other
            # filters leave (a fixed number of queries), then keep the matching
            # ones, so pagination and exports see the same rows.
            rags = rag_for_queryset(placements)
            placements = filter_by_rag(placements, form.cleaned_data["rag"], rags)
    return FilteredPlacements(
        form=form,
        filtered=filtered,
        placements=placements.order_by("-starts_on", "pk"),
        rags=rags,
    )


def rated_page(page, rags: dict[int, Rag] | None):
    """Set `rag` on each placement of a page (one bulk RAG computation when needed)."""
    rows = list(page.object_list)
    if rags is None:
        rags = placement_rag_for(rows)
    page.object_list = attach_rag(rows, rags)
    return page


# --- Exports ---------------------------------------------------------------------------

HEADERS = [
    "Student",
    "Course",
    "Cohort",
    "Host organisation",
    "Team",
    "Practice educator",
    "University tutor",
    "Level",
    "Start date",
    "End date",
    "Status",
    "Progress status (RAG)",
    "Reasons",
    "Kind of setting",
    "Service user group",
    "Statutory tasks",
    "Contrasting settings rule overridden because",
]

# Spreadsheet programs run a cell that starts with one of these as a formula
# (CSV injection); names come from users, so such cells are prefixed with '.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def _person(user) -> str:
    if user is None:
        return ""
    return user.name or user.email


def export_rows(placements: QuerySet[Placement], rags: dict[int, Rag] | None) -> list[list]:
    """The export's rows (dates as dates; XLSX keeps them, CSV writes ISO dates)."""
    rows = list(placements.select_related("student__student_profile"))
    if rags is None:
        rags = placement_rag_for(rows)
    table = []
    for placement in rows:
        profile = getattr(placement.student, "student_profile", None)
        rag = rags.get(placement.pk)
        table.append(
            [
                _safe(_person(placement.student)),
                _safe(placement.course.title),
                _safe(profile.cohort if profile else ""),
                _safe(placement.host.name),
                _safe(placement.team),
                _safe(_person(placement.practice_educator)),
                _safe(_person(placement.tutor)),
                placement.get_level_display(),
                placement.starts_on,
                placement.ends_on,
                placement.get_status_display(),
                rag.label if rag else "Not rated",
                _safe(rag.summary) if rag else "",
                placement.get_setting_kind_display() or "Not recorded",
                placement.get_service_user_group_display() or "Not recorded",
                "Yes" if placement.statutory_tasks else "No",
                _safe(placement.contrast_override_reason),
            ]
        )
    return table


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _csv(table: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in table:
        writer.writerow([cell.isoformat() if hasattr(cell, "isoformat") else cell for cell in row])
    # The byte order mark makes Excel read the file as UTF-8 (names with accents).
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(table: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Placements"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append(row)
    for column in ("I", "J"):  # start and end dates
        for cell in sheet[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class PlacementExportView(PermissionMixin, View):
    """GET with the list's filters: the filtered placements as a CSV or XLSX file."""

    permission_required = "placements.export_placements"

    def get(self, request, fmt: str):
        chosen = filtered_placements(request)
        table = export_rows(chosen.placements, chosen.rags)
        body = _csv(table) if fmt == "csv" else _xlsx(table)
        response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
        filename = f"placements-{timezone.localdate():%Y-%m-%d}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response


urlpatterns = [
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", PlacementExportView.as_view(), name="placement_export"),
]
