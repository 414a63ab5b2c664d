"""The placement list's exports made in the background (issue 20, requirement 4):
the filters kept at request time, the rows as the requester may see them when the
worker runs, progress written every few rows and shown as "x of y placements" on
a status page that works without JavaScript, and refusals."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import load_workbook

from placements.views.export import PLACEMENT_LIST, export_headers
from portal import exports
from portal.accounts.models import Membership
from portal.accounts.roles import Role
from portal.exports import export_run
from portal.models import DocumentExport
from tests.factories import user_with_role
from tests.placements.factories import CourseFactory, UniversityFactory
from tests.placements.support import answer_cannot_tell, placement_for, university

pytestmark = pytest.mark.django_db

S = DocumentExport.Status
XLSX_URL = "/portal/placements/export.xlsx"
CSV_URL = "/portal/placements/export.csv"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def uni(monkeypatch):
    return university(answer_cannot_tell(monkeypatch))


def ask(client, url, query=None) -> DocumentExport:
    """Press the list's export button; the worker has not run yet (no commit)."""
    response = client.post(f"{url}?{urlencode(query or {}, doseq=True)}")
    assert response.status_code == 302
    return DocumentExport.objects.get(pk=resolve(response["Location"]).kwargs["pk"])


def status_url(export) -> str:
    return reverse("placements:placement_export_status", args=[export.pk])


def download_url(export) -> str:
    return reverse("portal:export_download", args=[export.pk])


def main_content(response) -> str:
    html = response.content.decode()
    return html[html.index('id="main-content"') :]


def sheet_rows(body: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(body)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def downloaded(client, export) -> bytes:
    response = client.get(download_url(export))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


# --- Waiting, progress, download -----------------------------------------------------------


def test_the_status_page_waits_without_javascript_then_offers_the_file(client, uni):
    client.force_login(uni.tutor)
    export = ask(client, XLSX_URL, {"cohort": "2025"})

    waiting = client.get(status_url(export))
    assert waiting.status_code == 200
    assert waiting["Cache-Control"] == "no-store"
    page = main_content(waiting)
    assert "Waiting to start" in page
    assert f'href="{status_url(export)}">Check again</a>' in page  # no script needed
    assert 'hx-trigger="every' in page  # and a poll for those with it
    assert download_url(export) not in page
    assert "<script>" not in waiting.content.decode()  # nothing inline (CSP)

    export_run(export.pk)

    ready = main_content(client.get(status_url(export)))
    assert "Ready" in ready
    assert "2 of 2 placements" in ready  # red and passed: the BA and MA 2025 cohort
    assert "hx-trigger" not in ready
    assert f'href="{download_url(export)}"' in ready
    assert "Download the Excel (XLSX) file" in ready
    rows = sheet_rows(downloaded(client, export))
    assert list(rows[0]) == export_headers()
    assert sorted(row[0] for row in rows[1:]) == sorted(
        [uni.red.student.name, uni.passed.student.name]
    )


def test_the_htmx_poll_gets_only_the_panel(client, uni):
    client.force_login(uni.tutor)
    export = ask(client, CSV_URL)
    panel = client.get(status_url(export), headers={"HX-Request": "true"})
    body = panel.content.decode()
    assert body.lstrip().startswith('<div id="export-status"')
    assert "<html" not in body
    assert "HX-Request" in panel["Vary"]


def test_progress_is_written_every_few_rows_and_reaches_the_total(client, monkeypatch):
    northgate = UniversityFactory()
    tutor = user_with_role(Role.TUTOR, northgate)
    course = CourseFactory(university=northgate)
    for _ in range(7):
        placement_for(course)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 3)
    client.force_login(tutor)
    export = ask(client, XLSX_URL)
    assert export.progress_total is None

    with CaptureQueriesContext(connection) as queries:
        export_run(export.pk)

    written = [
        int(match.group(1))
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE") and "progress_done" in query["sql"]
        for match in [re.search(r'"progress_done" = (\d+)', query["sql"])]
        if match
    ]
    # At the start, every third row and at the end: not once a row.
    assert written == [0, 3, 6, 7]
    export.refresh_from_db()
    assert (export.status, export.progress_done, export.progress_total) == (S.DONE, 7, 7)
    assert "7 of 7 placements" in main_content(client.get(status_url(export)))
    assert len(sheet_rows(downloaded(client, export))) == 1 + 7


