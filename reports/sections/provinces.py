"""The nation's consolidation only: each indicator's value and status in each current province (Annex IV), and
which provinces have sent their report and have data for the year (Annex III)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.conf import settings

from datavalues.models import DataValue
from datavalues.selectors import Rolled, parts_by_province, primary_series
from documents.official import Table
from indicators.models import Indicator
from lib.exporters import NUMBER, Sheet
from progress.labels import status_vi
from progress.method import ConfigurationError, Target, assess
from progress.selectors import nearest_milestone
from reports.models import REVIEW_YEARS, ReportKind
from reports.sections.base import AnnexPart, BuildContext, Section
from reports.sections.indicators import num
from reports.sections.text import SUBMISSION_STATUS_VI, fmt, number, period_of
from reports.selectors import submission_states
from units.models import AdminUnit, Level


def by_province(year: int, kind: str) -> tuple[dict[str, list[dict]], list[dict]]:
    """Each indicator's cells by province (two grouped queries per indicator), and each province's state."""
    base_year = getattr(settings, "STRATEGY_BASE_YEAR", 2020)
    provinces = list(
        AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
        .prefetch_related("names")  # each cell names its province: one query, not one per cell
        .order_by("code")
    )
    ids = [p.pk for p in provinces]
    years = list(range(base_year, year + 1))
    milestone = REVIEW_YEARS.get(ReportKind(kind)) or nearest_milestone(year)
    has_data: dict[int, bool] = defaultdict(bool)
    table: dict[str, list[dict]] = {}
    indicators = (
        Indicator.objects.filter(active=True, province__isnull=True)
        .prefetch_related("targets", "parts")
        .order_by("objective__number", "order")
    )
    for indicator in indicators:
        series = primary_series(indicator)
        target = next((t for t in indicator.targets.all() if t.year == milestone), None)
        goal = Target(target.year, target.comparator, target.value) if target else None
        parts = {}
        if series is not None:
            base = DataValue.objects.filter(series=series, year__in=years, option="")
            parts = parts_by_province(base, ids, years)
        cells = []
        for province in provinces:
            rolled = {y: Rolled(indicator, province, y, parts.get((province.pk, y), {})) for y in years}
            if rolled[year].parts:
                has_data[province.pk] = True
            observed = [(y, rolled[y].value()) for y in years if rolled[y].value() is not None]
            try:
                status = assess(observed, direction=indicator.direction, target=goal).status
            except ConfigurationError:
                status = "no_data"
            cells.append(
                {
                    "code": province.code,
                    "name": province.name,
                    "value": num(rolled[year].value()),
                    "status": status,
                    "label": status_vi(status),
                }
            )
        table[indicator.code] = cells
    latest = submission_states(kind, year)
    states = []
    for province in provinces:
        sub = latest.get(province.pk)
        states.append(
            {
                "code": province.code,
                "name": province.name,
                "submitted": sub is not None,
                "version": sub.number if sub else None,
                "submitted_at": sub.submitted_at.isoformat() if sub else None,
                "on_time": sub.on_time if sub else None,
                "status": sub.status if sub else None,
                "has_data": has_data[province.pk],
            }
        )
    return table, states


class ProvincesSection(Section):
    key = "provinces"
    scope = "nation"
    template = "reports/sections/provinces.html"

    def build(self, ctx: BuildContext) -> dict[str, Any]:
        table, states = by_province(ctx.year, ctx.kind)
        return {"by_province": table, "provinces": states}

    def annexes(self, snapshot: dict) -> list[AnnexPart]:
        return [
            AnnexPart(
                title="TÌNH HÌNH GỬI BÁO CÁO VÀ SỐ LIỆU CỦA CÁC TỈNH, THÀNH PHỐ",
                table=self._submissions(snapshot),
            ),
            AnnexPart(
                title=f"KẾT QUẢ CÁC CHỈ TIÊU THEO TỈNH, THÀNH PHỐ {period_of(snapshot).upper()}",
                table=self._matrix(snapshot),
            ),
        ]

    def _submissions(self, snapshot: dict) -> Table:
        rows = []
        for i, p in enumerate(snapshot["provinces"], start=1):
            when = (
                date.fromisoformat(p["submitted_at"][:10]).strftime("%d/%m/%Y") if p["submitted_at"] else ""
            )
            rows.append(
                [
                    str(i),
                    p["name"],
                    f"Lần {p['version']}, {when}" if p["submitted"] else "Chưa gửi",
                    "" if p["on_time"] is None else ("Đúng hạn" if p["on_time"] else "Muộn"),
                    SUBMISSION_STATUS_VI.get(p["status"] or "", ""),
                    "Có" if p["has_data"] else "Chưa có số liệu",
                ]
            )
        return Table(
            columns=["TT", "Tỉnh, thành phố", "Báo cáo", "Thời hạn", "Tình trạng", "Số liệu năm báo cáo"],
            rows=rows,
            widths_cm=[1.0, 4.4, 3.2, 2.2, 3.2, 2.5],
            align=["center", "left", "left", "center", "left", "center"],
        )

    def _matrix(self, snapshot: dict) -> Table:
        """One block of rows per indicator: the nation's value, then each province's."""
        year = snapshot["year"]
        rows: list[list[str]] = []
        bold: list[int] = []
        names = {r["code"]: r for r in snapshot["indicators"]}
        for code, cells in snapshot["by_province"].items():
            row = names.get(code)
            yes_no = bool(row and row["yes_no"])
            bold.append(len(rows))
            rows.append(
                [
                    "",
                    f"{code}. {row['name']}" if row else code,
                    fmt(row["values"].get(str(year)) if row else None, yes_no=yes_no),
                    row["status"]["label"] if row else "",
                ]
            )
            rows += [
                [cell["code"], cell["name"], fmt(cell["value"], yes_no=yes_no), cell["label"]]
                for cell in cells
            ]
        return Table(
            columns=["Mã", "Chỉ tiêu / tỉnh, thành phố", f"Kết quả năm {year}", "Đánh giá"],
            rows=rows,
            widths_cm=[1.4, 9.0, 2.6, 3.5],
            align=["center", "left", "right", "left"],
            bold_rows=bold,
        )

    def sheets(self, snapshot: dict) -> list[Sheet]:
        year = snapshot["year"]
        codes = list(snapshot["by_province"])
        provinces: dict[tuple[str, str], dict[str, str | None]] = {}
        for code in codes:
            for cell in snapshot["by_province"][code]:
                provinces.setdefault((cell["code"], cell["name"]), {})[code] = cell["value"]
        by_code = {row["code"]: row for row in snapshot["indicators"]}
        matrix: list[list] = [
            [code, name, *(number(values.get(c)) for c in codes)]
            for (code, name), values in provinces.items()
        ]
        matrix.append(
            [
                "VN",
                "Toàn quốc (cộng các thành phần)",
                *(number(by_code[c]["values"].get(str(year))) if c in by_code else None for c in codes),
            ]
        )
        states = (
            [
                p["code"],
                p["name"],
                "Có" if p["submitted"] else "Chưa",
                p["version"],
                (p["submitted_at"] or "")[:10],
                "" if p["on_time"] is None else ("Có" if p["on_time"] else "Muộn"),
                SUBMISSION_STATUS_VI.get(p["status"] or "", ""),
                "Có" if p["has_data"] else "Chưa",
            ]
            for p in snapshot["provinces"]
        )
        return [
            Sheet(
                name="Theo tỉnh",
                headers=["Mã tỉnh", "Tỉnh, thành phố", *codes],
                rows=matrix,
                widths=[8, 28, *([10] * len(codes))],
                formats=dict.fromkeys(range(3, len(codes) + 3), NUMBER),
            ),
            Sheet(
                name="Tình hình gửi báo cáo",
                headers=[
                    "Mã tỉnh",
                    "Tỉnh, thành phố",
                    "Đã gửi",
                    "Lần gửi",
                    "Ngày gửi",
                    "Đúng hạn",
                    "Tình trạng",
                    "Có số liệu",
                ],
                rows=states,
                widths=[8, 28, 10, 10, 14, 10, 24, 12],
            ),
        ]
