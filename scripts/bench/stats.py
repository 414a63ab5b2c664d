"""Pure arithmetic of the benchmark: CPU time from /proc stat lines, percentiles."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

# Fields of /proc/<pid>/stat after the command name (which may hold spaces and
# parentheses, so the line is split at its last ")"): utime and stime, in clock ticks.
_UTIME, _STIME = 11, 12


def cpu_ticks(stat_line: str) -> int:
    """User + system CPU time, in clock ticks, of one /proc/<pid>/stat line."""
    fields = stat_line.rsplit(")", 1)[1].split()
    return int(fields[_UTIME]) + int(fields[_STIME])


def rss_kb(status_text: str) -> int:
    """Resident memory in kB from the text of /proc/<pid>/status (its VmRSS line)."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ValueError("no VmRSS line (a zombie or kernel thread?)")


def memory_growth(before: Mapping[int, int], after: Mapping[int, int]) -> dict[int, float]:
    """Each worker's growth in per cent between two RSS readings (pid -> kB); a worker
    missing from either reading (restarted in between) is left out."""
    return {pid: 100 * (after[pid] - before[pid]) / before[pid] for pid in before if pid in after}


def cpu_ms_per_request(
    before: Mapping[int, int], after: Mapping[int, int], requests: int, ticks_per_second: int
) -> float | None:
    """Worker CPU milliseconds per request: the ticks the workers used between two
    readings (pid -> ticks), over the requests they answered. A worker missing from
    either reading (restarted in between) is left out; None when nothing was answered."""
    if requests <= 0:
        return None
    used = sum(after[pid] - before[pid] for pid in before if pid in after)
    return 1000 * used / ticks_per_second / requests


def percentile(values: Sequence[float], share: float) -> float | None:
    """The `share` (0-100) percentile, interpolated between the closest ranks
    (numpy's default); None for no values."""
    if not values:
        return None
    if not 0 <= share <= 100:
        raise ValueError("share must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * share / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(value: float | None, base: float | None) -> float | None:
    if value is None or not base:
        return None
    return value / base
