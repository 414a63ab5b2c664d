"""The load client: N threads, each sending one request after another for a
fixed time (a closed loop, like wrk's connections). gunicorn's sync workers close
the connection after each answer, so each request opens its own connection."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Mapping

from .stats import percentile


def get(port: int, path: str, headers: Mapping[str, str], timeout: float = 120):
    """One GET: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def run(port: int, path: str, headers: Mapping[str, str], concurrency: int, seconds: float):
    """Load `path` from `concurrency` threads for `seconds`: the rate, latencies and errors."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, _, _ = get(port, path, headers)
            except OSError:
                status = 0
            if status == 200:
                mine.append(1000 * (time.perf_counter() - started))
            else:
                failed += 1
        with lock:
            latencies.extend(mine)
            errors += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests": len(latencies) + errors,
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": _rounded(percentile(latencies, 50)),
        "p95_ms": _rounded(percentile(latencies, 95)),
    }


def _rounded(value):
    return None if value is None else round(value, 1)
