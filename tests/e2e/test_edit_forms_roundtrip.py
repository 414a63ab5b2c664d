"""Every edit form round-trips (issue 21, requirement 2).

Dates written back as 11/01/2027 into <input type="date"> (which reads only
2027-01-11) showed as empty boxes and were sent as nothing, so saving a form
unchanged erased optional dates. For each form of tests/e2e/edit_forms.py, as
the demo user who would use it, this test:
(a) checks that the browser holds every value the server wrote into the page
    (value attribute, selected option, checked box, textarea text);
(b) submits the form unchanged and checks that no existing row of the portal's
    tables changed, none was deleted, and (for an edit form) none was created and
    the form was not refused; a "new" form may create a row, whose dates must be
    the ones the form showed;
(c) checks that no history version written meanwhile changes a field.
The demo is seeded once; every form is tried and all failures reported together.
"""

from __future__ import annotations

import time
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import Browser, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from portal.management.commands.seed_demo import DEMO_PASSWORD
from portal.models import Notification
from tests.e2e import db_snapshot
from tests.e2e.edit_forms import RoundTrip, opened_only, round_trips

pytestmark = pytest.mark.e2e

# The form's fields as the server wrote them and as the browser holds them.
READ_FIELDS = """(form) => {
    const label = (el) => {
        const byFor = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
        const text = (byFor || el.closest("fieldset")?.querySelector("legend"))?.textContent;
        return (text || "").replace(/\\s+/g, " ").trim();
    };
    const rows = [];
    for (const el of form.elements) {
        const type = (el.type || el.tagName).toLowerCase();
        if (!el.name || ["submit", "button", "reset", "file", "hidden"].includes(type)) continue;
        let server, browser;
        if (type === "checkbox" || type === "radio") {
            server = el.defaultChecked ? el.value : null;
            browser = el.checked ? el.value : null;
        } else if (el.tagName === "SELECT") {
            const options = Array.from(el.options);
            server = options.filter((o) => o.defaultSelected).map((o) => o.value);
            browser = options.filter((o) => o.selected).map((o) => o.value);
            // Nothing marked: a single select shows its first option.
            if (!el.multiple && server.length === 0 && options.length) server = [options[0].value];
            server = server.join(","); browser = browser.join(",");
        } else if (el.tagName === "TEXTAREA") {
            server = el.defaultValue; browser = el.value;
        } else {
            server = el.getAttribute("value") ?? ""; browser = el.value;
        }
        rows.push({name: el.name, type, label: label(el), server, browser});
    }
    return rows;
}"""

FORMS_WITH_FIELDS = """() => Array.from(document.querySelectorAll("main form"))
    .map((form, index) => ({form, index}))
    .filter(({form}) => (form.method || "").toLowerCase() === "post")
    .filter(({form}) => Array.from(form.elements).some((el) => el.name
        && !["submit", "button", "reset", "hidden"].includes((el.type || "").toLowerCase())))
    .map(({index}) => index)"""

SUBMIT = (
    "button[type=submit]:not(.govuk-button--secondary):not(.govuk-button--warning),"
    " button:not([type]):not(.govuk-button--secondary):not(.govuk-button--warning),"
    " input[type=submit]"
)


class SignedInPages:
    """One browser context per demo user, signed in on first use."""

    def __init__(self, browser: Browser, base: str) -> None:
        self.browser, self.base, self.pages = browser, base, {}

    def signed_in(self, email: str) -> Page:
        if email not in self.pages:
            page = self.browser.new_context().new_page()
            page.set_default_timeout(15_000)
            page.on("dialog", lambda dialog: dialog.accept())  # a "leave this page?" warning
            page.goto(f"{self.base}/accounts/login/")
            page.get_by_label("Email").fill(email)
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{self.base}/portal/")
            self.pages[email] = page
        return self.pages[email]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


def _open(page: Page, base: str, name: str, target) -> str | None:
    """Go to the form; a problem if it did not open."""
    path = reverse(name, kwargs=target.kwargs)
    url = f"{base}{path}" + (f"?{target.query}" if target.query else "")
    response = page.goto(url)
    landed = urlsplit(page.url).path
    if response is None or response.status != 200 or landed != path:
        banner = page.locator(".govuk-notification-banner, .govuk-error-summary").all_inner_texts()
        status = response.status if response else "no response"
        return f"did not open {url}: {status}, landed on {landed} {banner}"
    return None


def _the_form(page: Page, selector: str):
    if selector:
        return page.locator(selector).first, None
    candidates = page.evaluate(FORMS_WITH_FIELDS)
    if len(candidates) != 1:
        return None, f"{len(candidates)} forms with fields in <main>: give the entry a selector"
    return page.locator("main form").nth(candidates[0]), None


def _value_problems(fields: list[dict]) -> list[str]:
    return [
        f"field {f['name']} ({f['type']}, “{f['label']}”): the server wrote {f['server']!r}, "
        f"the browser holds {f['browser']!r}"
        for f in fields
        if f["server"] != f["browser"]
    ]


def _new_row_dates(created, shown: dict[str, str]) -> list[str]:
    """A created row's dates against what the form showed under the same name."""
    problems = []
    for label, pk, values in created:
        for column, value in values.items():
            if isinstance(value, date) and column in shown:
                model = apps.get_model(label)
                kind = model._meta.get_field(column).get_internal_type()
                if kind == "DateField" and value.isoformat() != shown[column]:
                    problems.append(
                        f"{label} #{pk} created with {column}={value.isoformat()}, "
                        f"the form showed {shown[column]!r}"
                    )
    return problems


