"""Exports of the placement list (CSV and XLSX): exactly what the filters show,
made in the background (portal.exports) and downloaded when ready. The files here
are made through the pages: the list's button posts the filters, the task runs
(eagerly, on commit), the status page offers the download."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from placements.models import EvidenceItem
from placements.views.export import export_headers
from portal.accounts.roles import Role
from portal.exports import export_run
from portal.models import DocumentExport
from tests.factories import OrganisationFactory, user_with_role
from tests.placements.factories import CourseFactory, UniversityFactory
from tests.placements.support import (
    LIST_URL,
    answer_cannot_tell,
    placement_for,
    placements_for_counting,
    raise_concern,
    university,
)

pytestmark = pytest.mark.django_db

CSV_URL = "/portal/placements/export.csv"
XLSX_URL = "/portal/placements/export.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def supervision_cannot_tell(monkeypatch):
    """The supervision app answering "cannot tell" for university()'s grey placement."""
    return answer_cannot_tell(monkeypatch)


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_rows(response) -> list[list[str]]:
    body = _body(response).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def xlsx_rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(_body(response))).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def listed_students(client, query: dict) -> list[str]:
    """The student column of every page of the list with these filters."""
    names, page = [], 1
    while True:
        response = client.get(LIST_URL, {**query, "page": page})
        page_obj = response.context["page_obj"]
        names += [p.student.name for p in page_obj]
        if not page_obj.has_next():
            return names
        page += 1


# --- Exactly what the filter shows ---------------------------------------------------------

FILTERS = [
    {},
    {"rag": "red"},
    {"rag": "amber"},
    {"rag": "no_data", "cohort": "2024"},
    {"cohort": "2024"},
    {"status": "passed"},
    {"q": "student"},
]


@pytest.mark.parametrize("query", FILTERS)
def test_the_csv_export_has_the_rows_the_filtered_list_shows(
    client, exporter, query, supervision_cannot_tell
):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    query = {**query}

    response = exporter.get(CSV_URL, query)

    assert response.status_code == 200
    rows = csv_rows(response)
    assert rows[0] == export_headers()
    assert [row[0] for row in rows[1:]] == listed_students(client, query)


def test_the_export_covers_every_page_of_the_list_in_its_order(
    client, exporter, supervision_cannot_tell
):
    uni = university(supervision_cannot_tell)
    for _ in range(30):
        raise_concern(placement_for(uni.ma))
    client.force_login(uni.tutor)
    query = {"rag": "amber", "course": uni.ma.pk}

    csv_students = [row[0] for row in csv_rows(exporter.get(CSV_URL, query))[1:]]
    xlsx_students = [row[0] for row in xlsx_rows(exporter.get(XLSX_URL, query))[1:]]

    assert len(csv_students) == 31
    assert csv_students == xlsx_students == listed_students(client, query)


def test_the_csv_file_says_what_it_is(client, exporter, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)

    response = exporter.get(CSV_URL, {"rag": "red"})

    assert response["Content-Type"].startswith("text/csv")
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="placements-{today:%Y-%m-%d}.csv"'
    )
    assert response["Cache-Control"] == "no-store"
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    response.streaming_content = [body]
    [header, row] = csv_rows(response)
    red = uni.red
    assert dict(zip(header, row, strict=True)) == {
        "Student": red.student.name,
        "Student number": red.student.student_profile.student_number,
        "Course": "BA Social Work",
        "Cohort": "2025",
        "Host organisation": red.host.name,
        "Team": "Early help team",
        "Practice educator": red.practice_educator.name,
        "University tutor": "Teresa Tutor",
        "Level": "First placement",
        "Start date": red.starts_on.isoformat(),
        "End date": red.ends_on.isoformat(),
        "Status": "Active",
        "Progress status (RAG)": "Red",
        # The supervision app answers for it (nothing missed): only the concern.
        "Reasons": "Open cause for concern (stage 2)",
        "Kind of setting": "Early help",
        "Service user group": "Children and families",
        "Statutory tasks": "No",
        "Contrasting settings rule overridden because": "",
        # It starts today: nothing logged or held yet.
        "Days required": str(red.required_days),
        "Days logged": "0",
        "Days confirmed": "0",
        "Supervision sessions held": "0",
        "Last supervision held": "",
        "Direct observations done": "0",
        "Direct observations required": str(red.course.observations_total),
    }


