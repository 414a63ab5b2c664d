"""The memory part of `make bench` (issue 20, requirement 5): RSS read from
/proc/<pid>/status, each worker's growth between the readings after 1,000 and
after 10,000 requests, and the entry written to results.json beside its target."""

import pytest

from scripts.bench import report
from scripts.bench.stats import memory_growth, rss_kb

STATUS = """Name:\tgunicorn
Umask:\t0022
State:\tS (sleeping)
VmPeak:\t  412000 kB
VmSize:\t  398000 kB
VmHWM:\t  130000 kB
VmRSS:\t  123456 kB
RssAnon:\t   90000 kB
Threads:\t1
"""


def test_rss_is_the_vmrss_line_of_the_status_file():
    assert rss_kb(STATUS) == 123456
    with pytest.raises(ValueError):
        rss_kb("Name:\tkthreadd\nState:\tS (sleeping)\n")


def test_growth_is_per_worker_and_leaves_out_a_restarted_one():
    before = {1: 100_000, 2: 200_000}
    after = {1: 110_000, 2: 180_000, 3: 50_000}  # 3 started in between
    assert memory_growth(before, after) == {1: pytest.approx(10.0), 2: pytest.approx(-10.0)}


@pytest.mark.parametrize(
    ("after", "met", "worst"),
    [({1: 119_000, 2: 100_000}, True, 19.0), ({1: 121_000, 2: 100_000}, False, 21.0)],
)
def test_the_memory_entry_holds_both_readings_and_the_verdict(after, met, worst):
    row = report.memory_row(
        warm_up=1_000, requests=10_000, before={1: 100_000, 2: 100_000}, after=after
    )
    assert row["rss_kb_after_warm_up"] == {"1": 100_000, "2": 100_000}
    assert row["rss_kb_after_requests"] == {"1": after[1], "2": after[2]}
    assert row["max_growth_pct"] == worst
    assert row["target"] == "<=20%"
    assert row["targets_met"] is met
    printed = report.format_memory(row)
    assert "after 1,000 and 10,000 mixed requests" in printed
    assert f"largest growth +{worst:.1f}%: target <=20% {'pass' if met else 'MISS'}" in printed


def test_no_worker_left_to_compare_is_not_judged():
    row = report.memory_row(warm_up=1_000, requests=10_000, before={1: 100_000}, after={})
    assert row["targets_met"] is None
    assert "n/a" in report.format_memory(row)
