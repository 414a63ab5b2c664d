"""What the one-task benchmarks share (bench_lifestory_render.py,
bench_supervision_pdf.py): Django on a throwaway SQLite file with the bench
settings, a task's own work timed a few times, and the median set against its
target. A benchmark script imports this beside it (`python scripts/<bench>.py`
puts scripts/ on the path)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def throwaway_django(name: str) -> None:
    """Django set up on a fresh var/<name>.sqlite3, migrated, with the uploaded and
    the private files in a temporary directory (nothing of var/media touched)."""
    sys.path.insert(0, str(ROOT))
    database = ROOT / "var" / f"{name}.sqlite3"
    database.parent.mkdir(exist_ok=True)
    database.unlink(missing_ok=True)
    files = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.bench"
    os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["MEDIA_ROOT"] = str(files / "media")
    os.environ["PRIVATE_MEDIA_ROOT"] = str(files / "private")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def timed_runs(
    runs: int, queue: Callable[[int], object], run: Callable[[object], object]
) -> tuple[list[float], object]:
    """The seconds each of `runs` calls of `run(queue(number))` spent in `run` (number
    from 1; `queue` makes the row the task works on, untimed), and the last result.
    `run` exits the script when the task failed."""
    timings, result = [], None
    for number in range(1, runs + 1):
        queued = queue(number)
        started = time.perf_counter()
        result = run(queued)
        timings.append(time.perf_counter() - started)
    return timings, result


def report(label: str, timings: list[float], target_seconds: float) -> None:
    """The timings and whether their median is within the target."""
    median = statistics.median(timings)
    print(f"{label} (the worker's whole task): " + ", ".join(f"{t:.2f} s" for t in timings))
    verdict = "within" if median < target_seconds else "OVER"
    print(f"Median {median:.2f} s: {verdict} the {target_seconds:.0f} s target")
