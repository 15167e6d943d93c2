"""The figures of `make bench` measured inside one process, each beside a baseline measured in the same run on the
same database: the national roll-up against the same sums in one hand-written SQL query, the reports' Word
documents against python-docx alone writing the same tables, the import of a 10,000-row exchange file against
openpyxl alone reading it. Times are medians of several runs where a run takes under a second."""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection

from datavalues import rollup_cache
from datavalues.models import DataValue
from datavalues.selectors import rollup_indicators
from indicators.models import Indicator
from units.models import Level
from units.selectors import nation, unit_resolve


@dataclass
class Figure:
    name: str
    measured: str
    baseline: str
    versus: str  # the ratio, or the bar it is held to
    verdict: str  # "pass", "FAIL" or "info" (no bar)
    note: str = ""


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def median_time(run: Callable, *, repeat: int, before: Callable | None = None) -> tuple[float, object]:
    """The median of ``repeat`` timed calls of ``run`` (``before`` runs untimed ahead of each), and a result."""
    times, result = [], None
    for _i in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


# --- the national roll-up ------------------------------------------------------------------------------------------

# The same aggregation by hand: each indicator's parts summed by sex over every unit below the nation (the nation's
# own value for an indicator that is not summed), for the year, primary series, in one query.
ROLLUP_SQL = """
SELECT i.id, v.part, v.sex, SUM(v.value)
FROM datavalues_datavalue v
JOIN datavalues_series s ON s.id = v.series_id AND s.is_primary
JOIN indicators_indicator i ON i.id = s.indicator_id
WHERE v.year = %(year)s AND v.option = '' AND i.active AND i.province_id IS NULL
  AND ((i.additive AND v.unit_id <> %(nation)s) OR (NOT i.additive AND v.unit_id = %(nation)s))
GROUP BY i.id, v.part, v.sex
"""


def rollup_by_sql(year: int, nation_id: int) -> dict[int, dict[tuple[str, str], Decimal]]:
    out: dict[int, dict[tuple[str, str], Decimal]] = {}
    with connection.cursor() as cursor:
        cursor.execute(ROLLUP_SQL, {"year": year, "nation": nation_id})
        for indicator_id, part, sex, total in cursor.fetchall():
            # PostgreSQL sums numerics exactly; SQLite (the tests) answers a float
            out.setdefault(indicator_id, {})[(part, sex)] = (
                total if isinstance(total, Decimal) else Decimal(str(total))
            )
    return out


def national_rollup(year: int, *, repeat: int = 7) -> list[Figure]:
    """The nation's roll-up of one year for every national indicator (``datavalues.selectors.rollup_indicators``,
    what the dashboards, reports and API use) computed afresh, then from the cache, against ``ROLLUP_SQL``. Both
    must give the same parts: true of the seeded data, where no province enters its own total over its
    communes' (the roll-up would take the province's; the SQL sums everything below the nation)."""
    country = nation()
    indicators = list(Indicator.objects.filter(active=True, province__isnull=True).order_by("code"))
    rollup_by_sql(year, country.pk)  # the first query of a connection pays for its plan cache
    computed, rolled = median_time(
        lambda: rollup_indicators(indicators, country, [year]),
        repeat=repeat,
        before=rollup_cache.data_changed,
    )
    cached, _rolled = median_time(lambda: rollup_indicators(indicators, country, [year]), repeat=repeat)
    by_sql, sums = median_time(lambda: rollup_by_sql(year, country.pk), repeat=repeat)
    differ = [i.code for i in indicators if rolled[i.pk][year].parts != sums.get(i.pk, {})]
    ratio = computed / by_sql
    ok = ratio <= 2 and computed < 0.5 and not differ
    note = (
        f"same parts as the SQL for all {len(indicators)} indicators"
        if not differ
        else f"parts differ from the SQL for {', '.join(differ)}"
    )
    return [
        Figure(
            f"National roll-up {year}, {len(indicators)} indicators (computed)",
            seconds(computed),
            f"{seconds(by_sql)} (one SQL query)",
            f"{ratio:.1f}x (bar ≤ 2x, < 500 ms)",
            "pass" if ok else "FAIL",
            note,
        ),
        Figure(
            f"National roll-up {year} (cached until the data changes)",
            seconds(cached),
            f"{seconds(by_sql)} (one SQL query)",
            f"{cached / by_sql:.2f}x",
            "info",
        ),
    ]


# --- reports -----------------------------------------------------------------------------------------------------------


