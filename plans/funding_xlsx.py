"""A province's funding table as an Excel workbook (always in Vietnamese), from ``plans.funding``'s selectors.

Sheets: "Theo năm và nguồn" (one row per year and source, and a total row per year), "Theo nguồn" (the five
sources over the years shown, and the total), "Chi tiết" (every budget line with its task) and "Ghi chú" (the
province, the years, the plan in force each year and what the flags mean). Amounts are whole đồng as numbers;
an empty cell means nothing recorded."""

from datetime import date

from lib.exporters import INTEGER, Exporter, Sheet, bold, notes, render_xlsx
from plans.documents import vi_label
from plans.funding import FLAG_LABELS_VI, funding_lines, funding_totals
from plans.models import PlanKind, PlanStatus

AMOUNT_HEADERS = ["Dự kiến (đồng)", "Được giao (đồng)", "Đã chi (đồng)", "Cảnh báo"]


def _amounts(figures: dict) -> list:
    return [
        *(
            int(figures[key]) if figures[key] is not None else None
            for key in ("planned", "allocated", "spent")
        ),
        FLAG_LABELS_VI.get(figures["flag"], ""),
    ]


class FundingExport(Exporter):
    def __init__(self, province, year: int | None = None):
        self.province, self.year = province, year
        self.file_name = f"kinh-phi-bdg-{province.code}-{year or '2021-2030'}"

    def sheets(self):
        province, year = self.province, self.year
        totals = funding_totals(province, year)
        by_year = {row["year"]: row for row in totals["by_year"]}
        yield Sheet(
            name="Theo năm và nguồn",
            headers=["Năm", "Nguồn kinh phí", *AMOUNT_HEADERS],
            widths=[8, 50, 18, 18, 18, 30],
            formats=dict.fromkeys((3, 4, 5), INTEGER),
            rows=self._by_year(totals, by_year),
        )
        yield Sheet(
            name="Theo nguồn",
            headers=["Nguồn kinh phí", *AMOUNT_HEADERS],
            widths=[50, 18, 18, 18, 30],
            formats=dict.fromkeys((2, 3, 4), INTEGER),
            rows=[
                *([row["label"], *_amounts(row)] for row in totals["by_source"]),
                bold(["Tổng cộng", *_amounts(totals["total"])]),
            ],
        )
        yield Sheet(
            name="Chi tiết",
            headers=["Năm", "Nhiệm vụ", "Cơ quan chủ trì", "Nguồn kinh phí", *AMOUNT_HEADERS],
            widths=[8, 60, 32, 45, 18, 18, 18, 30],
            formats=dict.fromkeys((5, 6, 7), INTEGER),
            autofilter=True,
            rows=(
                [line["year"], line["task"], line["lead_agency"], line["label"], *_amounts(line)]
                for line in funding_lines(province, year)
            ),
        )
        yield notes(
            "Ghi chú",
            [
                f"Kinh phí thực hiện công tác bình đẳng giới: {totals['province']['name']}",
                f"Năm: {year}" if year else "Giai đoạn 2021 - 2030",
                f"Ngày lập: {date.today():%d/%m/%Y}",
                "",
                "Mỗi năm chỉ tính kinh phí của kế hoạch đang có hiệu lực năm đó (kế hoạch năm đã ban hành, nếu không "
                "thì kế hoạch 5 năm đã ban hành; nếu chưa ban hành thì bản dự thảo), nên không tính trùng.",
                *(
                    f"Năm {p['year']}: {vi_label(PlanKind, p['kind'])} phiên bản {p['version']}"
                    f" ({vi_label(PlanStatus, p['status'])}"
                    f"{', ' + p['document_number'] if p['document_number'] else ''})"
                    for p in totals["plans"]
                ),
                "",
                "Dự kiến: kinh phí ghi trong kế hoạch. Được giao: kinh phí được giao, phân bổ trong năm. "
                "Đã chi: kinh phí đã chi. Ô để trống: chưa có số liệu.",
                *(f"{label}: cảnh báo, không phải lỗi nhập liệu." for label in FLAG_LABELS_VI.values()),
            ],
        )

    @staticmethod
    def _by_year(totals: dict, by_year: dict):
        for y in sorted(by_year):
            for cell in (c for c in totals["cells"] if c["year"] == y):
                yield [y, cell["label"], *_amounts(cell)]
            yield bold([y, f"Cộng năm {y}", *_amounts(by_year[y])])


def funding_xlsx(province, year: int | None = None) -> bytes:
    return render_xlsx(FundingExport(province, year))
