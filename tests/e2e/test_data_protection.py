"""Browser journey: the administrator answers data protection work on the demo
data. A dry run of the retention schedules, a subject access export for a demo
child made in the background and downloaded, and a rights request recorded and
extended. axe-core on each page."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from playwright.sync_api import Page, expect

from placements.casework.models import Child
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_the_admin_runs_a_dry_run_exports_a_childs_data_and_records_a_request(
    page: Page, demo, sign_in, axe_violations
):
    child = Child.objects.filter(first_name="Oscar").order_by("pk").first()
    sign_in("admin@example.org")
    expect(page).to_have_url(f"{demo}/portal/")

    page.get_by_role("link", name="Retention: what was anonymised or deleted, and when").click()
    expect(page.get_by_role("heading", name="Retention")).to_be_visible()
    expect(page.get_by_text("No run yet")).to_be_visible()
    page.get_by_role("button", name="Check what a run today would do").click()
    expect(page.get_by_text("The dry run has started")).to_be_visible()
    page.reload()
    expect(page.get_by_role("cell", name="Dry run by Ada Admin")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.locator("table a").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Dry run counted to"))).to_be_visible()
    expect(page.get_by_role("cell", name="casework.Child", exact=True)).to_be_visible()
    assert_accessible(page, axe_violations)

    page.goto(f"{demo}/portal/")
    page.get_by_role("link", name="Subject access: everything held about one person").click()
    page.get_by_label("A child", exact=True).check()
    page.get_by_label("Email address or child's reference").fill(child.reference)
    page.get_by_role("button", name="Find them").click()
    label = f"{child.first_name} {child.last_name} ({child.reference})"
    expect(page.get_by_role("cell", name=label, exact=True)).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_role("link", name="Export").first.click()
    page.get_by_role("button", name="Make the export").click()
    expect(page.get_by_test_id("export-status")).to_have_text("Ready", timeout=30_000)
    assert_accessible(page, axe_violations)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the ZIP").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["about"] == {"kind": "child", "id": child.pk}
    assert manifest["record_types"]["casework.Child"] == 1

    page.goto(f"{demo}/portal/privacy/requests/")
    expect(page.get_by_text("No open requests.")).to_be_visible()
    page.get_by_role("button", name="Record a request").click()
    page.get_by_label("Access (a copy of their data)").check()
    page.get_by_label("Who asked").fill("His mother, by letter")
    page.get_by_label("A child", exact=True).check()
    page.get_by_label("Their id").fill(str(child.pk))
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_text("The request is recorded. Answer it by")).to_be_visible()
    assert_accessible(page, axe_violations)
    page.get_by_label("Two months").check()
    page.get_by_label("Why it needs more time").fill("Records are held by three services.")
    page.get_by_role("button", name="Extend the deadline").click()
    expect(page.get_by_text("The new deadline is")).to_be_visible()
    expect(page.get_by_role("heading", name="Extend the deadline")).to_have_count(0)
