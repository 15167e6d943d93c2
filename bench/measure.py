"""The figures of `make bench` measured inside one process, each beside a baseline measured in the same run on the
same database: the national roll-up against the same sums in one hand-written SQL query, the reports' Word
documents against python-docx alone writing the same tables, the import of a 10,000-row exchange file against
openpyxl alone reading it. Times are medians of several runs where a run takes under a second."""

from __future__ import annotations

import io
import os
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


# The roll-up's own rules by hand, to check its result (not timed against): each current province's own value of a
# part and sex where it entered one, else the sum of its communes and of the former provinces merged into it; the
# nation's own value where it has one, else the sum of its provinces; non-additive indicators the nation's own only.
ROLLUP_EXACT_SQL = """
WITH v AS (
  SELECT s.indicator_id AS indicator, v.unit_id, v.part, v.sex, v.value
  FROM datavalues_datavalue v
  JOIN datavalues_series s ON s.id = v.series_id AND s.is_primary
  JOIN indicators_indicator i ON i.id = s.indicator_id
  WHERE v.year = %(year)s AND v.option = '' AND i.active AND i.province_id IS NULL
), province AS (
  SELECT id FROM units_adminunit WHERE level = 'province' AND valid_to IS NULL
), own AS (
  SELECT indicator, unit_id AS province, part, sex, value FROM v WHERE unit_id IN (SELECT id FROM province)
), below AS (
  SELECT v.indicator, COALESCE(u.merged_into_id, u.parent_id) AS province, v.part, v.sex, SUM(v.value) AS value
  FROM v JOIN units_adminunit u ON u.id = v.unit_id
  WHERE (u.level = 'commune' AND u.merged_into_id IS NULL AND u.parent_id IN (SELECT id FROM province))
     OR u.merged_into_id IN (SELECT id FROM province)
  GROUP BY v.indicator, COALESCE(u.merged_into_id, u.parent_id), v.part, v.sex
), provinces AS (
  SELECT * FROM own
  UNION ALL
  SELECT * FROM below b WHERE NOT EXISTS (
    SELECT 1 FROM own o
    WHERE o.indicator = b.indicator AND o.province = b.province AND o.part = b.part AND o.sex = b.sex)
), mine AS (
  SELECT indicator, part, sex, value FROM v WHERE unit_id = %(nation)s
), summed AS (
  SELECT p.indicator, p.part, p.sex, SUM(p.value) AS value
  FROM provinces p JOIN indicators_indicator i ON i.id = p.indicator
  WHERE i.additive
  GROUP BY p.indicator, p.part, p.sex
)
SELECT indicator, part, sex, value FROM mine
UNION ALL
SELECT indicator, part, sex, value FROM summed s WHERE NOT EXISTS (
  SELECT 1 FROM mine m WHERE m.indicator = s.indicator AND m.part = s.part AND m.sex = s.sex)
"""


def rollup_by_sql(
    year: int, nation_id: int, sql: str = ROLLUP_SQL
) -> dict[int, dict[tuple[str, str], Decimal]]:
    out: dict[int, dict[tuple[str, str], Decimal]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, {"year": year, "nation": nation_id})
        for indicator_id, part, sex, total in cursor.fetchall():
            # PostgreSQL sums numerics exactly; SQLite (the tests) answers a float
            out.setdefault(indicator_id, {})[(part, sex)] = (
                total if isinstance(total, Decimal) else Decimal(str(total))
            )
    return out


