"""Browser journeys in Debian's Chromium against pytest-django's live server.

`make test-e2e` sets DJANGO_ALLOW_ASYNC_UNSAFE=true: Playwright's sync API runs
an event loop in the test thread, and the tests still use the ORM.
"""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from playwright.sync_api import Page

from cms.facts import forget_figures
from portal.management.commands.seed_demo import DEMO_PASSWORD
from tests.migration_data import restore_migration_data

CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = settings.BASE_DIR / "build" / "static" / "vendor" / "axe" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: apt-get install chromium chromium-driver fonts-liberation",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def _migration_data(transactional_db):
    """Every browser test starts from what migrations create, whatever ran before."""
    restore_migration_data()


# The seeded demo database, kept after the first seed of the day: seed_demo takes
# about ten seconds, a copy back through SQLite's backup API a few milliseconds.
_seeded: dict[date, sqlite3.Connection] = {}


@pytest.fixture
def demo(live_server, transactional_db):
    """Demo data (seed_demo) in the live server's database. Returns its URL.

    The first test seeds the demo and keeps a copy of the whole database; every
    later one loads that copy (the demo's dates are relative to today, so a new
    day seeds again). Caches are emptied, as a fresh seed would find them."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        restore_migration_data()
        call_command("seed_demo", stdout=io.StringIO())
        return live_server.url
    today = date.today()
    kept = _seeded.get(today)
    if kept is None:
        restore_migration_data()
        call_command("seed_demo", stdout=io.StringIO())
        kept = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(kept)
        _seeded.clear()
        _seeded[today] = kept
    else:
        kept.backup(connection.connection)
    cache.clear()
    forget_figures()
    ContentType.objects.clear_cache()
    return live_server.url


@pytest.fixture
def sign_in(demo, page: Page):
    """sign_in(email, password=DEMO_PASSWORD): fill in and send the sign-in form."""

    def _sign_in(email: str, password: str = DEMO_PASSWORD) -> None:
        page.goto(f"{demo}/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    return _sign_in


@pytest.fixture
def axe_violations(page: Page):
    """axe_violations() -> the current page's axe-core violations of serious or
    critical impact. The strict CSP blocks add_script_tag, so the source is
    evaluated through the DevTools protocol instead."""
    source = AXE_SOURCE.read_text(encoding="utf-8")

    def run() -> list[dict]:
        page.evaluate(source)
        return page.evaluate(
            """async () => {
                const results = await axe.run(document);
                if (results.passes.length === 0) {
                    throw new Error("axe-core checked nothing on this page");
                }
                return results.violations
                    .filter((v) => v.impact === "serious" || v.impact === "critical")
                    .map((v) => ({
                        id: v.id,
                        impact: v.impact,
                        help: v.help,
                        helpUrl: v.helpUrl,
                        nodes: v.nodes.map((n) => ({
                            target: n.target.join(" "),
                            html: n.html,
                            summary: n.failureSummary,
                        })),
                    }));
            }"""
        )

    return run


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe-core found {len(violations)} serious or critical problem(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            lines.extend(f"      {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


@pytest.fixture
def browser_problems(page: Page):
    """browser_problems() -> what the browser reported since the test started:
    CSP violations (securitypolicyviolation events, on every page visited),
    console errors and uncaught page errors."""
    problems: dict[str, list[str]] = {"csp_events": [], "console": [], "page_errors": []}

    # Both run through the DevTools protocol, so the page's CSP does not block them.
    def report_csp(text: str) -> None:
        problems["csp_events"].append(text)

    page.expose_function("__portalReportCsp", report_csp)
    page.add_init_script(
        """
        document.addEventListener("securitypolicyviolation", (e) => {
            window.__portalReportCsp(
                `${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI}`
            );
        });
        """
    )
    page.on("console", lambda m: m.type == "error" and problems["console"].append(m.text))
    page.on("pageerror", lambda error: problems["page_errors"].append(str(error)))

    def collect() -> dict[str, list[str]]:
        return {key: list(values) for key, values in problems.items()}

    return collect


def describe_problems(found: dict[str, list[str]]) -> str:
    return "The browser reported:\n" + json.dumps(found, indent=2)


def wait_for_govuk_frontend(page: Page) -> None:
    """Wait until GOV.UK Frontend has started on the page (it marks the body).

    A locator wait, not `wait_for_function`: a string predicate that is not true at
    once is polled with eval inside the page, which our CSP (no 'unsafe-eval')
    refuses, so a page whose scripts start a moment late failed the wait."""
    page.locator("body.govuk-frontend-supported").wait_for(state="attached")


def assert_accessible(page: Page, axe_violations) -> None:
    """Wait for GOV.UK Frontend to start, then fail on serious or critical axe findings."""
    wait_for_govuk_frontend(page)
    violations = axe_violations()
    assert violations == [], describe_violations(page.url, violations)


def sign_in_at(page: Page, base: str, email: str, password: str | None = None) -> None:
    """Sign in at `base` as `email` (a factory user's password unless given), starting
    from a fresh session, and land on the dashboard."""
    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/portal/")
