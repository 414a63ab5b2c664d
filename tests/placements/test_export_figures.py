"""The placement XLSX export for tutors (issue 22, requirement 6): column widths,
a filter on the header row, the student number, and the days, supervision and
direct observation figures, counted by the database (the worker's query count is
pinned in tests/placements/test_export.py)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from placements.models import Placement, PlacementDay
from placements.views.export import export_headers
from supervision.models import Observation, SupervisionSession
from tests.placements.factories import CourseFactory, UniversityFactory
from tests.placements.support import confirm_days, placement_for
from tests.placements.test_export import XLSX_URL, _body
from tests.supervision.factories import ObservationFactory, SupervisionSessionFactory

pytestmark = pytest.mark.django_db

S = Placement.Status
Session = SupervisionSession.Status
Obs = Observation.Status


@pytest.fixture
def placement():
    course = CourseFactory(university=UniversityFactory(), observations_total=3)
    today = timezone.localdate()
    placement = placement_for(course, status=S.ACTIVE, required_days=70)
    placement.starts_on = today - timedelta(days=40)
    placement.save(update_fields=["starts_on"])
    profile = placement.student.student_profile
    profile.student_number = "S2025-0042"
    profile.save(update_fields=["student_number"])
    confirm_days(placement, 3)
    PlacementDay.objects.create(placement=placement, date=today, kind="placement", hours=7)
    for days, status in [(21, Session.LOCKED), (14, Session.DRAFT), (7, Session.CANCELLED)]:
        SupervisionSessionFactory(
            placement=placement, date=today - timedelta(days=days), status=status
        )
    SupervisionSessionFactory(  # booked for next week
        placement=placement, date=today + timedelta(days=7), status=Session.SCHEDULED
    )
    for status in (Obs.LOCKED, Obs.PLANNED):
        ObservationFactory(placement=placement, status=status)
    return placement


def workbook(exporter, client, user):
    client.force_login(user)
    return load_workbook(io.BytesIO(_body(exporter.get(XLSX_URL)))).active


def test_the_xlsx_has_the_student_number_and_the_days_supervision_and_observation_figures(
    client, exporter, placement
):
    sheet = workbook(exporter, client, placement.tutor)
    [header, row] = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert header == export_headers()
    values = dict(zip(header, row, strict=True))
    today = timezone.localdate()
    assert values["Student number"] == "S2025-0042"
    assert (values["Days required"], values["Days logged"], values["Days confirmed"]) == (
        70,
        4,
        3,
    )
    # Held: the locked record and the one being written; not the cancelled or the booked one.
    assert values["Supervision sessions held"] == 2
    assert values["Last supervision held"].date() == today - timedelta(days=14)
    assert (values["Direct observations done"], values["Direct observations required"]) == (1, 3)


def test_a_placement_with_nothing_recorded_has_zeros_and_no_date(client, exporter):
    course = CourseFactory(university=UniversityFactory(), observations_total=2)
    empty = placement_for(course, status=S.ACTIVE)
    sheet = workbook(exporter, client, empty.tutor)
    [header, row] = [[cell.value for cell in r] for r in sheet.iter_rows()]
    values = dict(zip(header, row, strict=True))
    assert values["Days logged"] == values["Days confirmed"] == 0
    assert values["Supervision sessions held"] == 0
    assert values["Last supervision held"] is None
    assert (values["Direct observations done"], values["Direct observations required"]) == (0, 2)


def test_the_xlsx_has_a_filter_on_its_header_row_and_columns_wide_enough(
    client, exporter, placement
):
    sheet = workbook(exporter, client, placement.tutor)
    headers = export_headers()
    last = get_column_letter(len(headers))
    assert sheet.auto_filter.ref == f"A1:{last}2"
    assert sheet.freeze_panes == "A2"
    for index, title in enumerate(headers, start=1):
        width = sheet.column_dimensions[get_column_letter(index)].width
        # Wide enough for the header (up to a cap), never a wall of text.
        assert min(len(title), 40) + 1 <= width <= 52, (title, width)
    dates = {
        headers.index(name) + 1 for name in ("Start date", "End date", "Last supervision held")
    }
    for column in dates:
        assert sheet.cell(row=2, column=column).number_format == "DD/MM/YYYY"
