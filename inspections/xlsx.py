"""A province's inspection plan of a year as an Excel workbook, always in Vietnamese: the plan ("Kế hoạch kiểm
tra"), the results ("Kết quả") and the recommendations with their follow-up on the day of the export
("Kiến nghị"). Read only; text that a spreadsheet would read as a formula is stored as inert text
(``lib.exporters``)."""

from datetime import date

from django.utils import timezone

from inspections.models import InspectionPlan
from inspections.selectors import follow_up_status, inspections_of
from lib.exporters import Cell, Exporter, Sheet, render_xlsx

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


def unit_kind_vi(inspection) -> str:
    return "Sở, ban, ngành" if inspection.agency_id else "Xã, phường"


class InspectionPlanExport(Exporter):
    """Three sheets, each under the plan's title and an as-of line; every cell wraps."""

    def __init__(self, plan: InspectionPlan, *, today: date | None = None):
        self.plan, self.today = plan, today or date.today()
        self.file_name = f"ke-hoach-kiem-tra-{plan.province.code}-{plan.year}"

    def sheets(self):
        plan, today = self.plan, self.today
        inspections = list(inspections_of(plan))
        document = (
            f"Số {plan.document_number}" + (f" ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else "")
            if plan.document_number
            else "Chưa ban hành"
        )
        as_of = Cell(f"{document}. Tình hình đến ngày {today:%d/%m/%Y}.", italic=True)

        def title(text: str) -> list:
            return [Cell(text, bold=True, size=13), as_of]

        yield Sheet(
            name="Kế hoạch kiểm tra",
            title=title(plan.title),
            headers=PLAN_COLUMNS,
            widths=[5, 32, 14, 50, 40, 16, 12, 12, 28, 36, 14, 30],
            wrap=True,
            rows=(
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
                ]
                for n, inspection in enumerate(inspections, start=1)
            ),
        )
        done = [i for i in inspections if i.done_on is not None and i.status == "done"]
        yield Sheet(
            name="Kết quả",
            title=title(f"Kết quả kiểm tra năm {plan.year}"),
            headers=RESULT_COLUMNS,
            widths=[5, 32, 14, 70, 10, 50],
            wrap=True,
            rows=(
                [n, i.unit_name, i.done_on, i.findings, i.violations_count, i.violations]
                for n, i in enumerate(done, start=1)
            ),
        )
        yield Sheet(
            name="Kiến nghị",
            title=title(f"Kiến nghị sau kiểm tra năm {plan.year} và tình hình thực hiện"),
            headers=RECOMMENDATION_COLUMNS,
            widths=[5, 32, 60, 32, 12, 16, 14, 50],
            wrap=True,
            rows=self._recommendations(done),
        )

    def _recommendations(self, done):
        n = 0
        for inspection in done:
            for recommendation in inspection.recommendations.all():
                updates = list(recommendation.updates.all())
                last = updates[-1] if updates else None
                n += 1
                yield [
                    n,
                    inspection.unit_name,
                    recommendation.text,
                    recommendation.responsible_name,
                    recommendation.due_on,
                    FOLLOW_UP_VI[follow_up_status(recommendation, self.today)],
                    timezone.localtime(last.at).date() if last else None,
                    last.note if last else "",
                ]


def inspection_plan_xlsx(plan: InspectionPlan, *, today: date | None = None) -> bytes:
    return render_xlsx(InspectionPlanExport(plan, today=today))
