"""Browser journey: a university tutor follows the RAG status from the dashboard to
the filtered list, exports it, and reads a placement's timeline. axe-core on each page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible as _accessible
from tests.factories import PASSWORD
from tests.placements.support import answer_cannot_tell, university

pytestmark = pytest.mark.e2e


def test_a_tutor_follows_the_red_placements_to_the_timeline(
    page: Page, live_server, transactional_db, axe_violations, monkeypatch
):
    # The live server runs in this process, so the "cannot tell" answer for the
    # grey placement reaches its pages too.
    uni = university(answer_cannot_tell(monkeypatch))
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(uni.tutor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/portal/")

    expect(page.get_by_role("heading", name="Progress of placements under way")).to_be_visible()
    expect(page.get_by_text("Red: needs action now")).to_be_visible()
    _accessible(page, axe_violations)

    page.get_by_role("link", name="1 red placement").click()
    expect(page).to_have_url(f"{base}/portal/placements/?rag=red")
    expect(page.get_by_text("1 placement", exact=True)).to_be_visible()
    expect(page.get_by_text("Open cause for concern (stage 2)")).to_be_visible()
    _accessible(page, axe_violations)

    page.get_by_label("Progress status (RAG)").select_option(label="Amber")
    page.get_by_label("Cohort").select_option("2024")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("Open cause for concern (stage 1)")).to_be_visible()
    _accessible(page, axe_violations)

    # The file is made in the background; the status page offers it when ready.
    page.get_by_role("button", name="Export as CSV").click()
    expect(page.get_by_role("heading", name="Placements as a CSV file")).to_be_visible()
    expect(page.get_by_test_id("export-status")).to_have_text("Ready", timeout=15_000)
    expect(page.get_by_test_id("export-progress")).to_have_text("1 of 1 placement")
    _accessible(page, axe_violations)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the CSV file").click()
    download = download_info.value
    assert download.suggested_filename.startswith("placements-")
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[0] for row in rows[1:]] == [uni.amber.student.name]

    page.get_by_role("link", name="Back to the placements").click()
    page.get_by_role("link", name=uni.amber.student.name).click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(page.get_by_text("Cause for concern raised (stage 1)")).to_be_visible()
    expect(page.get_by_text("Progress status: Amber")).to_be_visible()
    _accessible(page, axe_violations)
