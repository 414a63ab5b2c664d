"""`make bench`: every role's pages at a university's scale, under load.

    python -m scripts.bench [--students 2000] [--seconds 10] [--only TEXT]
    python -m scripts.bench --compare-queries 200 [--students 2000]   (no load)
    python -m scripts.bench --memory-only [--students 200]   (requirement 5 alone)

One PostgreSQL database per scale (portal_bench_<students>, on the integration
PostgreSQL), seeded once and reused; Redis database 3 for the cache. gunicorn
serves with 2 sync workers under portal.settings.bench_scale. Each page is
requested 3 times to warm up, then loaded for --seconds at 4 and again at 16
concurrent connections; CPU per request is the workers' user + system time over
both runs divided by the requests answered. Then the workers' memory
(requirement 5): every page in turn from 4 connections, each worker's resident
memory read after the first 1,000 requests and after 10,000, the growth printed
beside the 20% target. Writes var/bench/results.json and prints each figure
beside its target. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import threading
import time

from . import load, report
from .server import ROOT, TICKS_PER_SECOND, Gunicorn
from .stats import cpu_ms_per_request

SETTINGS = "portal.settings.bench_scale"
OUT = ROOT / "var" / "bench"
WARM_UP = 3


def environment(students: int) -> dict:
    env = dict(os.environ)
    base = env.get("BENCH_DATABASE_URL_BASE", "postgres://postgres@127.0.0.1:5432/portal_bench")
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        BENCH_DATABASE_URL=f"{base}_{students}",
        BENCH_REDIS_URL=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
        PYTHONPATH=str(ROOT),
    )
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
        env.pop(name, None)
    return env


def prepare(students: int, seed: int, *, count_queries: bool = False) -> list[dict]:
    out = OUT / f"plan-{students}.json"
    command = [sys.executable, "-m", "scripts.bench.prepare", f"--students={students}"]
    command += [f"--seed={seed}", f"--out={out}"] + (["--count-queries"] if count_queries else [])
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=environment(students), check=True)  # noqa: S603
    print(f"Prepared {students} students in {time.monotonic() - started:.0f} s", flush=True)
    return json.loads(out.read_text())


def measure(server: Gunicorn, page: dict, seconds: float) -> dict:
    status, headers, _ = 0, {}, b""
    for _ in range(WARM_UP):
        status, headers, _ = load.get(server.port, page["path"], page["headers"])
    queries = headers.get("x-bench-queries")
    measured = {
        "status": status,
        "cache": headers.get("x-page-cache"),
        "queries": int(queries) if queries is not None else None,
        "cpu_ms": None,
        "loads": {},
    }
    if status != 200:
        print(f"  {page['name']}: answered {status}, not loaded", flush=True)
        return measured
    before = server.cpu()
    for concurrency in report.CONCURRENCIES:
        measured["loads"][concurrency] = load.run(
            server.port, page["path"], page["headers"], concurrency, seconds
        )
    answered = sum(run["requests"] for run in measured["loads"].values())
    measured["cpu_ms"] = cpu_ms_per_request(before, server.cpu(), answered, TICKS_PER_SECOND)
    print(
        f"  {page['name']}: {measured['queries']} queries, {measured['cpu_ms']:.2f} CPU ms, "
        f"{answered} requests",
        flush=True,
    )
    return measured


def memory(server: Gunicorn, plan: list[dict], warm_up: int, requests: int) -> dict:
    """Requirement 5: mixed requests (every page of the plan in turn, from 4
    connections), each worker's RSS after `warm_up` of them and after `requests`."""
    pages = itertools.cycle(plan)
    lock = threading.Lock()
    sent = 0

    def send(until: int) -> None:
        nonlocal sent

        def worker():
            nonlocal sent
            while True:
                with lock:
                    if sent >= until:
                        return
                    sent += 1
                    page = next(pages)
                with contextlib.suppress(OSError):
                    load.get(server.port, page["path"], page["headers"])

        threads = [threading.Thread(target=worker, daemon=True) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    print(f"  memory: {len(plan)} pages in turn, from 4 connections", flush=True)
    started = time.monotonic()
    send(warm_up)
    before = server.rss()
    print(f"  memory: {warm_up} requests in {time.monotonic() - started:.0f} s", flush=True)
    send(requests)
    after = server.rss()
    print(f"  memory: {requests} requests in {time.monotonic() - started:.0f} s", flush=True)
    return report.memory_row(warm_up=warm_up, requests=requests, before=before, after=after)


def bench(options) -> None:
    started = time.monotonic()
    plan = prepare(options.students, options.seed)
    trivial = plan[0]
    if options.only:
        plan = [trivial] + [p for p in plan[1:] if options.only.lower() in p["name"].lower()]
    with Gunicorn(environment(options.students), workers=options.workers) as server:
        print(
            f"gunicorn on 127.0.0.1:{server.port}, {options.workers} workers; "
            f"{len(plan)} pages x {len(report.CONCURRENCIES)} runs of {options.seconds:g} s",
            flush=True,
        )
        if options.memory_only:
            measured = []
        else:
            measured = [measure(server, page, options.seconds) for page in plan]
        answering = [p for p in plan if load.get(server.port, p["path"], p["headers"])[0] == 200]
        memory_entry = memory(server, answering, options.memory_warm_up, options.memory_requests)
    if options.memory_only:
        report.write_results([memory_entry], OUT / "results.json")
        print("\n" + report.format_memory(memory_entry))
        return
    trivial_cpu = measured[0]["cpu_ms"]
    rows = []
    for page, figures in zip(plan, measured, strict=True):
        row = report.result_row(
            name=page["name"],
            path=page["path"],
            kind=page["kind"],
            user=page["user"],
            queries=figures["queries"],
            cpu_ms_per_request=figures["cpu_ms"],
            trivial_cpu_ms=trivial_cpu,
            loads=figures["loads"],
        )
        rows.append(row | {"status": figures["status"], "page_cache": figures["cache"]})
    report.write_results([*rows, memory_entry], OUT / "results.json")
    load_average = os.getloadavg()[0]
    print(
        f"\n{options.students} students, {options.seconds:g} s per run, {os.cpu_count()} CPUs, "
        f"load average {load_average:.1f} at the end; wall time "
        f"{time.monotonic() - started:.0f} s; var/bench/results.json\n"
    )
    print(report.format_table(rows))
    print("\n" + report.format_memory(memory_entry))


def compare_queries(options) -> None:
    counts = {}
    for students in (options.compare_queries, options.students):
        plan = prepare(students, options.seed, count_queries=True)
        counts[students] = {page["name"]: page["queries"] for page in plan}
    rows = report.compare_queries(counts[options.compare_queries], counts[options.students])
    (OUT / "queries.json").write_text(
        json.dumps(
            [
                {
                    "name": n,
                    f"queries_{options.compare_queries}": a,
                    f"queries_{options.students}": b,
                }
                for n, a, b, _ in rows
            ],
            indent=2,
        )
    )
    print()
    print(report.format_query_comparison(rows, options.compare_queries, options.students))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    parser.add_argument(
        "--memory-only", action="store_true", help="no per-page load: only the memory part"
    )
    parser.add_argument("--memory-warm-up", type=int, default=report.MEMORY_WARM_UP)
    parser.add_argument("--memory-requests", type=int, default=report.MEMORY_REQUESTS)
    parser.add_argument(
        "--compare-queries",
        type=int,
        metavar="STUDENTS",
        help="no load: query counts at this scale and at --students, growth flagged",
    )
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if options.compare_queries:
        compare_queries(options)
    else:
        bench(options)


if __name__ == "__main__":
    main()
