"""Targets (issue 20, requirement 3), their evaluation, results.json and the table."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from .stats import ratio

# What each kind of page is held to. The p95 target applies to every page.
TRIVIAL, PUBLIC_CACHED, PUBLIC_UNCACHED, SIGNED_IN, API = (
    "trivial",
    "public_cached",
    "public_uncached",
    "signed_in",
    "api",
)
KINDS = (TRIVIAL, PUBLIC_CACHED, PUBLIC_UNCACHED, SIGNED_IN, API)
PUBLIC_CACHED_MAX_RATIO = 10
PUBLIC_UNCACHED_MAX_QUERIES = 10
SIGNED_IN_MAX_RATIO = 60
API_MAX_RATIO = 30
P95_MAX_MS = 300
P95_CONCURRENCY = 16
CONCURRENCIES = (4, 16)
# Requirement 5: a worker's RSS after MEMORY_REQUESTS mixed requests within
# MEMORY_MAX_GROWTH_PCT of what it was after MEMORY_WARM_UP.
MEMORY_WARM_UP = 1_000
MEMORY_REQUESTS = 10_000
MEMORY_MAX_GROWTH_PCT = 20


@dataclass(frozen=True)
class Check:
    figure: str  # "queries", "ratio_to_trivial" or "p95_ms"
    target: str  # as printed: "<=10", "<300"
    value: float | None
    met: bool | None  # None: no figure to judge (the page failed)

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "MISS", None: "n/a"}[self.met]


def _at_most(figure: str, value, limit) -> Check:
    return Check(figure, f"<={limit}", value, None if value is None else value <= limit)


def _below(figure: str, value, limit) -> Check:
    return Check(figure, f"<{limit}", value, None if value is None else value < limit)


def evaluate(row: Mapping) -> list[Check]:
    """The targets that apply to one result row (see KINDS), each met or missed."""
    kind = row["kind"]
    if kind not in KINDS:
        raise ValueError(f"unknown kind of page: {kind!r}")
    checks = []
    if kind == PUBLIC_UNCACHED:
        checks.append(_at_most("queries", row.get("queries"), PUBLIC_UNCACHED_MAX_QUERIES))
    limit = {PUBLIC_CACHED: PUBLIC_CACHED_MAX_RATIO, SIGNED_IN: SIGNED_IN_MAX_RATIO}.get(kind)
    limit = API_MAX_RATIO if kind == API else limit
    if limit is not None:
        checks.append(_at_most("ratio_to_trivial", row.get("ratio_to_trivial"), limit))
    checks.append(_below("p95_ms", row.get("p95_ms"), P95_MAX_MS))
    return checks


def result_row(
    *,
    name: str,
    path: str,
    kind: str,
    user: str,
    queries: int | None,
    cpu_ms_per_request: float | None,
    trivial_cpu_ms: float | None,
    loads: Mapping[int, Mapping],
) -> dict:
    """One page's figures as written to results.json. `loads` maps a concurrency to
    that run's figures (requests, errors, seconds, rps, p50_ms, p95_ms)."""
    row = {
        "name": name,
        "path": path,
        "kind": kind,
        "user": user,
        "queries": queries,
        "cpu_ms_per_request": _rounded(cpu_ms_per_request, 3),
        "ratio_to_trivial": _rounded(ratio(cpu_ms_per_request, trivial_cpu_ms), 2),
        "p95_ms": _rounded((loads.get(P95_CONCURRENCY) or {}).get("p95_ms"), 1),
        "load": {str(c): dict(figures) for c, figures in sorted(loads.items())},
    }
    row["checks"] = [asdict(check) | {"verdict": check.verdict} for check in evaluate(row)]
    row["targets_met"] = all(check["met"] for check in row["checks"])
    return row


def _rounded(value, digits):
    return None if value is None else round(value, digits)


def write_results(rows: Iterable[Mapping], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(list(rows), indent=2) + "\n")


def _fmt(value, digits=1) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _beside(row: Mapping, figure: str) -> str:
    for check in row["checks"]:
        if check["figure"] == figure:
            return f"{check['target']} {check['verdict']}"
    return ""


COLUMNS = (
    ("page", 40),
    ("queries", 7),
    ("target", 10),
    ("CPU ms", 7),
    ("x triv", 7),
    ("target", 10),
)


