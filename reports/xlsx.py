"""A report's annex as an Excel workbook, drawn from the same snapshot as the document (``reports.assemble``).

Numbers are real numbers (not text), so officers can sort and total them; the status label sits beside them.
Sheets: "Chỉ tiêu" (the indicator table), "Số liệu theo giới" (the parts behind each value), "Nhiệm vụ" (a
province's tasks), "Kinh phí" (funds by source); for the nation also "Theo tỉnh" (provinces × indicators) and
"Tình hình gửi báo cáo"."""

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment

from indicators.models import MILESTONE_YEARS
from lib.xlsx import HEADER_FONT, header, put, to_bytes
from plans.documents import vi_label
from plans.models import TaskCategory
from reports.documents import SUBMISSION_STATUS_VI, bar, is_national, period_of, subject_of, unit_of

NUMBER = "#,##0.##"


def _number(value: str | None):
    if value is None:
        return None
    number = Decimal(value)
    return int(number) if number == number.to_integral_value() else float(round(number, 4))


def _row(ws, r: int, values: list) -> None:
    for column, value in enumerate(values, start=1):
        cell = put(ws, r, column, value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            cell.number_format = NUMBER
        elif isinstance(value, str) and len(value) > 40:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def report_xlsx(snapshot: dict) -> bytes:
    national = is_national(snapshot)
    year = snapshot["year"]
    annual = snapshot["kind"] == "annual"
    first, second = (year - 1, year) if annual else (2020, year)
    wb = Workbook()

    ws = wb.active
    ws.title = "Chỉ tiêu"
    put(ws, 1, 1, f"Báo cáo: {subject_of(snapshot)}").font = HEADER_FONT
    put(ws, 2, 1, f"Kỳ báo cáo: {period_of(snapshot)}. Số liệu lấy ngày {snapshot['assembled_at'][:10]}.")
    columns = [
        "TT",
        "Mã",
        "Chỉ tiêu",
        "Đơn vị tính",
        *(f"Chỉ tiêu quốc gia {y}" for y in MILESTONE_YEARS),
        *(() if national else (f"Chỉ tiêu tỉnh {y}" for y in MILESTONE_YEARS)),
        *((f"Kết quả năm {first}",) if annual else ("Giá trị cơ sở", "Năm cơ sở")),
        f"Kết quả năm {second}",
        "Đánh giá",
        "So với chỉ tiêu",
        "Cơ quan cung cấp số liệu",
    ]
    widths = [5, 8, 60, 12, *([12] * (2 if national else 4)), *([12] if annual else [12, 10]), 12, 22, 22, 36]
    header(ws, columns, widths=widths, row=4)
    for n, row in enumerate(snapshot["indicators"], start=1):
        yn = row["yes_no"]
        status = row["status"]
        against = ""
        if status.get("target_year"):
            against = f"{status.get('source_label', '')} {status['target_year']}".strip()
        _row(
            ws,
            4 + n,
            [
                n,
                row["code"],
                row["name"],
                unit_of(row),
                *(bar(row["national_targets"].get(str(y)), yes_no=yn) for y in MILESTONE_YEARS),
                *(
                    ()
                    if national
                    else (bar(row["province_targets"].get(str(y)), yes_no=yn) for y in MILESTONE_YEARS)
                ),
                *(
                    (_number(row["values"].get(str(first))),)
                    if annual
                    else (
                        _number((row.get("baseline") or {}).get("value")),
                        (row.get("baseline") or {}).get("year"),
                    )
                ),
                _number(row["values"].get(str(second))),
                status["label"],
                against,
                row["agency"],
            ],
        )

    ws = wb.create_sheet("Số liệu theo giới")
    header(ws, ["Mã", "Thành phần", "Giới tính", f"Năm {first}", f"Năm {second}"], widths=[8, 60, 12, 14, 14])
    r = 2
    for row in snapshot["indicators"]:
        for part in row["parts"]:
            _row(
                ws,
                r,
                [
                    row["code"],
                    part["name"],
                    part["sex_label"],
                    _number(part["values"].get(str(first))),
                    _number(part["values"].get(str(second))),
                ],
            )
            r += 1

    if not national:
        ws = wb.create_sheet("Nhiệm vụ")
        header(
            ws,
            [
                "TT",
                "Nhiệm vụ",
                "Nhóm giải pháp",
                "Cơ quan chủ trì",
                "Tiến độ (%)",
                "Ngày cập nhật",
                "Kết quả",
            ],
            widths=[5, 50, 30, 28, 12, 14, 60],
        )
        for n, task in enumerate(snapshot["tasks"], start=1):
            _row(
                ws,
                n + 1,
                [
                    n,
                    task["title"],
                    vi_label(TaskCategory, task["category"]),
                    task["lead"],
                    task["percent"],
                    task["as_of"] or "",
                    task["note"],
                ],
            )

    ws = wb.create_sheet("Kinh phí")
    header(ws, ["Nguồn kinh phí", "Số tiền (đồng)"], widths=[50, 20])
    for r, fund in enumerate(snapshot["funds"], start=2):
        _row(ws, r, [fund["label"], _number(fund["amount"])])
    total_row = len(snapshot["funds"]) + 2
    _row(ws, total_row, ["Tổng cộng", _number(snapshot["funds_total"])])
    ws.cell(total_row, 1).font = HEADER_FONT

    if national:
        ws = wb.create_sheet("Theo tỉnh")
        codes = list(snapshot["by_province"])
        header(ws, ["Mã tỉnh", "Tỉnh, thành phố", *codes], widths=[8, 28, *([10] * len(codes))])
        provinces = {}
        for code in codes:
            for cell in snapshot["by_province"][code]:
                provinces.setdefault((cell["code"], cell["name"]), {})[code] = cell["value"]
        for r, ((code, name), values) in enumerate(provinces.items(), start=2):
            _row(ws, r, [code, name, *(_number(values.get(c)) for c in codes)])
        last = len(provinces) + 2
        by_code = {row["code"]: row for row in snapshot["indicators"]}
        _row(
            ws,
            last,
            [
                "VN",
                "Toàn quốc (cộng các thành phần)",
                *(_number(by_code[c]["values"].get(str(year))) if c in by_code else None for c in codes),
            ],
        )

        ws = wb.create_sheet("Tình hình gửi báo cáo")
        header(
            ws,
            [
                "Mã tỉnh",
                "Tỉnh, thành phố",
                "Đã gửi",
                "Lần gửi",
                "Ngày gửi",
                "Đúng hạn",
                "Tình trạng",
                "Có số liệu",
            ],
            widths=[8, 28, 10, 10, 14, 10, 24, 12],
        )
        for r, p in enumerate(snapshot["provinces"], start=2):
            _row(
                ws,
                r,
                [
                    p["code"],
                    p["name"],
                    "Có" if p["submitted"] else "Chưa",
                    p["version"],
                    (p["submitted_at"] or "")[:10],
                    "" if p["on_time"] is None else ("Có" if p["on_time"] else "Muộn"),
                    SUBMISSION_STATUS_VI.get(p["status"] or "", ""),
                    "Có" if p["has_data"] else "Chưa",
                ],
            )
    return to_bytes(wb)