def _submit(page: Page, form, new: bool) -> tuple[list[str], list[str]]:
    """Send the form as it is: (problems, notes)."""
    invalid = form.evaluate(
        """(form) => Array.from(form.elements)
            .filter((el) => el.willValidate && !el.checkValidity())
            .map((el) => `${el.name}: ${el.validationMessage}`)"""
    )
    novalidate = form.evaluate("(form) => form.noValidate")
    if invalid and not novalidate:
        problem = f"the browser refuses to send it: {invalid}"
        return ([] if new else [problem]), ([problem] if new else [])
    button = form.locator(SUBMIT).first
    try:
        with page.expect_navigation(wait_until="load") as navigation:
            button.click()
        response = navigation.value
    except PlaywrightTimeout:
        return ["submitting it did not load a page"], []
    problems, notes = [], []
    if response is not None and response.status >= 500:
        problems.append(f"the server answered {response.status}")
    refused = page.locator(".govuk-error-summary").all_inner_texts()
    if refused:
        text = " ".join(" ".join(refused).split())
        if new:
            notes.append(f"refused: {text[:100]}")
        else:
            problems.append(f"the unchanged form was refused: {text}")
    return problems, notes


def _round_trip(page: Page, base: str, name: str, entry: RoundTrip, target) -> tuple[list, list]:
    """Open, check, send unchanged, compare: (problems, notes)."""
    problem = _open(page, base, name, target)
    form, form_problem = (None, None) if problem else _the_form(page, entry.form)
    if problem or form_problem:
        return [problem or form_problem], []
    fields = form.evaluate(READ_FIELDS)
    problems = _value_problems(fields)
    shown = {f["name"]: f["browser"] for f in fields if f["type"] == "date"}
    marks = db_snapshot.history_marks()
    before, notified = db_snapshot.take(), Notification.objects.count()
    sent, notes = _submit(page, form, entry.new)
    problems += sent
    notified = Notification.objects.count() - notified
    if notified:
        notes.append(f"{notified} notification(s) sent")
    difference = db_snapshot.compare(before, db_snapshot.take())
    problems += difference.lines(new_rows_allowed=entry.new)
    if entry.new:
        problems += _new_row_dates(difference.created, shown)
        if difference.created:
            notes.append(f"created {[(label, pk) for label, pk, _ in difference.created]}")
    # History versions: what the rows above do not show already.
    seen = {change[:3] for change in difference.changed}
    problems += [
        db_snapshot.describe(change, "history: a new version of ")
        for change in db_snapshot.history_changes(marks)
        if change[:3] not in seen
    ]
    return problems, notes


def _opened_only(page: Page, base: str, name: str, target) -> list[str]:
    problem = _open(page, base, name, target)
    form, form_problem = (None, None) if problem else _the_form(page, "")
    if problem or form_problem:
        return [problem or form_problem]
    return _value_problems(form.evaluate(READ_FIELDS))


def test_every_form_shows_its_values_and_saves_unchanged_without_changing_anything(
    demo, browser: Browser
):
    pages = SignedInPages(browser, demo)
    cases = [(name, entry, True) for name, entry in round_trips()]
    cases += [(name, entry, False) for name, entry in opened_only()]
    failures, log = [], []
    started = time.monotonic()
    try:
        for name, entry, send in cases:
            began = time.monotonic()
            try:
                target = entry.find()
                user = target.user or entry.user
                page = pages.signed_in(user)
                if send:
                    problems, notes = _round_trip(page, demo, name, entry, target)
                else:
                    problems, notes = _opened_only(page, demo, name, target), ["not sent"]
            except Exception as error:  # noqa: BLE001 - reported with the others
                user, target, problems, notes = entry.user, None, [f"error: {error!r}"], []
            took = time.monotonic() - began
            log.append(f"{'FAIL' if problems else 'ok  '} {name} as {user} ({took:.1f} s) {notes}")
            if problems:
                where = f"{target.kwargs} {target.query}".strip() if target else ""
                failures.append(f"{name} as {user} {where}:\n    - " + "\n    - ".join(problems))
    finally:
        pages.close()
    print(f"\n{len(cases)} forms in {time.monotonic() - started:.0f} s\n" + "\n".join(log))
    failures += _generic_messages([(name, entry) for name, entry, _send in cases])
    assert not failures, f"{len(failures)} form(s) do not round-trip:\n" + "\n".join(failures)


def _generic_messages(cases) -> list[str]:
    """Issue 21, requirement 5: every form sent empty names what to enter in each
    field; none shows Django's generic messages. Records are found first, since an
    empty form may clear what a later form's record is found by."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.portal.support import GENERIC_MESSAGES

    found = []
    for name, entry in cases:
        try:
            target = entry.find()
        except Exception as error:  # noqa: BLE001 - reported with the others
            found.append((name, None, f"error: {error!r}"))
            continue
        found.append((name, target, target.user or entry.user))
    failures = []
    users = get_user_model().objects
    for name, target, user in found:
        if target is None:
            failures.append(f"{name}: {user}")
            continue
        client = Client()
        client.force_login(users.get(email=user))
        path = reverse(name, kwargs=target.kwargs)
        text = client.post(path + (f"?{target.query}" if target.query else ""), {}).content
        shown = [m for m in GENERIC_MESSAGES if m.encode() in text]
        if shown:
            failures.append(f"{name} as {user}, sent empty: Django's generic {shown}")
    return failures
