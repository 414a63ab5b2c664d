"""The placement list's filtering, shared by the page and its exports, and the
CSV and XLSX exports of exactly what the filters show (all pages of it).

An export is made in the background (portal.exports, issue 20 requirement 4): the
list's export buttons POST its filters, which are kept on the export; the worker
filters again as the requester may see the placements when it runs, writes the
file and records how many rows it has done; the status page shows "x of y
placements" until the file can be downloaded.

University oversight (issue 4, requirement 9): tutors, co-ordinators and
admins report upward from the list. An export holds placement-level facts only
(people on the placement, dates, status, RAG status and its reasons, the kind of
setting), never a child's details or free text from the records, with one
exception the university asked for (issue 16): a co-ordinator's reason for letting
a placement go ahead despite the contrasting-settings rule, which its form asks
not to name children or families.

For tutors (issue 22, requirement 6) the file also has the student number and the
figures they follow a placement by: the days (required, logged, confirmed), and
what later apps add through placements.oversight.oversight_figures (supervision:
sessions held and the last one, direct observations done and required), each
counted by the database for all the rows at once. The XLSX has its columns sized
to what they hold and a filter on the header row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, re_path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views import View

from portal.downloads import csv_bytes, spreadsheet_safe
from portal.exports import RETENTION, ExportJob, export_request
from portal.models import DocumentExport
from portal.permissions import PermissionMixin, require_permission

from ..forms.oversight import OversightFilterForm
from ..ledger import tallies_for
from ..models import Placement
from ..oversight import (
    NO_DAYS,
    Rag,
    attach_rag,
    figure_headers,
    figures_for,
    filter_by_rag,
    kept_rag_for,
    placement_rag_for,
    rag_for_queryset,
)
from ..selectors.lifecycle import placements_visible_to


@dataclass
class FilteredPlacements:
    form: OversightFilterForm
    filtered: bool  # any filter applied
    placements: QuerySet[Placement]  # in list order
    rags: dict[int, Rag] | None  # worked out over every filtered row when filtering by RAG


def filtered_placements(request) -> FilteredPlacements:
    """The placements the user can see, narrowed by the list's filters (GET)."""
    return placements_filtered(request.user, request.GET)


def placements_filtered(user, data: QueryDict) -> FilteredPlacements:
    """The placements `user` can see, narrowed by the list's filters in `data`."""
    visible = placements_visible_to(user)
    form = OversightFilterForm(data or None, placements=visible, user=user)
    placements = visible
    filtered = False
    rags = None
    if form.is_valid():
        filtered = any(form.cleaned_data.values())
        placements = form.waiting_for(user, form.filter(placements))
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
    """Set `rag` on each placement of a page (kept today, or worked out together when not)."""
    rows = list(page.object_list)
    if rags is None:
        rags = kept_rag_for(rows)
    page.object_list = attach_rag(rows, rags)
    return page


# --- Exports ---------------------------------------------------------------------------

HEADERS = [
    "Student",
    "Student number",
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
    "Days required",
    "Days logged",
    "Days confirmed",
]


def export_headers() -> list[str]:
    """Placements' own columns, then those later apps register (oversight_figures)."""
    return [*HEADERS, *figure_headers()]


def _person(user) -> str:
    if user is None:
        return ""
    return user.name or user.email


def export_rows(
    placements: QuerySet[Placement], rags: dict[int, Rag] | None, progress=None
) -> list[list]:
    """The export's rows (dates as dates; XLSX keeps them, CSV writes ISO dates).

    `progress(done, total)`, if given, is told the total once the rows are read
    and then each row made."""
    rows = list(placements.select_related("student__student_profile"))
    total = len(rows)
    if progress:
        progress(0, total)
    if rags is None:
        rags = placement_rag_for(rows)
    days = tallies_for([placement.pk for placement in rows])
    figures = figures_for(rows)
    table = []
    for done, placement in enumerate(rows, start=1):
        profile = getattr(placement.student, "student_profile", None)
        rag = rags.get(placement.pk)
        tally = days.get(placement.pk, NO_DAYS)
        table.append(
            [
                spreadsheet_safe(_person(placement.student)),
                spreadsheet_safe(profile.student_number if profile else ""),
                spreadsheet_safe(placement.course.title),
                spreadsheet_safe(profile.cohort if profile else ""),
                spreadsheet_safe(placement.host.name),
                spreadsheet_safe(placement.team),
                spreadsheet_safe(_person(placement.practice_educator)),
                spreadsheet_safe(_person(placement.tutor)),
                placement.get_level_display(),
                placement.starts_on,
                placement.ends_on,
                placement.get_status_display(),
                rag.label if rag else "Not rated",
                spreadsheet_safe(rag.summary) if rag else "",
                placement.get_setting_kind_display() or "Not recorded",
                placement.get_service_user_group_display() or "Not recorded",
                "Yes" if placement.statutory_tasks else "No",
                spreadsheet_safe(placement.contrast_override_reason),
                placement.required_days,
                tally.confirmed + tally.pending,
                tally.confirmed,
                *figures[placement.pk],
            ]
        )
        if progress:
            progress(done, total)
    return table


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _csv(table: list[list]) -> bytes:
    return csv_bytes(
        export_headers(),
        (
            [cell.isoformat() if hasattr(cell, "isoformat") else cell for cell in row]
            for row in table
        ),
    )


