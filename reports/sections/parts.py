"""Annex II: the parts behind each indicator's value (numerators, denominators), by sex, for the years shown."""

from __future__ import annotations

from collections.abc import Iterator

from documents.official import Table
from lib.exporters import NUMBER, Sheet
from reports.sections.base import AnnexPart, Section
from reports.sections.text import fmt, number, shown_years


def _rows(snapshot: dict) -> Iterator[tuple[dict, dict]]:
    for row in snapshot["indicators"]:
        for part in row["parts"]:
            yield row, part


class PartsSection(Section):
    """Builds nothing of its own: the parts come with each indicator's row (``IndicatorsSection``)."""

    key = "parts"
    template = "reports/sections/parts.html"

    def annexes(self, snapshot: dict) -> list[AnnexPart]:
        first, second = shown_years(snapshot)
        rows = [
            [
                row["code"],
                part["name"],
                part["sex_label"],
                fmt(part["values"].get(str(first))),
                fmt(part["values"].get(str(second))),
            ]
            for row, part in _rows(snapshot)
        ]
        table = Table(
            columns=["Mã", "Thành phần", "Giới tính", f"Năm {first}", f"Năm {second}"],
            rows=rows,
            widths_cm=[1.6, 8.4, 2.0, 2.3, 2.3],
            align=["center", "left", "center", "right", "right"],
        )
        return [AnnexPart(title="SỐ LIỆU THÀNH PHẦN CỦA CÁC CHỈ TIÊU, TÁCH BIỆT THEO GIỚI TÍNH", table=table)]

    def sheets(self, snapshot: dict) -> list[Sheet]:
        first, second = shown_years(snapshot)
        rows = (
            [
                row["code"],
                part["name"],
                part["sex_label"],
                number(part["values"].get(str(first))),
                number(part["values"].get(str(second))),
            ]
            for row, part in _rows(snapshot)
        )
        return [
            Sheet(
                name="Số liệu theo giới",
                headers=["Mã", "Thành phần", "Giới tính", f"Năm {first}", f"Năm {second}"],
                rows=rows,
                widths=[8, 60, 12, 14, 14],
                formats={4: NUMBER, 5: NUMBER},
                wrap=[2],
            )
        ]
