"""A report's annex as an Excel workbook, drawn from the same snapshot as the document (``reports.assemble``).

Numbers are real numbers (not text), so officers can sort and total them; the status label sits beside them.
Sheets: "Chỉ tiêu" (the indicator table), "Số liệu theo giới" (the parts behind each value), "Nhiệm vụ" (a
province's tasks), "Kinh phí" (funds by source); for the nation also "Theo tỉnh" (provinces × indicators) and
"Tình hình gửi báo cáo"; and "Truyền thông" (communication activities) when the snapshot has them (copies frozen
before communication was part of the report have not)."""

from datetime import date
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
    header(
        ws,
        ["Nguồn kinh phí", "Kế hoạch (đồng)", "Được giao (đồng)", "Đã chi (đồng)", "Cảnh báo"],
        widths=[50, 20, 20, 20, 30],
    )
    flags = {"over_allocated": "Chi vượt số được giao", "no_allocation": "Có chi nhưng chưa được giao"}
    for r, fund in enumerate(snapshot["funds"], start=2):
        _row(
            ws,
            r,
            [
                fund["label"],
                _number(fund["amount"]),
                _number(fund.get("allocated")),
                _number(fund.get("spent")),
                flags.get(fund.get("flag") or "", ""),
            ],
        )
    total_row = len(snapshot["funds"]) + 2
    totals = snapshot["funds_totals"]
    _row(
        ws,
        total_row,
        [
            "Tổng cộng",
            _number(totals.get("planned")),
            _number(totals.get("allocated")),
            _number(totals.get("spent")),
        ],
    )
    ws.cell(total_row, 1).font = HEADER_FONT

    inspections = snapshot["inspections"]
    if inspections:
        ws = wb.create_sheet("Kiểm tra")
        header(ws, ["Nội dung", "Số lượng"], widths=[50, 14])
        rows = [
            ("Cuộc kiểm tra theo kế hoạch", inspections["inspections"].get("total", 0)),
            ("Đã thực hiện", inspections["inspections"].get("done", 0)),
            ("Chưa thực hiện", inspections["inspections"].get("planned", 0)),
            ("Đã hủy", inspections["inspections"].get("cancelled", 0)),
            ("Kiến nghị", inspections["recommendations"].get("total", 0)),
            ("Kiến nghị đã thực hiện", inspections["recommendations"].get("done", 0)),
            ("Kiến nghị đang theo dõi", inspections["recommendations"].get("open", 0)),
            ("Kiến nghị quá hạn", inspections["recommendations"].get("overdue", 0)),
        ]
        for r, (label, value) in enumerate(rows, start=2):
            _row(ws, r, [label, value])
        if inspections.get("done"):
            start = len(rows) + 3
            header(
                ws, ["Đơn vị được kiểm tra", "Ngày", "Nội dung", "Kết quả", "Vi phạm", "Kiến nghị"], row=start
            )
            ws.freeze_panes = None
            for r, visit in enumerate(inspections["done"], start=start + 1):
                _row(
                    ws,
                    r,
                    [
                        visit["unit"],
                        visit.get("done_on") or "",
                        visit.get("topics", ""),
                        visit.get("findings", ""),
                        visit.get("violations", 0),
                        visit.get("recommendations", 0),
                    ],
                )

    if snapshot["communication"]:
        _communication_sheet(wb, snapshot)

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


def _communication_sheet(wb, snapshot: dict) -> None:
    """The communication summary: totals, then by type, products, cost by source, and the campaigns."""
    c = snapshot["communication"]
    ws = wb.create_sheet("Truyền thông")
    put(ws, 1, 1, f"Công tác thông tin, truyền thông {period_of(snapshot)}").font = HEADER_FONT
    put(
        ws,
        2,
        1,
        "Số lượt người được tiếp cận là tổng cộng của các hoạt động; một người có thể được tính nhiều lần.",
    )
    header(ws, ["Nội dung", "Số lượng"], widths=[60, 18], row=4)
    reached = c["reached"]
    rows = [
        ("Số hoạt động truyền thông", c["activities"]),
        ("Lượt người được tiếp cận: tổng số", reached["total"]),
        ("- Nữ", reached["female"]),
        ("- Nam", reached["male"]),
        ("- Không rõ giới tính", reached["unknown"]),
        ("Kinh phí (đồng)", _number(c["cost_total"])),
    ]
    if c.get("action_month"):
        rows.append(("Hoạt động trong Tháng hành động", c["action_month"]["activities"]))
        rows.append(("Lượt người được tiếp cận trong Tháng hành động", c["action_month"]["reached"]["total"]))
    rows.append(("Hoạt động bằng tiếng dân tộc thiểu số", c.get("ethnic_language_activities", 0)))
    r = 5
    for label, value in rows:
        _row(ws, r, [label, value])
        r += 1
    for title, items, key in (
        ("Số hoạt động theo loại", c.get("by_type", []), "count"),
        ("Sản phẩm truyền thông", c.get("products", []), "count"),
        ("Kinh phí theo nguồn (đồng)", c.get("costs", []), "amount"),
        ("Số hoạt động theo ngôn ngữ", c.get("languages", []), "count"),
    ):
        r += 1
        put(ws, r, 1, title).font = HEADER_FONT
        r += 1
        for item in items:
            value, label = item[key], item["label"]
            _row(ws, r, [label[:1].upper() + label[1:], _number(value) if isinstance(value, str) else value])
            r += 1
    r += 1
    put(ws, r, 1, "Chiến dịch truyền thông").font = HEADER_FONT
    columns = ["Chiến dịch", "Tỉnh, thành phố", "Từ ngày", "Đến ngày", "Số hoạt động", "Nữ", "Nam"]
    columns += ["Không rõ giới tính", "Tổng số lượt người", "Kinh phí (đồng)"]
    header(ws, columns, widths=[60, 18, 12, 12, 12, 12, 12, 14, 16, 18], row=r + 1)
    ws.freeze_panes = "A5"  # the totals' header stays in view, not everything above the campaigns
    for n, campaign in enumerate(c.get("campaigns", []), start=r + 2):
        reached = campaign["reached"]
        _row(
            ws,
            n,
            [
                campaign["name"],
                campaign.get("province", ""),
                date.fromisoformat(campaign["start"]),
                date.fromisoformat(campaign["end"]),
                campaign["activities"],
                reached["female"],
                reached["male"],
                reached["unknown"],
                reached["total"],
                _number(campaign["cost_total"]),
            ],
        )
        for column in (3, 4):
            ws.cell(n, column).number_format = "DD/MM/YYYY"
