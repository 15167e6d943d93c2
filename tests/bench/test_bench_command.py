"""`manage.py run_bench` (make bench): PostgreSQL only, and how it reads the load test's samples."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bench.load import analyse, percentile


def test_the_bench_refuses_anything_but_postgresql(db, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")  # the suite also runs on PostgreSQL
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("run_bench")


def test_percentile_is_the_nearest_rank():
    times = list(range(1, 101))
    assert percentile(times, 95) == 95
    assert percentile(times, 50) == 50
    assert percentile([7], 95) == 7
    assert percentile([], 95) == 0


def sample(t, name, ms, status=200, error=""):
    return [t, "GET", name, ms, status, error]


def test_the_load_figures_hold_pages_to_the_bar_and_report_log_ins_and_errors_apart():
    samples = [sample(0.0, "login form", 40), sample(0.5, "login", 900, 302), sample(1.0, "login", 950, 302)]
    samples += [sample(0.8, "home", 400)]  # a page while people still log in: the surge, reported apart
    samples += [sample(2.0 + i / 10, "home", 20 + i) for i in range(95)]
    samples += [sample(12.0, "dashboard (nation)", 800), sample(12.5, "API values", 30, 500, "HTTPError")]
    samples += [sample(13.0 + i / 10, "data grid", 50) for i in range(3)]
    memory = {"before": {1: 100_000, 2: 101_000}, "after": {1: 150_000, 2: 120_000}}
    result = analyse(
        {"samples": samples, "max_requests": 1000}, users=2, bar_ms=300, baseline_ms=25, memory=memory
    )
    latency, surge, errors, logins, peak = result.figures
    assert (
        latency.verdict == "pass" and latency.measured == "110 ms"
    )  # the 95th of the 100 after the last login
    assert surge.verdict == "info" and surge.measured == "400 ms"
    assert errors.verdict == "FAIL" and errors.measured == "1 of 104" and "API values 500" in errors.note
    assert logins.verdict == "info" and logins.measured == "950 ms"
    assert peak.measured == "146 MB" and peak.baseline.startswith("99 MB")
    assert result.details[1].startswith("dashboard (nation)")  # slowest first


def test_the_ceiling_is_the_median_run_and_fails_below_its_bar_or_on_an_error():
    from bench.load import CpuShare, ceiling_figure

    def run(rate: int, error: bool = False) -> dict:
        samples = [sample(0.0, "login", 500, 302)]
        samples += [sample((i + 1) / rate, "home", 20) for i in range(rate * 10)]  # 10 s at ``rate`` a second
        if error:
            samples.append(sample(5.0, "home", 20, 500, "HTTPError"))
        return {"samples": samples}

    share = CpuShare(busy=98, web=78, database=12, locust=8)
    figure = ceiling_figure([run(70), run(95), run(90)], users=8, bar=80, share=share)
    assert figure.verdict == "pass" and figure.measured == "90.0 requests/s"  # the median run
    assert "median of 3 runs" in figure.name
    assert ceiling_figure([run(70), run(75), run(90)], users=8, bar=80, share=share).verdict == "FAIL"
    assert ceiling_figure([run(95), run(95, True), run(95)], users=8, bar=80, share=share).verdict == "FAIL"


def test_each_page_is_held_to_the_cpu_bar_only_where_the_issue_names_it():
    from bench.load import PageCost, page_cost_figures

    costs = [
        PageCost("home", True, cpu=18.0, db=6.0, queries=12, wall=25.0),
        PageCost("annual report", True, cpu=31.0, db=3.0, queries=8, wall=40.0),
        PageCost("data grid by commune", False, cpu=90.0, db=7.0, queries=12, wall=100.0),
    ]
    figures, details = page_cost_figures(costs, 9)
    assert [(f.name.rsplit(", ", 1)[1], f.verdict) for f in figures] == [
        ("home", "pass"),
        ("annual report", "FAIL"),
    ]
    assert details[1].startswith("data grid by commune") and details[1].rstrip().endswith("-")