def test_asking_again_with_the_same_filters_reuses_the_export_and_other_filters_do_not(client, uni):
    client.force_login(uni.tutor)
    first = ask(client, XLSX_URL, {"status": "passed"})
    assert ask(client, XLSX_URL, {"status": "passed"}) == first
    other = ask(client, XLSX_URL, {"status": "active"})
    as_csv = ask(client, CSV_URL, {"status": "passed"})
    assert len({first.pk, other.pk, as_csv.pk}) == 3
    assert first.parameters == {"format": "xlsx", "filters": {"status": ["passed"]}}


# --- The rows: as the requester may see them when the worker runs --------------------------


def test_the_worker_filters_again_as_the_requester_may_see_the_placements_then(client, uni):
    client.force_login(uni.tutor)
    export = ask(client, CSV_URL)
    # Before the worker runs, the red placement moves to another university's course.
    uni.red.course = CourseFactory()
    uni.red.tutor = None
    uni.red.save(update_fields=["course", "tutor"])

    export_run(export.pk)

    body = downloaded(client, export).decode("utf-8-sig")
    assert uni.red.student.name not in body
    assert uni.amber.student.name in body


def test_a_requester_who_lost_the_role_gets_no_file(client, uni):
    client.force_login(uni.tutor)
    export = ask(client, CSV_URL)
    # Their tutor role ends before the worker runs.
    Membership.objects.filter(user=uni.tutor).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )

    export_run(export.pk)

    export.refresh_from_db()
    assert export.status == S.FAILED
    assert not export.file


@pytest.mark.parametrize(
    "crafted",
    [
        {"course": "OTHER"},  # another university's course
        {"tutor": "OTHER_TUTOR", "university": "OTHER_UNI"},  # not filters at all
        {"q": "", "status": ["active", "passed"], "page": "99"},
    ],
    ids=["other course", "unknown fields", "odd values"],
)
def test_a_crafted_filter_never_reaches_beyond_what_the_tutor_may_see(client, uni, crafted):
    other = uni.elsewhere
    values = {
        "OTHER": str(other.course_id),
        "OTHER_TUTOR": str(other.tutor_id or ""),
        "OTHER_UNI": str(other.course.university_id),
    }
    query = {
        key: [values.get(v, v) for v in value]
        if isinstance(value, list)
        else values.get(value, value)
        for key, value in crafted.items()
    }
    client.force_login(uni.tutor)
    export = ask(client, XLSX_URL, query)
    export_run(export.pk)

    students = {row[0] for row in sheet_rows(downloaded(client, export))[1:]}
    assert other.student.name not in students
    assert students <= {p.student.name for p in (uni.red, uni.amber, uni.grey, uni.passed)}


# --- Refusals ------------------------------------------------------------------------------


def test_someone_elses_export_is_not_found_and_its_file_refused(client, uni):
    client.force_login(uni.tutor)
    export = ask(client, XLSX_URL)
    export_run(export.pk)
    colleague = user_with_role(Role.TUTOR, uni.university)

    client.force_login(colleague)
    assert client.get(status_url(export)).status_code == 404
    assert client.get(download_url(export)).status_code == 403

    client.force_login(uni.red.student)  # cannot export at all
    assert client.get(status_url(export)).status_code == 403
    assert client.get(download_url(export)).status_code == 404


def test_another_kind_of_document_is_not_shown_as_a_placement_export(client, uni):
    client.force_login(uni.tutor)
    export = ask(client, XLSX_URL)
    DocumentExport.objects.filter(pk=export.pk).update(kind="supervision_log")
    assert client.get(status_url(export)).status_code == 404


def test_the_kind_is_registered_for_the_worker():
    kind = exports.kind_for(PLACEMENT_LIST)
    assert kind.job is True
    assert kind.permission == "placements.export_placements"
