"""The pure parts of `make bench` (scripts/bench): CPU time from /proc stat lines,
percentiles, targets (pass/MISS), results.json and the table; and the query-count
header of the benchmark settings' middleware."""

import json

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from portal.bench.middleware import HEADER, QueryCountMiddleware
from scripts.bench import report
from scripts.bench.stats import cpu_ms_per_request, cpu_ticks, percentile

# A worker whose command name holds spaces and parentheses; utime 250, stime 50.
STAT = "4242 (gunicorn: worker (portal)) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0"


def test_cpu_ticks_are_user_plus_system_time_after_the_command_name():
    assert cpu_ticks(STAT) == 300


def test_cpu_ms_per_request_is_the_workers_ticks_over_the_requests():
    before = {1: 100, 2: 200}
    after = {1: 150, 2: 260, 3: 40}  # worker 3 started in between: left out
    # 110 ticks at 100 per second = 1.1 s of CPU over 110 requests
    assert cpu_ms_per_request(before, after, 110, 100) == pytest.approx(10.0)
    assert cpu_ms_per_request({1: 5}, {}, 10, 100) == 0  # restarted: nothing to count
    assert cpu_ms_per_request(before, after, 0, 100) is None


def test_percentiles_interpolate_between_ranks():
    values = list(range(1, 101))
    assert percentile(values, 50) == pytest.approx(50.5)
    assert percentile(values, 95) == pytest.approx(95.05)
    assert percentile(list(reversed(values)), 95) == pytest.approx(95.05)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)


def verdicts(kind, **figures):
    row = {"kind": kind, "queries": None, "ratio_to_trivial": None, "p95_ms": 10.0} | figures
    return {check.figure: check.verdict for check in report.evaluate(row)}


@pytest.mark.parametrize(
    ("kind", "figure", "met", "missed"),
    [
        ("public_cached", "ratio_to_trivial", 10.0, 10.1),
        ("public_uncached", "queries", 10, 11),
        ("signed_in", "ratio_to_trivial", 60.0, 60.5),
        ("api", "ratio_to_trivial", 30.0, 30.2),
        ("trivial", "p95_ms", 299.9, 300.0),
        ("signed_in", "p95_ms", 299.9, 300.0),
    ],
)
def test_each_kind_of_page_is_held_to_its_targets(kind, figure, met, missed):
    assert verdicts(kind, **{figure: met})[figure] == "pass"
    assert verdicts(kind, **{figure: missed})[figure] == "MISS"


def test_which_targets_apply_and_a_missing_figure_is_not_judged():
    assert set(verdicts("trivial")) == {"p95_ms"}
    assert set(verdicts("public_uncached")) == {"queries", "p95_ms"}
    assert set(verdicts("public_cached")) == {"ratio_to_trivial", "p95_ms"}
    assert verdicts("signed_in", ratio_to_trivial=None)["ratio_to_trivial"] == "n/a"
    with pytest.raises(ValueError):
        report.evaluate({"kind": "unknown"})


def load(rps, p50, p95):
    return {"requests": 100, "errors": 0, "seconds": 2.0, "rps": rps, "p50_ms": p50, "p95_ms": p95}


def rows():
    return [
        report.result_row(
            name="Trivial Django view",
            path="/bench/trivial/",
            kind="trivial",
            user="anonymous",
            queries=0,
            cpu_ms_per_request=0.5,
            trivial_cpu_ms=0.5,
            loads={4: load(800.0, 4.0, 9.0), 16: load(900.0, 12.0, 26.0)},
        ),
        report.result_row(
            name="Dashboard: tutor",
            path="/portal/",
            kind="signed_in",
            user="tutor",
            queries=31,
            cpu_ms_per_request=40.0,
            trivial_cpu_ms=0.5,
            loads={4: load(40.0, 90.0, 150.0), 16: load(45.0, 300.0, 420.0)},
        ),
    ]


def test_results_json_has_the_issues_fields_for_every_page(tmp_path):
    path = tmp_path / "bench" / "results.json"
    report.write_results(rows(), path)
    written = json.loads(path.read_text())
    assert isinstance(written, list) and len(written) == 2
    for row in written:
        assert {"name", "path", "queries", "cpu_ms_per_request", "ratio_to_trivial", "p95_ms"} <= (
            row.keys()
        )
        assert set(row["load"]) == {"4", "16"}
    tutor = written[1]
    assert tutor["ratio_to_trivial"] == 80.0
    assert tutor["p95_ms"] == 420.0  # at 16 connections
    assert {c["figure"]: c["verdict"] for c in tutor["checks"]} == {
        "ratio_to_trivial": "MISS",
        "p95_ms": "MISS",
    }
    assert written[0]["targets_met"] is True and tutor["targets_met"] is False


def test_the_table_shows_each_figure_beside_its_target():
    table = report.format_table(rows())
    tutor = next(line for line in table.splitlines() if line.startswith("Dashboard: tutor"))
    assert "80.0 <=60 MISS" in tutor
    assert "<300 MISS" in tutor
    assert "<300 pass" in table
    assert "1 of 2 pages meet every target. Missed: ratio_to_trivial on 1, p95_ms on 1." in table


def test_query_growth_between_two_scales_is_flagged():
    compared = report.compare_queries({"a": 5, "b": 9, "c": None}, {"a": 5, "b": 12, "c": 3})
    assert compared == [("a", 5, 5, False), ("b", 9, 12, True), ("c", None, 3, None)]
    text = report.format_query_comparison(compared, 200, 2000)
    assert "GREW" in text and "on: b" in text


def test_the_benchmark_middleware_reports_each_requests_queries():
    # Without a database: call the wrappers the middleware installed, as a cursor
    # would for each query (the test database's migrations take minutes here).
    def execute(sql, params, many, context):
        return None

    def view(request):
        for _ in range(2):
            for wrapper in connection.execute_wrappers:
                wrapper(execute, "SELECT 1", None, False, {})
        return HttpResponse("ok")

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))
    assert response[HEADER] == "2"
    assert connection.execute_wrappers == []  # removed after the request
