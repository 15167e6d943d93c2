"""A province's inspection plan of a year as an Excel workbook, always in Vietnamese: the plan ("Kế hoạch kiểm
tra"), the results ("Kết quả") and the recommendations with their follow-up on the day of the export
("Kiến nghị"). Read only; text that a spreadsheet would read as a formula is stored as inert text
(``lib.xlsx.put``)."""

from datetime import date

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from inspections.models import InspectionPlan
from inspections.selectors import follow_up_status, inspections_of
from lib.xlsx import header, put, to_bytes

INSPECTION_STATUS_VI = {"planned": "Chưa kiểm tra", "done": "Đã kiểm tra", "cancelled": "Đã hủy"}
FOLLOW_UP_VI = {
    "open": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Đã thực hiện",
    "overdue": "Quá hạn",
}
PLAN_COLUMNS = [
    "TT",
    "Đơn vị được kiểm tra",
    "Loại đơn vị",
    "Nội dung kiểm tra",
    "Nhiệm vụ liên quan",
    "Chỉ tiêu liên quan",
    "Từ ngày",
    "Đến ngày",
    "Cơ quan chủ trì đoàn",
    "Thành phần đoàn",
    "Trạng thái",
    "Lý do hủy",
]
RESULT_COLUMNS = [
    "TT",
    "Đơn vị được kiểm tra",
    "Ngày kiểm tra",
    "Kết quả kiểm tra",
    "Số vi phạm",
    "Nội dung vi phạm",
]
RECOMMENDATION_COLUMNS = [
    "TT",
    "Đơn vị được kiểm tra",
    "Kiến nghị",
    "Đơn vị thực hiện",
    "Hạn thực hiện",
    "Tình trạng",
    "Cập nhật gần nhất",
    "Ghi chú cập nhật",
]
HEADER_ROW = 4  # rows 1-2: title and as-of line


def unit_kind_vi(inspection) -> str:
    return "Sở, ban, ngành" if inspection.agency_id else "Xã, phường"


def _title(ws, text: str, as_of: str) -> None:
    put(ws, 1, 1, text).font = Font(bold=True, size=13)
    put(ws, 2, 1, as_of).font = Font(italic=True)


def _row(ws, row: int, values: list) -> None:
    for column, value in enumerate(values, start=1):
        cell = put(ws, row, column, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, date):
            cell.number_format = "DD/MM/YYYY"


def inspection_plan_xlsx(plan: InspectionPlan, *, today: date | None = None) -> bytes:
    today = today or date.today()
    inspections = list(inspections_of(plan))
    document = (
        f"Số {plan.document_number}" + (f" ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else "")
        if plan.document_number
        else "Chưa ban hành"
    )
    as_of = f"{document}. Tình hình đến ngày {today:%d/%m/%Y}."

    wb = Workbook()
    ws = wb.active
    ws.title = "Kế hoạch kiểm tra"
    _title(ws, plan.title, as_of)
    header(ws, PLAN_COLUMNS, widths=[5, 32, 14, 50, 40, 16, 12, 12, 28, 36, 14, 30], row=HEADER_ROW)
    for n, inspection in enumerate(inspections, start=1):
        _row(
            ws,
            HEADER_ROW + n,
            [
                n,
                inspection.unit_name,
                unit_kind_vi(inspection),
                inspection.topics,
                "; ".join(t.title for t in inspection.tasks.all()),
                ", ".join(sorted(i.code for i in inspection.indicators.all())),
                inspection.planned_from,
                inspection.planned_to,
                inspection.lead_agency.name,
                inspection.team_members,
                INSPECTION_STATUS_VI[inspection.status],
                inspection.cancel_reason,
            ],
        )

    ws = wb.create_sheet("Kết quả")
    _title(ws, f"Kết quả kiểm tra năm {plan.year}", as_of)
    header(ws, RESULT_COLUMNS, widths=[5, 32, 14, 70, 10, 50], row=HEADER_ROW)
    done = [i for i in inspections if i.done_on is not None and i.status == "done"]
    for n, inspection in enumerate(done, start=1):
        _row(
            ws,
            HEADER_ROW + n,
            [
                n,
                inspection.unit_name,
                inspection.done_on,
                inspection.findings,
                inspection.violations_count,
                inspection.violations,
            ],
        )

    ws = wb.create_sheet("Kiến nghị")
    _title(ws, f"Kiến nghị sau kiểm tra năm {plan.year} và tình hình thực hiện", as_of)
    header(ws, RECOMMENDATION_COLUMNS, widths=[5, 32, 60, 32, 12, 16, 14, 50], row=HEADER_ROW)
    row = HEADER_ROW + 1
    for inspection in done:
        for recommendation in inspection.recommendations.all():
            updates = list(recommendation.updates.all())
            last = updates[-1] if updates else None
            _row(
                ws,
                row,
                [
                    row - HEADER_ROW,
                    inspection.unit_name,
                    recommendation.text,
                    recommendation.responsible_name,
                    recommendation.due_on,
                    FOLLOW_UP_VI[follow_up_status(recommendation, today)],
                    timezone.localtime(last.at).date() if last else None,
                    last.note if last else "",
                ],
            )
            row += 1
    return to_bytes(wb)
