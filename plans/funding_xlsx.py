"""A province's funding table as an Excel workbook (always in Vietnamese), from ``plans.funding``'s selectors.

Sheets: "Theo năm và nguồn" (one row per year and source, and a total row per year), "Theo nguồn" (the five
sources over the years shown, and the total), "Chi tiết" (every budget line with its task) and "Ghi chú" (the
province, the years, the plan in force each year and what the flags mean). Amounts are whole đồng as numbers;
an empty cell means nothing recorded."""

from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lib.xlsx import header, put, to_bytes
from plans.documents import vi_label
from plans.funding import FLAG_LABELS_VI, funding_lines, funding_totals
from plans.models import PlanKind, PlanStatus

AMOUNT_HEADERS = ["Dự kiến (đồng)", "Được giao (đồng)", "Đã chi (đồng)", "Cảnh báo"]
BOLD = Font(bold=True)


def _amounts(figures: dict) -> list:
    return [
        *(
            int(figures[key]) if figures[key] is not None else None
            for key in ("planned", "allocated", "spent")
        ),
        FLAG_LABELS_VI.get(figures["flag"], ""),
    ]


def _row(ws, r: int, values: list, *, amount_from: int, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = put(ws, r, column, value)
        if column >= amount_from and isinstance(value, int):
            cell.number_format = "#,##0"
        if bold:
            cell.font = BOLD


def funding_file_name(province, year: int | None) -> str:
    return f"kinh-phi-bdg-{province.code}-{year or '2021-2030'}.xlsx"


def funding_xlsx(province, year: int | None = None) -> bytes:
    totals = funding_totals(province, year)
    lines = funding_lines(province, year)
    wb = Workbook()

    ws = wb.active
    ws.title = "Theo năm và nguồn"
    header(ws, ["Năm", "Nguồn kinh phí", *AMOUNT_HEADERS], widths=[8, 50, 18, 18, 18, 30])
    r = 2
    by_year = {row["year"]: row for row in totals["by_year"]}
    for y in sorted(by_year):
        for cell in (c for c in totals["cells"] if c["year"] == y):
            _row(ws, r, [y, cell["label"], *_amounts(cell)], amount_from=3)
            r += 1
        _row(ws, r, [y, f"Cộng năm {y}", *_amounts(by_year[y])], amount_from=3, bold=True)
        r += 1

    ws = wb.create_sheet("Theo nguồn")
    header(ws, ["Nguồn kinh phí", *AMOUNT_HEADERS], widths=[50, 18, 18, 18, 30])
    r = 2
    for row in totals["by_source"]:
        _row(ws, r, [row["label"], *_amounts(row)], amount_from=2)
        r += 1
    _row(ws, r, ["Tổng cộng", *_amounts(totals["total"])], amount_from=2, bold=True)

    ws = wb.create_sheet("Chi tiết")
    header(
        ws,
        ["Năm", "Nhiệm vụ", "Cơ quan chủ trì", "Nguồn kinh phí", *AMOUNT_HEADERS],
        widths=[8, 60, 32, 45, 18, 18, 18, 30],
    )
    for r, line in enumerate(lines, start=2):
        _row(
            ws,
            r,
            [line["year"], line["task"], line["lead_agency"], line["label"], *_amounts(line)],
            amount_from=5,
        )

    ws = wb.create_sheet("Ghi chú")
    notes = [
        f"Kinh phí thực hiện công tác bình đẳng giới: {totals['province']['name']}",
        f"Năm: {year}" if year else "Giai đoạn 2021 - 2030",
        f"Ngày lập: {date.today():%d/%m/%Y}",
        "",
        "Mỗi năm chỉ tính kinh phí của kế hoạch đang có hiệu lực năm đó (kế hoạch năm đã ban hành, nếu không thì "
        "kế hoạch 5 năm đã ban hành; nếu chưa ban hành thì bản dự thảo), nên không tính trùng.",
        *(
            f"Năm {p['year']}: {vi_label(PlanKind, p['kind'])} phiên bản {p['version']}"
            f" ({vi_label(PlanStatus, p['status'])}{', ' + p['document_number'] if p['document_number'] else ''})"
            for p in totals["plans"]
        ),
        "",
        "Dự kiến: kinh phí ghi trong kế hoạch. Được giao: kinh phí được giao, phân bổ trong năm. "
        "Đã chi: kinh phí đã chi. Ô để trống: chưa có số liệu.",
        *(f"{label}: cảnh báo, không phải lỗi nhập liệu." for label in FLAG_LABELS_VI.values()),
    ]
    ws.column_dimensions["A"].width = 120
    for r, text in enumerate(notes, start=1):
        put(ws, r, 1, text).alignment = Alignment(wrap_text=True)
    ws["A1"].font = BOLD
    return to_bytes(wb)
