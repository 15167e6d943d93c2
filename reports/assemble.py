"""A report's contents read from the data: one JSON-safe dictionary (the "snapshot") that the page, the Word
document, the PDF and the Excel annex are all drawn from, and that a submission freezes as it is.

Numbers are strings of decimals (exact, never floats). A value is the roll-up of ``datavalues.selectors``: parts
summed over the units below, then the formula, so ratios are never averaged. Each status comes with the inputs of
``progress.method`` that produced it.

Kinds: ``annual`` (the year and the one before it, against the annual and milestone targets), ``midterm`` (2025,
since the 2020 baseline, against the 2025 targets) and ``final`` (2030, against the 2030 targets). The unit is a
province, or the nation for the ministry's consolidation (each indicator by province, the provinces that have not
submitted or have no data)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from progress.selectors import cached_to_year
from reports.content import SCHEMA, build
from reports.models import Report, ReportKind
from reports.sections.base import BuildContext
from reports.sections.kinds import sections_for
from units.models import Level

__all__ = ["NARRATIVE", "assemble", "changed_figures", "draft_snapshot", "figures"]

NARRATIVE = ("achievements", "shortcomings", "causes", "communication", "inspections", "recommendations")


def _years_of(kind: str, year: int) -> list[int]:
    """The years whose tasks and funds a report covers: the year, or the whole period of a review."""
    if kind == ReportKind.MIDTERM:
        return list(range(2021, 2026))
    if kind == ReportKind.FINAL:
        return list(range(2021, 2031))
    return [year]


def draft_snapshot(report: Report, *, stamped: bool = False):
    """``assemble(report)`` for the report's page: kept in the shared cache until the values it reads (the unit's,
    the base year to the report's), the work (plans, tasks, funds, inspections, the report's own text, ...) or
    reference data change (``rollup_cache.cached``), so the page shows every change at once. ``stamped``: with
    the stamp of that state (``rollup_cache.fragment``)."""
    last = max(report.year, *_years_of(report.kind, report.year))
    return cached_to_year(
        "draft-report",
        report.unit,
        last,
        (report.kind, report.year, report.pk, report.lock_version),
        lambda: assemble(report),
        stamped=stamped,
    )


def assemble(report: Report, *, date=None) -> dict:
    """The snapshot of ``report`` from the data as it is now: the frame (unit, kind, year, the report's own texts
    and signature), then each section of its kind in turn (``reports.sections.kinds``). ``date`` is the document's
    date (the day of submission); a draft has none."""
    unit = report.unit
    years = _years_of(report.kind, report.year)
    ctx = BuildContext(
        report=report, years=years, until=min(timezone.localdate(), dt.date(max(years), 12, 31))
    )
    snapshot = {
        "schema": SCHEMA,
        "kind": report.kind,
        "year": report.year,
        "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
        "date": date.isoformat() if date else None,
        "assembled_at": timezone.now().isoformat(timespec="seconds"),
        "narrative": {name: getattr(report, name).strip() for name in NARRATIVE},
        "document": {
            "number": report.document_number.strip(),
            "signer_name": report.signer_name.strip(),
            "signer_title": report.signer_title.strip(),
        },
    }
    for section in sections_for(report.kind, national=unit.level == Level.NATION):
        snapshot.update(section.build(ctx))
    return build(snapshot)  # checked against reports.content's schema


def figures(snapshot: dict) -> dict[str, str | None]:
    """Every figure of a snapshot (current schema: ``reports.content.canonical``) under a stable, readable key, to
    list what a correction changed."""
    out: dict[str, str | None] = {}
    for row in snapshot["indicators"]:
        for y, value in row["values"].items():
            out[f"{row['code']} · {y}"] = value
        for part in row["parts"]:
            for y, value in part["values"].items():
                out[f"{row['code']} · {part['name']} · {part['sex_label']} · {y}"] = value
        out[f"{row['code']} · đánh giá"] = row["status"]["label"]
    for fund in snapshot["funds"]:
        out[f"Kinh phí · {fund['label']}"] = fund["amount"]
        for measure, label in (("allocated", "được giao"), ("spent", "đã chi")):
            if fund[measure] is not None:
                out[f"Kinh phí {label} · {fund['label']}"] = fund[measure]
    inspections = snapshot["inspections"]
    if inspections:
        out["Kiểm tra · số cuộc đã thực hiện"] = str(inspections["inspections"].get("done", 0))
        out["Kiểm tra · kiến nghị chưa thực hiện"] = str(
            inspections["recommendations"].get("open", 0) + inspections["recommendations"].get("overdue", 0)
        )
    communication = snapshot["communication"]
    if communication:
        out["Truyền thông · số hoạt động"] = str(communication["activities"])
        for sex, label in (
            ("total", "tổng số"),
            ("female", "nữ"),
            ("male", "nam"),
            ("unknown", "không rõ giới tính"),
        ):
            out[f"Truyền thông · lượt người được tiếp cận · {label}"] = str(communication["reached"][sex])
        out["Truyền thông · kinh phí"] = communication["cost_total"]
    for code, cells in (snapshot["by_province"] or {}).items():
        for cell in cells:
            out[f"{code} · {cell['name']}"] = cell["value"]
    return out


def changed_figures(before: dict, after: dict) -> list[dict]:
    """The figures that differ between two snapshots, in the order of the newer one."""
    old, new = figures(before), figures(after)
    keys = list(new) + [k for k in old if k not in new]
    return [
        {"figure": k, "before": old.get(k), "after": new.get(k)} for k in keys if old.get(k) != new.get(k)
    ]
