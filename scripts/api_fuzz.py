"""`make test-api-fuzz`: schemathesis over /api/v1/openapi.json, as three callers.

Builds the demo data in a fresh database (DATABASE_URL: the integration
PostgreSQL in CI; a SQLite file works too), issues personal API tokens for the
demo admin and the demo student (`manage.py demo_api_token`, which first
allows the student to use the API, as an admin would), serves the site
with gunicorn (test settings: DEBUG off, as in production), then runs
schemathesis three times: with the admin's token, with the student's, and
with no credentials. Every response must be free of server errors, have a
status code the schema documents, and match the schema's content type and body.
Generation is seeded and bounded (--max-examples per operation, and a time
limit per run), so the stage takes a few minutes. Reports go to var/api-fuzz/.

Usage: .venv/bin/python scripts/api_fuzz.py [--max-examples 10] [--seed 13] [--reuse-db]
(--reuse-db keeps the database of the last run: quicker re-runs while fixing.)
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import environ

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "api-fuzz"
SETTINGS = "portal.settings.test"
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)
CALLERS = [("admin", "admin@example.org"), ("student", "student@example.org"), ("anonymous", None)]


def environment() -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=SETTINGS, PYTHONPATH=str(ROOT))
    env.update(PORTAL_ENFORCE_MFA="false", LOG_LEVEL="ERROR", CELERY_TASK_ALWAYS_EAGER="true")
    return env


def manage(*args: str) -> str:
    # Fixed arguments from this script, never from outside input.
    completed = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=environment(),
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return completed.stdout


def fresh_database(url: str) -> None:
    """Drop and recreate the database named by `url` (only a test_* PostgreSQL
    database or a SQLite file: this script must never empty a real one)."""
    config = environ.Env.db_url_config(url)
    name = config["NAME"]
    if "sqlite" in config["ENGINE"]:
        Path(name).unlink(missing_ok=True)
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        return
    if "postgresql" not in config["ENGINE"] or not name.startswith("test_"):
        raise SystemExit(f"Refusing to recreate {name!r}: give a test_* PostgreSQL database.")
    import psycopg

    with psycopg.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=config.get("PORT") or 5432,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int, path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def start_server(port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            "--log-level",
            "warning",
            # gunicorn itself answers 414 to a request line over 4,094 bytes before
            # the portal sees it (as in production); schemathesis' long random
            # query strings are meant for the API, so here they reach it.
            "--limit-request-line",
            "0",
        ],
        cwd=ROOT,
        env=environment(),
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if answers(port, "/api/v1/openapi.json"):
            return server
        if server.poll() is not None:
            break
        time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"gunicorn did not start; see {log}")


def fuzz(schema_url: str, caller: str, token: str | None, options) -> bool:
    command = [
        str(BIN / "st"),
        "run",
        schema_url,
        "--checks",
        CHECKS,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        str(options.max_examples),
        "--seed",
        str(options.seed),
        "--continue-on-failure",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "too_slow,filter_too_much",
        "--report",
        "junit",
        "--report-dir",
        str(OUT / caller),
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    print(f"\n--- schemathesis as {caller}", flush=True)
    started = time.monotonic()
    try:
        # From var/api-fuzz/, so schemathesis keeps its cache (.schemathesis/) there.
        completed = subprocess.run(command, cwd=OUT, timeout=options.run_limit)  # noqa: S603
        passed = completed.returncode == 0
    except subprocess.TimeoutExpired:
        print(f"!! {caller}: stopped after {options.run_limit} s")
        passed = False
    print(f"--- {caller}: {'passed' if passed else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-examples", type=int, default=10, help="cases per operation")
    parser.add_argument("--seed", type=int, default=13, help="schemathesis' random seed")
    parser.add_argument("--reuse-db", action="store_true", help="keep the last run's data")
    parser.add_argument(
        "--run-limit", type=int, default=150, help="seconds for one caller's run (then it fails)"
    )
    options = parser.parse_args()
    # A CI time limit sends SIGTERM: exit through `finally`, so gunicorn stops too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("Set DATABASE_URL (make test-api-fuzz sets it).")
    started = time.monotonic()
    OUT.mkdir(parents=True, exist_ok=True)

    print(f"Database: {environ.Env.db_url_config(url)['NAME']} (migrate, seed_demo)")
    if not options.reuse_db:
        fresh_database(url)
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("seed_demo")
    tokens = {
        caller: manage("demo_api_token", email, "--name", "API fuzzing", "--allow-api").strip()
        for caller, email in CALLERS
        if email
    }
    print(f"Demo data ready in {time.monotonic() - started:.0f} s", flush=True)

    port = free_port()
    log = OUT / "server.log"
    server = start_server(port, log)
    try:
        schema_url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
        results = {
            caller: fuzz(schema_url, caller, tokens.get(caller), options) for caller, _ in CALLERS
        }
    finally:
        server.terminate()
        server.wait(timeout=30)

    server_errors = log.read_text(errors="replace").count("Internal Server Error")
    print(f"\nServer errors logged: {server_errors} (log: {log.relative_to(ROOT)})")
    print(f"Total {time.monotonic() - started:.0f} s")
    for caller, passed in results.items():
        print(f"{'passed' if passed else 'FAILED'}  {caller}")
    if server_errors or not all(results.values()):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
