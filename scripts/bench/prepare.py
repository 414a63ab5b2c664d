"""Inside Django (settings portal.settings.bench_scale): the benchmark database
made ready, and the list of pages to measure with the people who read them.

    python -m scripts.bench.prepare --students N --seed S --out var/bench/plan.json

Creates the PostgreSQL database if missing, migrates, writes the scale data
(seed_scale, with --fresh when another scale is there; skipped when the same
number of students is already there; then ANALYZE, as autovacuum would) and the
demo site (seed_demo: the public pages and the demo admin), collects static
files for the manifest storage, then signs one person of each role in (a
session row, as the test client makes it) and issues API tokens. With
--count-queries it also requests every page once through the test client and
records its query count (no server, no load).
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import django


def ensure_database() -> None:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    dsn = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**{k: v for k, v in dsn.items() if v}, autocommit=True) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
            print(f"Created database {db['NAME']}", flush=True)


def ensure_data(students: int, seed: int) -> None:
    from django.core.management import call_command

    from placements.models import StudentProfile
    from portal.accounts.models import User
    from portal.scale.base import EMAIL_DOMAIN

    call_command("migrate", interactive=False, verbosity=0)
    present = StudentProfile.objects.filter(user__email__endswith="@" + EMAIL_DOMAIN).count()
    if present == students:
        print(f"Scale data for {students} students already there: not seeded again", flush=True)
    else:
        print(f"seed_scale --students {students} (found {present})...", flush=True)
        call_command("seed_scale", students=students, seed=seed, fresh=present > 0)
        analyze()
    if not User.objects.filter(email="admin@example.org").exists():
        call_command("seed_demo", stdout=io.StringIO())


def analyze() -> None:
    """Planner statistics for the rows just written, as autovacuum keeps them in
    production. Bulk inserts leave none until autovacuum's next pass, and without
    them PostgreSQL guesses a table of thousands holds a row or two: the
    co-ordinator's dashboard then took 2.4 s in one query instead of 0.04 s."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def signed_in(user) -> dict:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{name}={client.cookies[name].value}"}


def bearer(user) -> dict:
    from portal.accounts import services

    issued = services.api_token_create(user=user, name="make bench", days=2)
    return {"Authorization": f"Bearer {issued.secret}"}


def placement_exports(tutor, admin, cohort: str) -> str:
    """The placement list's XLSX made by the worker (issue 20, requirement 4), timed:
    the tutor's filtered list and the admin's whole list. Returns the address of the
    tutor's export's status page (the page polled while it is made)."""
    import time

    from django.contrib.contenttypes.models import ContentType

    from placements.views.export import PLACEMENT_LIST
    from portal.exports import export_run
    from portal.models import DocumentExport

    tutors = None
    for who, filters in ((admin, {}), (tutor, {"status": ["active"], "cohort": [cohort]})):
        # Queued as export_request does, without Celery: the timing is the task's work.
        export = DocumentExport.objects.create(
            kind=PLACEMENT_LIST,
            content_type=ContentType.objects.get_for_model(who),
            object_id=who.pk,
            requested_by=who,
            parameters={"format": "xlsx", "filters": filters},
        )
        started = time.perf_counter()
        export = export_run(export.pk)
        seconds = time.perf_counter() - started
        print(
            f"Placement XLSX by the worker ({'filtered, tutor' if filters else 'all, admin'}): "
            f"{export.progress_done} of {export.progress_total} rows, {export.status}, "
            f"{seconds:.2f} s",
            flush=True,
        )
        tutors = export
    return f"/portal/placements/exports/{tutors.pk}/"


