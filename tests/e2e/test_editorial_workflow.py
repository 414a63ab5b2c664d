"""Issue 7's editorial journey in a real browser: an editor changes a published
page in the Wagtail admin and submits it; the public keeps seeing the live
text until a moderator approves; then everyone sees the new text at once,
even though public pages are cached server-side (cms/cache.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage

from placements.models import Placement
from tests.e2e.conftest import describe_violations

pytestmark = pytest.mark.e2e

PUBLIC_PATH = "/about/about-us/"
LIVE_TEXT = "The Positive Outcomes Project and POCAR work in England"
NEW_TEXT = "Students, practice educators and universities record placements in the portal."


def visit_as_the_public(page: Page, url: str, axe_violations) -> str:
    """Open the public page with no session and return how the page cache answered."""
    response = page.goto(url)
    assert response.status == 200, url
    expect(page.get_by_role("heading", level=1)).to_have_text("About us")
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)
    return response.headers.get("x-page-cache", "")


def test_an_editors_change_goes_live_only_when_a_moderator_approves_it(
    page: Page, demo, sign_in, axe_violations
):
    about_this_site = WagtailPage.objects.get(slug="about", depth=3)
    public_url = f"{demo}{PUBLIC_PATH}"
    # The server-side cache is what this test is about: keep the browser's own
    # HTTP cache (Cache-Control: public, max-age) from answering instead.
    # Playwright sends routed requests to the network, past the browser's cache.
    page.route(public_url, lambda route: route.continue_())

    # A visitor reads the live page, and a repeat view comes from the page cache.
    visit_as_the_public(page, public_url, axe_violations)
    assert visit_as_the_public(page, public_url, axe_violations) == "hit"
    expect(page.get_by_text(LIVE_TEXT)).to_be_visible()

    # The editor finds the page in the admin's explorer and rewrites its first paragraph.
    sign_in("editor@example.org")
    page.goto(f"{demo}/admin/pages/{about_this_site.pk}/")
    page.get_by_role("link", name="About us", exact=True).click()
    expect(page.get_by_label(re.compile(r"^Title\*?$"))).to_have_value("About us")
    paragraph = page.locator(".Draftail-Editor [contenteditable='true']").first
    expect(paragraph).to_contain_text(LIVE_TEXT)
    paragraph.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(NEW_TEXT)
    expect(paragraph).to_have_text(NEW_TEXT)
    # Draftail writes what was typed into the block's hidden input a moment later;
    # that input is what the form sends.
    expect(page.locator("input[name='body-0-value']")).to_have_value(re.compile(NEW_TEXT))

    # An editor cannot publish: the only way on is to submit it for approval.
    footer = page.get_by_role("navigation", name="Actions (footer)")
    expect(footer.get_by_role("button", name=re.compile("^Publish"))).to_have_count(0)
    footer.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Moderators approval").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Page 'About us' has been submitted for moderation."
    )

    # Editors reach the site editor only, never the portal's records.
    placement = Placement.objects.order_by("pk").first()
    assert page.goto(f"{demo}{reverse('placements:placement_list')}").status in (403, 404)
    detail = reverse("placements:placement_detail", args=[placement.pk])
    assert page.goto(f"{demo}{detail}").status in (403, 404)
    expect(page.get_by_text(str(placement.student))).to_have_count(0)

    # Submitted is not published: the public still reads the live text.
    page.context.clear_cookies()
    visit_as_the_public(page, public_url, axe_violations)
    expect(page.get_by_text(LIVE_TEXT)).to_be_visible()
    expect(page.get_by_text(NEW_TEXT)).to_have_count(0)

    # The moderator finds it awaiting their review on the dashboard and approves it.
    sign_in("admin@example.org")
    page.goto(f"{demo}/admin/")
    expect(page.get_by_role("heading", name="Awaiting your review")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="About us", exact=True))
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(
        page.get_by_role("row").filter(has=page.get_by_role("link", name="About us", exact=True))
    ).to_have_count(0)

    # Publishing started a new cache generation: the public sees the new text at once.
    page.context.clear_cookies()
    assert visit_as_the_public(page, public_url, axe_violations) == "miss"
    expect(page.get_by_text(NEW_TEXT)).to_be_visible()
    expect(page.get_by_text(LIVE_TEXT)).to_have_count(0)