def _tables_of(docx: bytes) -> list[list[list[str]]]:
    from docx import Document

    return [[[cell.text for cell in row.cells] for row in t.rows] for t in Document(io.BytesIO(docx)).tables]


def _bare_docx(tables: list[list[list[str]]]) -> bytes:
    """python-docx alone: a document holding the same tables with the same texts, no formatting."""
    from docx import Document

    document = Document()
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
        for out_row, row in zip(table.rows, rows, strict=True):
            for cell, text in zip(out_row.cells, row, strict=False):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _report(unit, year: int):
    from reports.models import Report
    from reports.services import report_for

    report_for(unit=unit, kind="annual", year=year)  # opened on first use, as the page does
    return Report.objects.get(unit=unit, kind="annual", year=year)


def _document_time(report) -> tuple[float, float, bytes]:
    """Seconds to assemble the report's figures from the data (roll-up cache emptied first) and to write its
    Word document, and the document."""
    from reports.assemble import assemble
    from reports.documents import report_docx

    rollup_cache.data_changed()
    start = time.perf_counter()
    snapshot = assemble(report)
    assembled = time.perf_counter()
    docx = report_docx(snapshot)
    return assembled - start, time.perf_counter() - assembled, docx


def report_documents(year: int, province_code: str) -> list[Figure]:
    """A province's annual report and the national consolidation as Word documents, from the data."""
    province = unit_resolve(code=province_code, on=date.today())
    warm = unit_resolve(code="01" if province_code != "01" else "04", on=date.today())
    _document_time(_report(warm, year))  # charts and fonts load once a process: not what is measured
    figures = []
    for unit, label in (
        (province, f"Annual report {year} of {province.name} ({province.code})"),
        (nation(), f"National consolidation {year}"),
    ):
        assembling, writing, docx = _document_time(_report(unit, year))
        tables = _tables_of(docx)
        cells = sum(len(row) for rows in tables for row in rows)
        bare, _doc = median_time(lambda tables=tables: _bare_docx(tables), repeat=3)
        total = assembling + writing
        figures.append(
            Figure(
                f"{label}, DOCX",
                seconds(total),
                f"{seconds(bare)} (python-docx alone, same {len(tables)} tables)",
                f"{total / bare:.1f}x",
                "info",
                f"figures {seconds(assembling)} + document {seconds(writing)}; {cells:,} table cells, "
                f"{len(docx) // 1024} KB",
            )
        )
    return figures


# --- import ------------------------------------------------------------------------------------------------------------


def exchange_file(year: int, rows: int) -> bytes:
    """An exchange workbook (the import's XLSX format) of ``rows`` values the communes entered for ``year`` (not
    yet submitted, so the import may change them), as a province would send it back."""
    from openpyxl import Workbook

    values = (
        DataValue.objects.filter(year=year, unit__level=Level.COMMUNE, option="", series__is_primary=True)
        .select_related("series__indicator", "unit")
        .order_by("unit__code", "series__indicator__code", "part", "sex")[:rows]
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["indicator", "part", "unit", "year", "sex", "value", "source", "as_of"])
    count = 0
    for v in values:
        sheet.append(
            [v.series.indicator.code, v.part, v.unit.code, year, v.sex, int(v.value), "Tệp thử (bench)", None]
        )
        count += 1
    if count < rows:
        raise RuntimeError(f"only {count} values of {year} in communes; seed the national dataset first")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _openpyxl_only(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def import_file(year: int, rows: int = 10_000) -> list[Figure]:
    """Validating and importing the file (``datavalues.exchange.read_rows`` then ``services.import_rows``, as
    ``manage.py import_values --dry-run``: every row checked and written, then rolled back so the data stays as
    seeded) against openpyxl alone reading it."""
    from datavalues.exchange import read_rows
    from datavalues.services import import_rows

    data = exchange_file(year, rows)
    bare, _count = median_time(lambda: _openpyxl_only(data), repeat=3)
    start = time.perf_counter()
    parsed = read_rows(data, "bench.xlsx")
    read = time.perf_counter() - start
    report = import_rows(parsed, dry_run=True)
    total = time.perf_counter() - start
    return [
        Figure(
            f"Validate and import a {rows:,}-row XLSX exchange file",
            seconds(total),
            f"{seconds(bare)} (openpyxl alone reading it)",
            f"{total / bare:.0f}x",
            "info",
            f"reading {seconds(read)}, checking and writing {seconds(total - read)} "
            f"({(total - read) / max(report.rows, 1) * 1000:.1f} ms a row); {report.changed:,} values changed",
        )
    ]