def interleaved(runs: dict[str, Callable], *, repeat: int, before: Callable | None = None):
    """{name: (median seconds, a result)} of ``repeat`` timed calls of each of ``runs``, taken in turns (one of
    each, then again, in the reverse order every other time; ``before`` untimed at the start of each turn) so that
    a slower moment of the machine falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    results: dict[str, object] = {}
    for i in range(repeat):
        if before is not None:
            before()
        for name, run in list(runs.items())[:: 1 if i % 2 == 0 else -1]:
            start = time.perf_counter()
            results[name] = run()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), results[name]) for name in runs}


ROLLUP_RATIO, ROLLUP_LIMIT = 1.5, 0.3  # the bar: within 1.5 times the SQL, under 300 ms


def national_rollup(year: int, *, repeat: int = 11) -> list[Figure]:
    """The nation's roll-up of one year for every national indicator (``datavalues.selectors.rollup_indicators``,
    what the dashboards, reports and API use) computed afresh as after a value of the year is saved (its cached
    roll-up dropped; the units below the nation, which change only with the units, stay kept), then from the
    cache, against ``ROLLUP_SQL`` (the
    floor: the same rows read and summed once, without the roll-up's rules), medians of ``repeat`` runs taken in
    turns. The roll-up must give the parts of ``ROLLUP_EXACT_SQL`` (its own rules by hand); the floor differs
    where provinces enter their own totals over their communes' (it adds both)."""
    country = nation()
    indicators = list(Indicator.objects.filter(active=True, province__isnull=True).order_by("code"))
    for _i in range(3):  # the first runs of a process and a connection pay for their caches: not measured
        rollup_cache.data_changed(year=year)
        rollup_indicators(indicators, country, [year])
        rollup_by_sql(year, country.pk)
    timed = interleaved(
        {
            "computed": lambda: rollup_indicators(indicators, country, [year]),
            "sql": lambda: rollup_by_sql(year, country.pk),
        },
        repeat=repeat,
        before=lambda: rollup_cache.data_changed(year=year),
    )
    (computed, rolled), (by_sql, sums) = timed["computed"], timed["sql"]
    cached, _rolled = median_time(lambda: rollup_indicators(indicators, country, [year]), repeat=repeat)
    by_exact, exact = median_time(lambda: rollup_exact_by_sql(year, country.pk), repeat=3)
    differ = [i.code for i in indicators if rolled[i.pk][year].parts != exact.get(i.pk, {})]
    own_totals = [i.code for i in indicators if rolled[i.pk][year].parts != sums.get(i.pk, {})]
    ratio = computed / by_sql
    ok = ratio <= ROLLUP_RATIO and computed < ROLLUP_LIMIT and not differ
    note = (
        f"same parts as the roll-up's rules in SQL ({seconds(by_exact)}) for all {len(indicators)} indicators"
        if not differ
        else f"parts differ from the roll-up's rules in SQL for {', '.join(differ)}"
    )
    if own_totals:
        note += f"; provinces' own totals replace their communes' sums in {', '.join(own_totals)}"
    return [
        Figure(
            f"National roll-up {year}, {len(indicators)} indicators (computed)",
            seconds(computed),
            f"{seconds(by_sql)} (one SQL query)",
            f"{ratio:.2f}x (bar ≤ {ROLLUP_RATIO}x, < {ROLLUP_LIMIT * 1000:.0f} ms)",
            "pass" if ok else "FAIL",
            f"median of {repeat} each; {note}",
        ),
        Figure(
            f"National roll-up {year} (cached until the data changes)",
            seconds(cached),
            f"{seconds(by_sql)} (one SQL query)",
            f"{cached / by_sql:.2f}x",
            "info",
        ),
    ]


# --- a grid save seen on the national dashboard ----------------------------------------------------------------------

SAVE_LIMIT = 1.0  # seconds
SAVED_INDICATOR = "M6.1"  # collected in communes; one commune's figure moves the national one visibly


def _client(user):
    """The Django test client logged in as ``user``, speaking HTTPS through the proxy header as production
    expects (``DEBUG`` off: plain HTTP is redirected)."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    return client


def _shown(html: str, code: str) -> str | None:
    """The latest value the national dashboard shows for indicator ``code``."""
    import re

    row = re.search(rf'data-indicator="{re.escape(code)}">(.*?)</tr>', html, re.S)
    cell = row and re.search(r'<td class="num value">\s*<strong>(.*?)</strong>', row.group(1), re.S)
    return cell.group(1).strip() if cell else None


def _saved_cell(indicator: Indicator, year: int):
    """The commune value the bench saves: ``indicator``'s numerator of ``year`` in a commune, open to changes
    (not approved nor accepted), in a province that does not enter its own total (which would hide the
    commune's), the largest such value so that setting it to 0 moves the national figure."""
    from datavalues.models import LOCKED
    from datavalues.services import series_primary

    series = series_primary(indicator)
    values = DataValue.objects.filter(series=series, year=year, option="", sex="total", part="numerator")
    provinces_own = values.filter(unit__level=Level.PROVINCE).values("unit_id")
    return (
        values.filter(unit__level=Level.COMMUNE, unit__merged_into__isnull=True, value__gt=0)
        .exclude(status__in=LOCKED)
        .exclude(unit__parent_id__in=provinces_own)
        .select_related("unit__parent")
        .order_by("-value", "unit__code")
        .first()
    )


def save_to_dashboard(year: int, *, repeat: int = 5) -> list[Figure]:
    """``_save_to_dashboard`` without the pages' access log (one line a request) and whitenoise's warning that no
    static files were collected (the pages' own HTML is what is timed)."""
    import logging
    import warnings

    access = logging.getLogger("bdg.access")
    level = access.level
    access.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="No directory at")
            return _save_to_dashboard(year, repeat=repeat)
    finally:
        access.setLevel(level)


def _save_to_dashboard(year: int, *, repeat: int) -> list[Figure]:
    """Time from a grid save to the national dashboard showing the new figure: a commune's value saved through
    ``datavalues.services.value_set`` by its province's focal officer, in a committed transaction, then the
    national dashboard fetched as a ministry officer (Django's test client, in this process) until its figure for
    the indicator is the one the roll-up's rules give after the save (``ROLLUP_EXACT_SQL``). The value is put
    back after each run (untimed). Baseline: the same page fetched with nothing changed (cached)."""
    from django.db import transaction
    from django.urls import reverse

    from accounts.models import User
    from bench.seed import PREFIX
    from core.templatetags.vn import short
    from datavalues.services import value_set

    indicator = Indicator.objects.get(code=SAVED_INDICATOR)
    cell = _saved_cell(indicator, year)
    if cell is None:
        return [Figure("Grid save → national dashboard", "-", "-", "-", "FAIL", "no commune value to change")]
    province = cell.unit.parent
    focal = User.objects.get(username=f"{PREFIX}{province.code}.noivu")
    client = _client(User.objects.get(username=f"{PREFIX}bo.chuyenvien"))
    url = f"{reverse('dashboard_home')}?year={year}"
    country = nation()

    def page() -> str:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response.content.decode()

    def expected() -> str:
        parts = rollup_exact_by_sql(year, country.pk).get(indicator.pk, {})
        numerator, denominator = parts.get(("numerator", "total")), parts.get(("denominator", "total"))
        return short(indicator.factor * numerator / denominator)

    def save(value: Decimal) -> None:
        nonlocal cell
        with transaction.atomic():  # committed here: the roll-up cache is replaced at the commit
            cell = value_set(
                indicator=indicator,
                part=cell.part,
                unit=cell.unit,
                year=year,
                value=value,
                by=focal,
                expected_version=cell.version,
                comment="Lưu thử của bench (run_bench)",
            )

    original = cell.value
    before = _shown(page(), indicator.code)
    bare, _html = median_time(page, repeat=repeat)
    times, fetches, wrong = [], [], []
    try:
        for _i in range(repeat):
            start = time.perf_counter()
            save(Decimal(0))
            count, shown = 0, before
            while shown == before and time.perf_counter() - start < 10:
                count += 1
                shown = _shown(page(), indicator.code)
            times.append(time.perf_counter() - start if shown != before else float("inf"))
            fetches.append(count)
            wanted = expected()  # untimed: what the roll-up's rules give after the save
            if shown != wanted:
                wrong.append(f"{shown} instead of {wanted}")
            save(original)
    finally:
        if cell.value != original:
            save(original)
    took = statistics.median(times)
    ok = took < SAVE_LIMIT and not wrong
    first = sum(1 for n in fetches if n == 1)
    return [
        Figure(
            "Grid save → national dashboard showing it",
            seconds(took) if took != float("inf") else "never",
            f"{seconds(bare)} (the page alone, cached)",
            f"bar < {SAVE_LIMIT:.0f} s",
            "pass" if ok else "FAIL",
            f"median of {repeat}: {indicator.code} numerator of commune {cell.unit.code} ({province.name}) "
            f"{original.normalize():f} → 0 by {focal.username}, national {before} → {wanted}; shown on the first "
            f"fetch in {first} of {repeat}" + (f"; wrong figure: {', '.join(wrong)}" if wrong else ""),
        )
    ]


def rollup_exact_by_sql(year: int, nation_id: int) -> dict[int, dict[tuple[str, str], Decimal]]:
    return rollup_by_sql(year, nation_id, ROLLUP_EXACT_SQL)


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


# The bars of issue 14: a province's annual report under a second, the national consolidation under two, each the
# median of 5 in a warm process (what a person waits for after asking: the figures assembled, the document written).
PROVINCE_DOCX_BAR, NATION_DOCX_BAR = 1.0, 2.0
DOCUMENT_REPEAT = 5


def document_figure(
    label: str, runs: list[tuple[float, float]], bare: float, tables: int, bar: float, note: str = ""
) -> Figure:
    """The median of ``runs`` (seconds assembling, seconds writing) held to ``bar``, beside python-docx alone
    writing the same ``tables`` (``bare`` seconds, measured in the same run)."""
    total = statistics.median(a + w for a, w in runs)
    assembling = statistics.median(a for a, _w in runs)
    writing = statistics.median(w for _a, w in runs)
    return Figure(
        f"{label}, DOCX (median of {len(runs)})",
        seconds(total),
        f"{seconds(bare)} (python-docx alone, same {tables} tables)",
        f"{total / bare:.1f}x; bar < {seconds(bar)}",
        "pass" if total < bar else "FAIL",
        f"figures {seconds(assembling)} + document {seconds(writing)} (medians)"
        + (f"; {note}" if note else ""),
    )


def report_documents(year: int, province_code: str, *, repeat: int = DOCUMENT_REPEAT) -> list[Figure]:
    """A province's annual report and the national consolidation as Word documents, from the data, each the
    median of ``repeat`` in this process, warmed as a web process is at start (``config/wsgi.py``)."""
    from documents.charts import warm
    from reports.sections.indicators import forget_charts

    province = unit_resolve(code=province_code, on=date.today())
    other = unit_resolve(code="01" if province_code != "01" else "04", on=date.today())
    warm()
    _document_time(_report(other, year))  # the code paths of a first report: not what is measured
    figures = []
    for unit, label, bar in (
        (province, f"Annual report {year} of {province.name} ({province.code})", PROVINCE_DOCX_BAR),
        (nation(), f"National consolidation {year}", NATION_DOCX_BAR),
    ):
        report = _report(unit, year)
        runs, cpu, docx = [], [], b""
        load = os.getloadavg()[0]
        forget_charts()  # the first run draws the report's charts; the next ones find them kept, as a web process would
        for _i in range(repeat):
            started = time.process_time()
            assembling, writing, docx = _document_time(report)
            cpu.append(time.process_time() - started)
            runs.append((assembling, writing))
        tables = _tables_of(docx)
        cells = sum(len(row) for rows in tables for row in rows)
        bare, _doc = median_time(lambda tables=tables: _bare_docx(tables), repeat=repeat)
        note = (
            f"first run, charts drawn: {seconds(sum(runs[0]))}; {cells:,} table cells, {len(docx) // 1024} KB; "
            f"this process's CPU {seconds(statistics.median(cpu))} (median), load average {load:.1f} on "
            f"{os.cpu_count()} CPUs"
        )
        figures.append(document_figure(label, runs, bare, len(tables), bar, note))
    return figures


# --- import ------------------------------------------------------------------------------------------------------------


def _openpyxl_only(data: bytes) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


UPLOAD_LIMIT = 3.0  # seconds: a 10,000-row upload checked, imported and committed
HISTORY_LIMIT = 300.0  # seconds: the national history file
HISTORY_ROWS = 880_000
UPLOAD_FILE = "bench-tai-len.xlsx"


def _upload_scope(rows: int):
    """The province whose communes entered the most values, its focal officer, and ``rows`` of those values of
    the latest years (primary series, no option): what the officer would send back as one file."""
    from django.db.models import Count

    from accounts.models import Role, User
    from bench.seed import PREFIX

    biggest = (
        DataValue.objects.filter(unit__level=Level.COMMUNE, year=2030)
        .values("unit__parent__code")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    code = biggest["unit__parent__code"]
    officer = User.objects.get(
        username__startswith=PREFIX, role=Role.FOCAL_OFFICER, unit__code=code, unit__valid_to__isnull=True
    )
    values = list(
        DataValue.objects.filter(
            unit__level=Level.COMMUNE,
            unit__parent__code=code,
            year__gte=2028,
            option="",
            series__is_primary=True,
        )
        .select_related("series__indicator", "unit")
        .order_by("-year", "unit__code", "series__indicator__code", "part", "sex")[:rows]
    )
    if len(values) < rows:
        raise RuntimeError(f"only {len(values)} values in province {code}; seed the national dataset first")
    return code, officer, values


def _xlsx_of(values) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["indicator", "part", "unit", "year", "sex", "value", "source", "as_of"])
    for v in values:
        number = v.value.normalize()
        sheet.append(
            [
                v.series.indicator.code,
                v.part,
                v.unit.code,
                v.year,
                v.sex,
                int(number) if number == number.to_integral_value() else float(number),
                "Tệp thử (bench)",
                None,
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload_file(rows: int = 10_000, *, repeat: int = 5) -> list[Figure]:
    """A focal officer's upload of ``rows`` new values, through the upload's own code (read the XLSX, every
    access decision and check, bulk write with its audit entries, committed), against openpyxl alone reading the
    file. Before each run the values are removed (so they are new); after it they are put back exactly as seeded
    and the run's audit entries removed, so the dataset stays as it was."""
    from datavalues.exchange import read_rows
    from datavalues.services import import_rows

    code, officer, values = _upload_scope(rows)
    data = _xlsx_of(values)
    bare, _count = median_time(lambda: _openpyxl_only(data), repeat=repeat)
    pks = [v.pk for v in values]
    fields = [f.attname for f in DataValue._meta.concrete_fields if not f.primary_key]
    stash = list(DataValue.objects.filter(pk__in=pks).values_list("pk", *fields))
    times, reports = [], []
    try:
        for _i in range(repeat):
            DataValue.objects.filter(pk__in=pks).delete()
            start = time.perf_counter()
            report = import_rows(
                read_rows(data, UPLOAD_FILE), by=officer, context={"via": "upload", "file": UPLOAD_FILE}
            )
            times.append(time.perf_counter() - start)
            reports.append(report)
            _put_back(stash, officer)
    finally:
        _put_back(stash, officer)
    total = statistics.median(times)
    created = {r.created for r in reports}
    return [
        Figure(
            f"Upload {rows:,} new values (focal officer of {code}, every check, committed)",
            seconds(total),
            f"{seconds(bare)} (openpyxl alone reading it)",
            f"{total / bare:.1f}x; bar < {UPLOAD_LIMIT:.0f} s",
            "pass" if total < UPLOAD_LIMIT and created == {rows} else "FAIL",
            f"median of {repeat}: "
            + ", ".join(seconds(t) for t in times)
            + f"; values created a run: {created}",
        )
    ]


def _put_back(stash: list[tuple], officer) -> None:
    """The values the bench uploaded go, the seeded ones come back with their own primary keys and every field as
    it was, and the bench's audit entries go: the dataset is as seeded. Safe to call twice."""
    from django.db import transaction

    from lib.bulk import copy_rows
    from lib.protected import lifted

    columns = ["id", *(f.column for f in DataValue._meta.concrete_fields if not f.primary_key)]
    with transaction.atomic():
        DataValue.objects.filter(source="Tệp thử (bench)", updated_by=officer).delete()
        present = set(DataValue.objects.filter(pk__in=[row[0] for row in stash]).values_list("pk", flat=True))
        copy_rows(DataValue, columns, (row for row in stash if row[0] not in present))
        # the bench runs as the owner of its own database: the one kind of maintenance past the triggers
        with lifted(), connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM audit_auditentry WHERE action = 'value.set' AND context ->> 'file' = %s",
                [UPLOAD_FILE],
            )


def history_file(rows: int = HISTORY_ROWS) -> bytes:
    """The history of every commune as one CSV: each national indicator's parts (by sex where it is split) for
    every commune in force, year after year from 2025, until ``rows`` rows; invented but consistent values
    (female + male = total, numerator under denominator)."""
    from bench.seed import consistent_cells
    from units.models import AdminUnit

    cells = consistent_cells()
    communes = list(
        AdminUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    lines = ["indicator,part,unit,year,sex,value,source"]
    for year in range(2025, 2031):
        for unit in communes:
            for code, part, sex, value in cells:
                lines.append(f"{code},{part},{unit},{year},{sex},{value},Lịch sử (bench)")
                if len(lines) > rows:
                    return ("\n".join(lines) + "\n").encode()
    raise RuntimeError(f"only {len(lines) - 1} cells in communes from 2025 to 2030")


def import_history(rows: int = HISTORY_ROWS, *, repeat: int = 5) -> list[Figure]:
    """The national history file (``rows`` rows, every commune) imported as the administrator would with
    ``manage.py import_values``: read as a stream, every check, bulk write with one audit entry a value. Each run
    is inside a transaction that first removes the communes' values of those years (so every row is new) and is
    rolled back at the end, so the dataset stays as seeded. Baseline: Python's csv module alone reading the file."""
    import csv
    import resource

    from django.db import transaction

    from datavalues.exchange import read_rows
    from datavalues.services import import_rows

    data = history_file(rows)
    bare, _n = median_time(lambda: sum(1 for _r in csv.reader(io.StringIO(data.decode()))), repeat=3)
    times, created = [], set()
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _i in range(repeat):
        with transaction.atomic():
            with connection.cursor() as cursor:  # in SQL: the ORM's delete would load every row first
                cursor.execute(
                    "DELETE FROM datavalues_datavalue WHERE year >= 2025 AND unit_id IN "
                    "(SELECT id FROM units_adminunit WHERE level = %s)",
                    [Level.COMMUNE],
                )
            start = time.perf_counter()
            report = import_rows(
                read_rows(data, "lich-su.csv"), by=None, context={"via": "command", "file": "lich-su.csv"}
            )
            times.append(time.perf_counter() - start)
            created.add(report.created)
            transaction.set_rollback(True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    total = statistics.median(times)
    return [
        Figure(
            f"Import the national history file ({rows:,} rows, every commune)",
            seconds(total),
            f"{seconds(bare)} (the csv module alone reading it)",
            f"{total / bare:.0f}x; bar < {HISTORY_LIMIT / 60:.0f} min",
            "pass" if total < HISTORY_LIMIT and created == {rows} else "FAIL",
            f"median of {repeat}: "
            + ", ".join(seconds(t) for t in times)
            + f"; {total / rows * 1e6:.0f} µs a row; peak memory of the process {peak / 1024:.0f} MB"
            + f" (was {peak_before / 1024:.0f} MB); the run's COMMIT is not timed (it is rolled back)",
        )
    ]