def test_the_xlsx_file_has_the_same_columns_with_real_dates(
    client, exporter, supervision_cannot_tell
):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)

    response = exporter.get(XLSX_URL, {"status": "passed"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"].endswith(
        f'filename="placements-{timezone.localdate():%Y-%m-%d}.xlsx"'
    )
    [header, row] = xlsx_rows(response)
    assert list(header) == export_headers()
    values = dict(zip(header, row, strict=True))
    assert values["Student"] == uni.passed.student.name
    assert values["Status"] == "Passed"
    assert values["Progress status (RAG)"] == "Not rated"
    assert values["Reasons"] is None
    assert values["Start date"].date() == uni.passed.starts_on


def test_an_empty_filter_exports_only_the_headers(client, exporter, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    assert csv_rows(exporter.get(CSV_URL, {"rag": "green"})) == [export_headers()]
    assert xlsx_rows(exporter.get(XLSX_URL, {"rag": "green"})) == [tuple(export_headers())]


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    client, exporter, supervision_cannot_tell
):
    uni = university(supervision_cannot_tell)
    uni.grey.student.name = '=HYPERLINK("http://evil.example","Click")'
    uni.grey.student.save(update_fields=["name"])
    client.force_login(uni.tutor)

    [_, csv_row] = csv_rows(exporter.get(CSV_URL, {"rag": "no_data"}))
    [_, xlsx_row] = xlsx_rows(exporter.get(XLSX_URL, {"rag": "no_data"}))

    assert csv_row[0] == '\'=HYPERLINK("http://evil.example","Click")'
    assert xlsx_row[0] == '\'=HYPERLINK("http://evil.example","Click")'


# --- Who may export -------------------------------------------------------------------------


def test_the_list_offers_the_export_buttons_with_the_filters(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    page = client.get(LIST_URL, {"rag": "red", "cohort": "2025"}).content.decode()
    assert f'action="{CSV_URL}?rag=red&amp;cohort=2025"' in page
    assert f'action="{XLSX_URL}?rag=red&amp;cohort=2025"' in page
    assert "Export as Excel (XLSX)" in page


@pytest.mark.parametrize("who", ["student", "educator"])
def test_students_and_practice_educators_cannot_export(client, who, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    person = uni.red.student if who == "student" else uni.red.practice_educator
    client.force_login(person)
    assert client.post(CSV_URL).status_code == 403
    assert client.post(XLSX_URL).status_code == 403
    assert "export.csv" not in client.get(LIST_URL).content.decode()
    assert not DocumentExport.objects.exists()


def test_a_school_contact_cannot_export(client):
    client.force_login(user_with_role(Role.SCHOOL_CONTACT))
    assert client.post(CSV_URL).status_code == 403
    assert not DocumentExport.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.post(CSV_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not DocumentExport.objects.exists()


def test_an_unknown_format_is_not_found(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    assert client.post("/portal/placements/export.pdf").status_code == 404


def test_asking_for_an_export_takes_a_post(client, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    assert client.get(CSV_URL).status_code == 405
    assert not DocumentExport.objects.exists()


def test_each_exporter_gets_only_their_own_scope(client, exporter, supervision_cannot_tell):
    uni = university(supervision_cannot_tell)
    other_tutor = user_with_role(Role.TUTOR, UniversityFactory())
    host_coordinator = user_with_role(Role.COORDINATOR, uni.red.host)
    unrelated_coordinator = user_with_role(Role.COORDINATOR, OrganisationFactory())

    def exported(user) -> set[str]:
        client.force_login(user)
        return {row[0] for row in csv_rows(exporter.get(CSV_URL))[1:]}

    assert exported(other_tutor) == set()
    assert exported(unrelated_coordinator) == set()
    assert exported(host_coordinator) == {uni.red.student.name}
    assert uni.elsewhere.student.name not in exported(uni.tutor)


def test_the_export_holds_no_evidence_text_or_child_details(
    client, exporter, supervision_cannot_tell
):
    uni = university(supervision_cannot_tell)
    EvidenceItem.objects.create(
        placement=uni.red,
        date=date(2026, 10, 1),
        kind=EvidenceItem.Kind.DIRECT_WORK,
        title="Group session on online safety",
        reflection="Worked with Zephyrine Quillfeather on staying safe online.",
        educator_comment="Good rapport with Zephyrine.",
    )
    client.force_login(uni.tutor)
    for url in (CSV_URL, XLSX_URL):
        response = exporter.get(url)
        body = _body(response)
        if url == XLSX_URL:
            response.streaming_content = [body]
            body = "\n".join(str(row) for row in xlsx_rows(response)).encode()
        # Names no factory invents, so the test cannot pass or fail by chance.
        assert b"Zephyrine" not in body
        assert b"Quillfeather" not in body
        assert b"staying safe" not in body


# --- Cost -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("query", [{}, {"rag": "red", "cohort": "2025"}])
def test_the_worker_makes_as_many_queries_for_fifty_placements_as_for_five(client, fmt, query):
    northgate = UniversityFactory()
    tutor = user_with_role(Role.TUTOR, northgate)
    client.force_login(tutor)

    def made(rows: int) -> tuple[int, int, int, int]:
        placements_for_counting(rows, northgate)
        client.post(f"/portal/placements/export.{fmt}?{urlencode(query)}")
        export = DocumentExport.objects.filter(requested_by=tutor).first()
        with CaptureQueriesContext(connection) as queries:
            export_run(export.pk)
        export.refresh_from_db()
        assert export.status == DocumentExport.Status.DONE, export.error
        with export.file.open("rb") as handle:
            response = FileResponse(handle)
            exported = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
        header = list(exported[0])

        def total(column: str) -> int:
            return sum(int(row[header.index(column)]) for row in exported[1:])

        held, done = total("Supervision sessions held"), total("Direct observations done")
        return len(queries), len(exported) - 1, held, done

    few, few_rows, *_ = made(5)
    more, more_rows, held, done = made(45)  # 50 in all

    assert (few_rows, more_rows) == ((5, 50) if not query else (2, 17))
    # Two in three have a session held and an observation written up; the red ones none.
    assert (held, done) == ((33, 33) if not query else (0, 0))
    # The rows, their RAG statuses (five for the supervision app's selectors), the
    # figures (one each for the days, the supervision sessions and the observations)
    # and the export's own bookkeeping: progress is written at the start and the end
    # here (PROGRESS_EVERY is more than 50), not per row.
    assert few == more <= 14 + 5 + 3 + 8


def test_a_course_of_another_university_exports_the_same_as_the_list_shows(
    client, exporter, supervision_cannot_tell
):
    # An invalid filter is ignored by the list (with an error message), and so by the export.
    uni = university(supervision_cannot_tell)
    client.force_login(uni.tutor)
    query = {"course": CourseFactory().pk}
    exported = [row[0] for row in csv_rows(exporter.get(CSV_URL, query))[1:]]
    assert exported == listed_students(client, query)
