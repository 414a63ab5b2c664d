"""`make bench-cms`: what a public page costs, beside a trivial Django view.

Builds the demo site in a throwaway SQLite file (var/bench-cms.sqlite3), serves
it with gunicorn (one sync worker, DEBUG off, settings portal.settings.bench),
warms the page cache, then for each page type sends N sequential requests and
reports requests per second and the worker's CPU milliseconds per request
(utime + stime from /proc/<pid>/stat before and after). The same pages are
also measured uncached (a query string bypasses cms.cache), to show what the
cache saves. A benchmark, not a test: numbers move with the machine's load.

Usage: .venv/bin/python scripts/bench_cms.py [--requests 300] [--fresh]
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS = "portal.settings.bench"
DATABASE = ROOT / "var" / "bench-cms.sqlite3"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TRIVIAL = "/bench/trivial/"


@dataclass
class Result:
    label: str
    path: str
    requests_per_second: float
    cpu_ms_per_request: float
    cache: str


def environment() -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        BENCH_DATABASE_URL=f"sqlite:///{DATABASE}",
        PYTHONPATH=str(ROOT),
        PORTAL_ENFORCE_MFA="false",
    )
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    return env


def manage(*args: str) -> str:
    # Fixed arguments from this script, never from outside input.
    completed = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout


def prepare_database(fresh: bool) -> None:
    DATABASE.parent.mkdir(exist_ok=True)
    if fresh and DATABASE.exists():
        DATABASE.unlink()
    print(f"Database: {DATABASE.relative_to(ROOT)} (migrate, seed_demo)", flush=True)
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("seed_demo")


PAGE_URLS_SCRIPT = """
from cms.models import AudiencePage, HomePage, IndexPage, ServicePage, StandardPage
from wagtail.models import Locale

english = Locale.get_default()
swedish = Locale.objects.get(language_code="sv")
choices = [
    ("Home page", HomePage.objects.live().filter(locale=english)),
    ("Service page", ServicePage.objects.live().filter(locale=english)),
    ("Audience page", AudiencePage.objects.live().filter(locale=english)),
    ("Standard page", StandardPage.objects.live().public().filter(locale=english)),
    ("Index page", IndexPage.objects.live().filter(locale=english)),
    ("Swedish page", ServicePage.objects.live().filter(locale=swedish)),
]
for label, pages in choices:
    page = pages.order_by("path").first()
    if page is not None:
        print(label + "\\t" + page.url)
"""


def page_urls() -> list[tuple[str, str]]:
    out = manage("shell", "--command", PAGE_URLS_SCRIPT)
    return [tuple(line.split("\t", 1)) for line in out.splitlines() if "\t" in line]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment(),
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _, _ = get(port, TRIVIAL)
            if status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise SystemExit(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def cpu_seconds(pid: int) -> float:
    # Fields after the command name (which may hold spaces) start at ")".
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / CLOCK_TICKS


def get(port: int, path: str) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


def measure(port: int, worker: int, label: str, path: str, requests: int) -> Result:
    for _ in range(5):  # warm: the first request fills the page cache
        status, headers, _ = get(port, path)
        if status != 200:
            raise SystemExit(f"{label} {path} answered {status}")
    cache = headers.get("X-Page-Cache", "-")
    cpu_before, started = cpu_seconds(worker), time.perf_counter()
    for _ in range(requests):
        get(port, path)
    elapsed, cpu = time.perf_counter() - started, cpu_seconds(worker) - cpu_before
    return Result(label, path, requests / elapsed, 1000 * cpu / requests, cache)


def print_table(results: list[Result], trivial: Result) -> None:
    header = (
        f"{'page':<26} {'cache':<6} {'req/s':>8} {'CPU ms/req':>11} "
        f"{'x trivial (CPU)':>16} {'x trivial (req/s)':>18}  path"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        cpu_ratio = result.cpu_ms_per_request / trivial.cpu_ms_per_request
        rate_ratio = trivial.requests_per_second / result.requests_per_second
        print(
            f"{result.label:<26} {result.cache:<6} {result.requests_per_second:>8.0f} "
            f"{result.cpu_ms_per_request:>11.2f} {cpu_ratio:>16.1f} {rate_ratio:>18.1f}  "
            f"{result.path}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per URL")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database first")
    options = parser.parse_args()

    prepare_database(options.fresh)
    pages = page_urls()
    missing = {"Home page", "Service page", "Audience page", "Standard page", "Index page"} - {
        label for label, _ in pages
    }
    if missing:
        print(f"Note: the demo site has no {', '.join(sorted(missing))}", flush=True)

    port = free_port()
    server = start_gunicorn(port)
    try:
        worker = worker_pid(server.pid)
        print(
            f"gunicorn on 127.0.0.1:{port}, worker pid {worker}, "
            f"{options.requests} sequential requests per URL\n",
            flush=True,
        )
        trivial = measure(port, worker, "Trivial Django view", TRIVIAL, options.requests)
        results = [trivial]
        for label, path in pages:
            results.append(measure(port, worker, label, path, options.requests))
        for label, path in pages:
            uncached = measure(
                port, worker, f"{label} (uncached)", f"{path}?bench=uncached", options.requests
            )
            results.append(uncached)
        print_table(results, trivial)
        cached = [r for r in results if r.cache == "hit"]
        if cached:
            worst = max(r.cpu_ms_per_request for r in cached) / trivial.cpu_ms_per_request
            print(f"\nCached pages cost at most {worst:.1f}x the trivial view in CPU (aim: 10x).")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
