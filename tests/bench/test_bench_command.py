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
