"""Browser journey at phone width: a university tutor asks for a placement's
portfolio pack for the assessment panel from the placement page, waits for it on
its status page and downloads the PDF. axe-core on each page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from placements.models import Placement
from tests.e2e.conftest import assert_accessible, sign_in_at
from tests.placements.support import make_cast

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_a_tutor_makes_and_downloads_the_portfolio_pack(
    page: Page, live_server, transactional_db, axe_violations, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast(status=Placement.Status.ACTIVE)
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in_at(page, base, cast.tutor.email)

    page.goto(f"{base}/portal/placements/{cast.placement.pk}/")
    page.get_by_role("button", name="Portfolio pack for the assessment panel").click()
    expect(
        page.get_by_role("heading", name="Portfolio pack for the assessment panel")
    ).to_be_visible()
    assert_accessible(page, axe_violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Create the portfolio pack").click()
    expect(page.get_by_test_id("export-status")).to_have_text("Ready", timeout=30_000)
    expect(page.get_by_test_id("export-progress")).to_have_text("7 of 7 steps")
    assert_accessible(page, axe_violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the portfolio pack").click()
    download = download_info.value
    assert download.suggested_filename.startswith("portfolio-pack-sam-student-")
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