def pages() -> list[dict]:
    """The pages to measure, in order, each with the headers of the person reading it."""
    from django.db.models import Count, Q
    from wagtail.models import Locale

    from cms.models import HomePage, ServicePage
    from placements.casework.models import Child
    from placements.models import Placement
    from portal.accounts.models import Membership, User
    from portal.accounts.roles import Role
    from portal.scale.base import EMAIL_DOMAIN

    scale = Q(user__email__endswith="@" + EMAIL_DOMAIN)

    def first(role, **where):
        membership = (
            Membership.objects.filter(scale, role=role, **where).order_by("user_id").first()
        )
        if membership is None:
            raise SystemExit(f"no {role} in the scale data")
        return membership.user

    # The placement under way with the most supervision records: the student's
    # heaviest page, and everyone around it.
    placement = (
        Placement.objects.filter(
            student__email__endswith="@" + EMAIL_DOMAIN,
            status=Placement.Status.ACTIVE,
            practice_educator__isnull=False,
            onsite_supervisor__isnull=False,
            tutor__isnull=False,
        )
        .annotate(records=Count("supervision_sessions"))
        .order_by("-records", "pk")
        .select_related("student__student_profile", "course")
        .first()
    )
    if placement is None:
        raise SystemExit("no active placement in the scale data")
    admin = User.objects.get(email="admin@example.org")
    # A scale child with direct work (allocated, in a plan), the first by pk.
    child = (
        Child.objects.filter(
            created_by__email__endswith="@" + EMAIL_DOMAIN,
            allocations__isnull=False,
            plan_memberships__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    english = Locale.get_default()
    home = HomePage.objects.live().filter(locale=english).order_by("path").first()
    service = ServicePage.objects.live().filter(locale=english).order_by("path").first()
    cohort = placement.student.student_profile.cohort

    people = {
        "student": placement.student,
        "practice educator": placement.practice_educator,
        "on-site supervisor": placement.onsite_supervisor,
        "tutor": placement.tutor,
        "co-ordinator (host)": first(Role.COORDINATOR, organisation=placement.host),
        "co-ordinator (university)": first(
            Role.COORDINATOR, organisation=placement.course.university_id
        ),
        "school contact": first(Role.SCHOOL_CONTACT),
        "social worker": first(Role.SOCIAL_WORKER),
        "team manager": first(Role.TEAM_MANAGER),
        "life-story worker": first(Role.LIFESTORY_WORKER),
        "programme worker": first(Role.PROGRAMME_WORKER),
        "admin": admin,
    }
    sessions = {role: signed_in(user) for role, user in people.items()}
    tokens = {"tutor": bearer(placement.tutor), "admin": bearer(admin)}

    rows = [("Trivial Django view", "/bench/trivial/", "trivial", "anonymous", {})]
    for label, page in (("Public home", home), ("Service page", service)):
        if page is None:
            continue
        rows.append((f"{label} (page cache)", page.url, "public_cached", "anonymous", {}))
        rows.append(
            (
                f"{label} (uncached)",
                f"{page.url}?bench=uncached",
                "public_uncached",
                "anonymous",
                {},
            )
        )
    # A query string is never page-cached (cms.cache): search is always uncached.
    rows.append(
        ("Search (never page-cached)", "/search/?q=placement", "public_uncached", "anonymous", {})
    )
    for role, headers in sessions.items():
        rows.append((f"Dashboard: {role}", "/portal/", "signed_in", role, headers))
    p = placement.pk
    filters = f"status=active&cohort={cohort}"
    rows += [
        (
            "Placement page (student)",
            f"/portal/placements/{p}/",
            "signed_in",
            "student",
            sessions["student"],
        ),
        ("Placement list (tutor)", "/portal/placements/", "signed_in", "tutor", sessions["tutor"]),
        (
            "Placement list, filtered (tutor)",
            f"/portal/placements/?{filters}",
            "signed_in",
            "tutor",
            sessions["tutor"],
        ),
        (
            "Placement XLSX status page (tutor)",
            placement_exports(placement.tutor, admin, cohort),
            "signed_in",
            "tutor",
            sessions["tutor"],
        ),
        (
            "Placement list (univ co-ordinator)",
            "/portal/placements/",
            "signed_in",
            "co-ordinator (university)",
            sessions["co-ordinator (university)"],
        ),
        (
            "Supervision log (educator)",
            f"/portal/supervision/placements/{p}/",
            "signed_in",
            "practice educator",
            sessions["practice educator"],
        ),
        (
            "Schools we work with (host co-ordinator)",
            "/portal/casework/requests/schools/",
            "signed_in",
            "co-ordinator (host)",
            sessions["co-ordinator (host)"],
        ),
        (
            "Children list (admin)",
            "/portal/casework/children/",
            "signed_in",
            "admin",
            sessions["admin"],
        ),
    ]
    if child is not None:
        rows.append(
            (
                "Child's page (admin)",
                f"/portal/casework/children/{child.pk}/",
                "signed_in",
                "admin",
                sessions["admin"],
            )
        )
    rows.append(("API placements (tutor)", "/api/v1/placements/", "api", "tutor", tokens["tutor"]))
    # Named without ids, so that the same page has the same name at every scale.
    for label, endpoint in (
        ("placements", "placements/"),
        ("placement's days", f"placements/{p}/days"),
        ("placement's concerns", f"placements/{p}/concerns"),
        ("supervision", f"supervision/?placement={p}"),
        ("observations", f"observations/?placement={p}"),
        ("direct-work plans", "direct-work/plans/"),
        ("assessments", "assessments/"),
        ("school terms", "school-terms/"),
        ("children", "children/"),
        ("life-story books", "life-story-books/"),
        ("programmes", "programmes/"),
        ("referrals", "referrals/"),
    ):
        admin_token = tokens["admin"]
        rows.append((f"API {label} (admin)", f"/api/v1/{endpoint}", "api", "admin", admin_token))
    keys = ("name", "path", "kind", "user", "headers")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def count_queries(plan: list[dict]) -> None:
    """Each page's query count through the test client (a warm second request)."""
    from django.test import Client

    from portal.bench.middleware import HEADER

    for page in plan:
        client = Client(SERVER_NAME="127.0.0.1")
        headers = {k: v for k, v in page["headers"].items() if k != "Cookie"}
        if "Cookie" in page["headers"]:
            name, value = page["headers"]["Cookie"].split("=", 1)
            client.cookies[name] = value
        for _ in range(2):
            response = client.get(page["path"], headers=headers)
        page["status"] = response.status_code
        page["queries"] = int(response[HEADER]) if response.has_header(HEADER) else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count-queries", action="store_true")
    options = parser.parse_args()
    django.setup()
    ensure_database()
    ensure_data(options.students, options.seed)
    plan = pages()
    if options.count_queries:
        count_queries(plan)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(json.dumps(plan, indent=2))


if __name__ == "__main__":
    main()