# Column widths in characters: each column as wide as its longest value or header,
# between these (a long reason wraps in the cell rather than widening the sheet).
MIN_WIDTH, MAX_WIDTH = 8, 50
DATE_WIDTH = 12  # "DD/MM/YYYY" and a little room


def _xlsx(table: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    # Write-only (issue 20): rows are streamed to the file as written, not kept as a
    # grid of styled cells; widths, the filter and the frozen row are set first.
    headers = export_headers()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Placements")
    dated = set()
    for index, header in enumerate(headers, start=1):
        values = [row[index - 1] for row in table]
        if any(hasattr(value, "isoformat") for value in values):
            dated.add(index - 1)
            longest = DATE_WIDTH
        else:
            longest = max((len(str(v)) for v in values if v is not None), default=0)
        longest = max(longest, len(header))
        width = min(max(longest, MIN_WIDTH), MAX_WIDTH) + 2
        sheet.column_dimensions[get_column_letter(index)].width = width
    # A filter on the header row: sort and filter by course, status, RAG...
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(table) + 1}"
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def styled(value, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value)
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell

    sheet.append([styled(header, font=bold) for header in headers])
    for row in table:
        sheet.append(
            [
                styled(value, number_format="DD/MM/YYYY") if i in dated and value else value
                for i, value in enumerate(row)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Made in the background (portal.exports) ----------------------------------------------

PLACEMENT_LIST = "placement_list"
EXPORT_PERMISSION = "placements.export_placements"
FORMATS = tuple(CONTENT_TYPES)


def _filters_of(query: QueryDict) -> dict[str, list[str]]:
    """The list's filters in a query string (nothing else: not the page)."""
    names = OversightFilterForm.base_fields
    return {name: query.getlist(name) for name in names if query.getlist(name)}


def _query_of(filters: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in filters.items():
        query.setlist(name, values)
    return query


def render_placement_list(subject, requested_by, job: ExportJob) -> tuple[str, bytes]:
    """The worker's half: the filtered placements as `requested_by` may see them now
    (their role and scope when the worker runs, not when they asked)."""
    if subject.pk != requested_by.pk:
        raise PermissionError("A placement list export is made for the person who asked.")
    require_permission(requested_by, EXPORT_PERMISSION)
    fmt = job.parameters.get("format")
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    chosen = placements_filtered(requested_by, _query_of(job.parameters.get("filters", {})))
    table = export_rows(chosen.placements, chosen.rags, progress=job.progress)
    body = _csv(table) if fmt == "csv" else _xlsx(table)
    return f"placements-{timezone.localdate():%Y-%m-%d}.{fmt}", body


class PlacementExportView(PermissionMixin, View):
    """POST with the list's filters in the query string: make the filtered placements
    into a CSV or XLSX file in the background, then wait for it on its status page."""

    permission_required = EXPORT_PERMISSION
    http_method_names = ["post"]

    def post(self, request, fmt: str):
        export = export_request(
            kind=PLACEMENT_LIST,
            subject=request.user,
            by=request.user,
            parameters={"format": fmt, "filters": _filters_of(request.GET)},
        )
        return redirect("placements:placement_export_status", pk=export.pk)


class PlacementExportStatusView(PermissionMixin, View):
    """How far one's own export has got ("x of y placements"), and its download.

    Without JavaScript the page has a "Check again" link; with it, htmx asks for
    the status panel again every few seconds (HX-Request) until the file is ready.
    Someone else's export, or another kind of document, is not found.
    """

    permission_required = EXPORT_PERMISSION

    def get(self, request, pk: int):
        export = DocumentExport.objects.filter(
            pk=pk, kind=PLACEMENT_LIST, requested_by=request.user
        ).first()
        if export is None:
            raise Http404("Not found")
        fmt = export.parameters.get("format", "")
        partial = request.headers.get("HX-Request") == "true"
        response = render(
            request,
            "placements/exports/status.html" if partial else "placements/exports/page.html",
            {
                "export": export,
                "format_label": "Excel (XLSX)" if fmt == "xlsx" else fmt.upper(),
                "list_query": _query_of(export.parameters.get("filters", {})).urlencode(),
                "in_flight": export.status in DocumentExport.IN_FLIGHT,
                "retention_days": RETENTION.days,
            },
        )
        patch_vary_headers(response, ["HX-Request"])
        response["Cache-Control"] = "no-store"
        return response


urlpatterns = [
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", PlacementExportView.as_view(), name="placement_export"),
    path(
        "exports/<int:pk>/",
        PlacementExportStatusView.as_view(),
        name="placement_export_status",
    ),
]