def format_table(rows: Iterable[Mapping]) -> str:
    """Every figure beside its target (pass/MISS); rate and latency per concurrency."""
    rows = list(rows)
    head = [f"{title:<{width}}" for title, width in COLUMNS]
    for c in CONCURRENCIES:
        head += [f"{'req/s@' + str(c):>9}", f"{'p50@' + str(c):>8}", f"{'p95@' + str(c):>8}"]
    head.append(f"{'p95 target':<11}")
    lines = [" ".join(head), "-" * len(" ".join(head))]
    for row in rows:
        cells = [
            f"{row['name'][:40]:<40}",
            f"{_fmt(row['queries']):>7}",
            f"{_beside(row, 'queries'):<10}",
            f"{_fmt(row['cpu_ms_per_request'], 2):>7}",
            f"{_fmt(row['ratio_to_trivial'], 1):>7}",
            f"{_beside(row, 'ratio_to_trivial'):<10}",
        ]
        for c in CONCURRENCIES:
            load = row["load"].get(str(c), {})
            cells += [
                f"{_fmt(load.get('rps'), 0):>9}",
                f"{_fmt(load.get('p50_ms'), 0):>8}",
                f"{_fmt(load.get('p95_ms'), 0):>8}",
            ]
        cells.append(f"{_beside(row, 'p95_ms'):<11}")
        lines.append(" ".join(cells))
    lines += ["", summary(rows)]
    return "\n".join(lines)


def summary(rows: list[Mapping]) -> str:
    """How many pages meet every target, and how many miss each figure's target."""
    met = sum(1 for row in rows if row["targets_met"])
    misses: dict[str, int] = {}
    for row in rows:
        for check in row["checks"]:
            if check["met"] is False:
                misses[check["figure"]] = misses.get(check["figure"], 0) + 1
    line = f"{met} of {len(rows)} pages meet every target."
    if misses:
        line += " Missed: " + ", ".join(f"{figure} on {n}" for figure, n in misses.items()) + "."
    return line


def compare_queries(small: Mapping[str, int | None], large: Mapping[str, int | None]) -> list:
    """Query counts per page at two scales (name -> count): (name, small, large, grew)."""
    rows = []
    for name in small.keys() | large.keys():
        a, b = small.get(name), large.get(name)
        grew = None if a is None or b is None else b > a
        rows.append((name, a, b, grew))
    order = list(small) + [n for n in large if n not in small]
    return sorted(rows, key=lambda r: order.index(r[0]))


def format_query_comparison(rows, small_students: int, large_students: int) -> str:
    a, b = f"@{small_students}", f"@{large_students}"
    lines = [f"{'page':<40} {a:>8} {b:>8}  grew?", "-" * 66]
    for name, q_small, q_large, grew in rows:
        verdict = {None: "n/a", True: "GREW", False: "pass"}[grew]
        lines.append(f"{name[:40]:<40} {_fmt(q_small):>8} {_fmt(q_large):>8}  {verdict}")
    grown = [r[0] for r in rows if r[3]]
    lines.append("")
    lines.append(
        f"Query counts grew from {small_students} to {large_students} students on: "
        + ", ".join(grown)
        if grown
        else f"No page makes more queries at {large_students} students than at {small_students}."
    )
    return "\n".join(lines)


def memory_row(
    *, warm_up: int, requests: int, before: Mapping[int, int], after: Mapping[int, int]
) -> dict:
    """The memory entry of results.json: each worker's RSS (kB) after the warm-up and
    after all the requests, and the largest growth beside the target."""
    from .stats import memory_growth

    growth = memory_growth(before, after)
    worst = max(growth.values()) if growth else None
    met = None if worst is None else worst <= MEMORY_MAX_GROWTH_PCT
    return {
        "name": "Gunicorn worker memory (RSS)",
        "path": "mixed: every page of the benchmark in turn",
        "kind": "memory",
        "requests_warm_up": warm_up,
        "requests": requests,
        "rss_kb_after_warm_up": {str(pid): kb for pid, kb in sorted(before.items())},
        "rss_kb_after_requests": {str(pid): kb for pid, kb in sorted(after.items())},
        "growth_pct": {str(pid): round(pct, 1) for pid, pct in sorted(growth.items())},
        "max_growth_pct": None if worst is None else round(worst, 1),
        "target": f"<={MEMORY_MAX_GROWTH_PCT}%",
        "targets_met": met,
    }


def format_memory(row: Mapping) -> str:
    verdict = {True: "pass", False: "MISS", None: "n/a"}[row["targets_met"]]
    lines = [
        f"Worker memory after {row['requests_warm_up']:,} and {row['requests']:,} mixed "
        "requests (RSS, MB):"
    ]
    for pid, before in row["rss_kb_after_warm_up"].items():
        after = row["rss_kb_after_requests"].get(pid)
        growth = row["growth_pct"].get(pid)
        lines.append(
            f"  worker {pid}: {before / 1024:.1f} -> "
            + ("gone" if after is None else f"{after / 1024:.1f}  ({growth:+.1f}%)")
        )
    worst = row["max_growth_pct"]
    lines.append(
        f"  largest growth {'-' if worst is None else f'{worst:+.1f}%'}: "
        f"target {row['target']} {verdict}"
    )
    return "\n".join(lines)
