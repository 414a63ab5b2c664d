"""Every portal page fits a phone (issue 22, requirement 1).

As each demo role, at 390 × 844, the walk starts at the dashboard and follows the
portal's own links (GET only, one visit per address pattern): on no page is the
document wider than the screen. Tables sit in a labelled region that scrolls
sideways by itself and that a keyboard can reach."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from portal.management.commands.seed_demo import USERS
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
PAGES_PER_ROLE = 120
FOCUS_YELLOW = "rgb(255, 221, 0)"  # GOV.UK's focus colour
# Signing out, files (CSV, XLSX, PDF, calendars), the Wagtail and Django admins.
SKIPPED = re.compile(
    r"logout|sign-?out|download|export|\.(csv|xlsx|pdf|ics)\b|[?&]format=|/(cms|admin)/",
    re.IGNORECASE,
)
# Numbers, UUIDs and tokens in an address: 50 placements are one page to check.
VARIABLE_SEGMENT = re.compile(r"^(\d+|[0-9a-f-]{32,36}|[A-Za-z0-9_-]{20,})$")

PORTAL_LINKS = """() => [...document.querySelectorAll("a[href]")]
    .filter((a) => !a.closest("[data-testid=portal-language]"))
    .map((a) => a.href)"""

# Elements whose right edge passes the viewport, widest first, leaving out those a
# scrolling or clipping box holds in (they do not widen the page).
WIDEST = """() => {
    const limit = window.innerWidth;
    const clipped = (el) => {
        // Simplified: a box that clips holds in all but absolutely placed elements.
        if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            const style = getComputedStyle(up);
            if (style.overflowX !== "visible" || style.clip !== "auto") return true;
        }
        return false;
    };
    const found = [];
    for (const el of document.body.querySelectorAll("*")) {
        const right = el.getBoundingClientRect().right + window.scrollX;
        if (right <= limit + 0.5 || clipped(el)) continue;
        const name = el.tagName.toLowerCase()
            + (el.id ? "#" + el.id : "")
            + [...el.classList].map((c) => "." + c).join("");
        found.push({right: Math.round(right), name, text: el.textContent.trim().slice(0, 60)});
    }
    found.sort((a, b) => b.right - a.right);
    return found.slice(0, 3);
}"""


def _eventually(check, seconds: float = 2.0) -> bool:
    """Poll from Python: page-side polling evaluates strings, which our CSP refuses."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def address_pattern(path: str) -> str:
    return "/".join(
        "<id>" if VARIABLE_SEGMENT.match(segment) else segment for segment in path.split("/")
    )


def walk_the_portal(page: Page, base: str) -> tuple[list[str], list[str]]:
    """Visit the portal from the dashboard; return (pages visited, pages too wide or
    that failed with a server error, so were not checked)."""
    queue = [f"{base}/portal/"]
    seen = {address_pattern("/portal/")}
    visited: list[str] = []
    too_wide: list[str] = []
    while queue and len(visited) < PAGES_PER_ROLE:
        url = queue.pop(0)
        response = page.goto(url)
        path = urlsplit(page.url).path
        visited.append(url.removeprefix(base))
        if response is not None and response.status >= 500:
            too_wide.append(f"{path}: could not be checked, the server answered {response.status}")
            continue
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            widest = "; ".join(
                f"{e['name']} to {e['right']} px ({e['text']!r})" for e in page.evaluate(WIDEST)
            )
            too_wide.append(f"{path}: {width} px wide; {widest or 'no single element'}")
        for href in page.evaluate(PORTAL_LINKS):
            link = urlsplit(href)
            if f"{link.scheme}://{link.netloc}" != base or not link.path.startswith("/portal/"):
                continue
            address = link.path + (f"?{link.query}" if link.query else "")
            pattern = address_pattern(link.path)
            if SKIPPED.search(address) or pattern in seen:
                continue
            seen.add(pattern)
            queue.append(f"{base}{address}")
    return visited, too_wide


@pytest.mark.parametrize("email", [email for email, *_ in USERS])
def test_no_portal_page_scrolls_sideways_on_a_phone(page: Page, demo, sign_in, email):
    page.set_viewport_size(PHONE)
    sign_in(email)
    expect(page).to_have_url(f"{demo}/portal/")

    started = time.monotonic()
    visited, too_wide = walk_the_portal(page, demo)
    print(f"{email}: {len(visited)} pages in {time.monotonic() - started:.1f} s")

    assert len(visited) > 1, f"{email} reached no page from the dashboard"
    assert too_wide == [], (
        f"{len(too_wide)} of {len(visited)} pages do not fit 390 px for {email}:\n"
        + "\n".join(too_wide)
    )


def test_a_table_scrolls_in_a_labelled_region_a_keyboard_reaches(
    page: Page, demo, sign_in, axe_violations
):
    page.set_viewport_size(PHONE)
    sign_in("coordinator@example.org")
    page.goto(f"{demo}/portal/placements/")

    region = page.locator(".app-table-scroll").first
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).to_have_attribute("aria-label", re.compile(r"\w"))
    # The table is wider than the phone; the region scrolls, not the page.
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A keyboard user reaches the region, sees where the focus is, and scrolls it.
    shadow = "el => getComputedStyle(el).boxShadow"
    assert region.evaluate(shadow) == "none"
    region.focus()
    expect(region).to_be_focused()
    assert FOCUS_YELLOW in region.evaluate(shadow), "the focused region shows no focus indicator"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert _eventually(lambda: region.evaluate("el => el.scrollLeft") > 0)

    # The first column stays in view while the rest scrolls under it.
    first_cell = region.locator("tbody tr").first.locator("th, td").first
    before = first_cell.bounding_box()["x"]
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert first_cell.bounding_box()["x"] == pytest.approx(before, abs=1)

    assert_accessible(page, axe_violations)
