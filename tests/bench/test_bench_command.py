"""`manage.py run_bench` (make bench): PostgreSQL only, and how it reads the load test's samples."""

import io

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


def test_a_report_document_is_held_to_its_bar_on_the_median_of_its_runs():
    from bench.measure import NATION_DOCX_BAR, PROVINCE_DOCX_BAR, document_figure

    assert (PROVINCE_DOCX_BAR, NATION_DOCX_BAR) == (1.0, 2.0)  # the issue's bars, seconds
    runs = [(0.3, 0.5), (0.2, 0.4), (2.0, 1.5), (0.3, 0.6), (0.25, 0.4)]  # one slow run does not decide
    figure = document_figure("Annual report 2025 of Tây Ninh (80)", runs, 0.04, 5, PROVINCE_DOCX_BAR)
    assert figure.verdict == "pass" and figure.measured == "800 ms"
    assert figure.name.endswith("DOCX (median of 5)")
    assert figure.baseline == "40 ms (python-docx alone, same 5 tables)"
    assert figure.versus == "20.0x; bar < 1.00 s"
    assert figure.note.startswith("figures 300 ms + document 500 ms (medians)")
    slow = [(0.5, 0.5)] * 3 + [(0.1, 0.1)] * 2  # a median of exactly the bar misses it
    assert document_figure("x", slow, 0.04, 5, PROVINCE_DOCX_BAR).verdict == "FAIL"
    national = [(0.9, 0.9)] * 5
    assert document_figure("x", national, 0.1, 6, NATION_DOCX_BAR).verdict == "pass"
    assert document_figure("x", national, 0.1, 6, PROVINCE_DOCX_BAR).verdict == "FAIL"


def test_the_bench_can_measure_the_documents_alone(db, monkeypatch):
    """``--only documents`` seeds as ever, then measures the reports' Word documents and nothing else."""
    from bench.management.commands import run_bench
    from bench.measure import Figure

    called = []

    def figure(name):
        def measure(*args, **kwargs):
            called.append(name)
            return [Figure(name, "1 ms", "1 ms", "1x", "info")]

        return measure

    for name in ("national_rollup", "save_to_dashboard", "report_documents", "upload_file", "import_history"):
        monkeypatch.setattr(run_bench, name, figure(name))
    monkeypatch.setattr(run_bench.Command, "_database", lambda self: None)
    monkeypatch.setattr(run_bench.Command, "_seed", lambda self, seed, reseed: None)
    monkeypatch.setattr(run_bench.Command, "_server_version", lambda self: "15.0")
    monkeypatch.setattr(run_bench.Command, "_vacuum", lambda self: called.append("vacuum"))
    monkeypatch.setattr(run_bench, "call_command", lambda *args, **kwargs: None)
    out = io.StringIO()
    call_command("run_bench", "--only", "documents", stdout=out)
    assert called == ["report_documents"]
    assert "Every bar met." in out.getvalue()


def test_the_bench_finds_the_charts_the_reports_keep_and_forgets_them():
    """The first of the five runs of a report's document draws its charts: the bench empties the reports' cache."""
    import json
    from pathlib import Path

    from reports.content import canonical
    from reports.documents import report_docx
    from reports.sections.indicators import charts_kept, forget_charts

    path = Path(__file__).resolve().parents[1] / "reports" / "fixtures" / "province-annual-v1-2026-12-03.json"
    report_docx(canonical(json.loads(path.read_text(encoding="utf-8"))))
    assert charts_kept() >= 1
    forget_charts()
    assert charts_kept() == 0
