"""Demo reports of the demo province: the 2025 annual report sent on time, returned by the ministry, corrected
(one figure changed, with its reason) and accepted; the mid-term review being written; the 2026 annual report
half written, so the countdown and the list of what is missing have something to show. Texts are invented."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from datavalues.models import DataValue
from datavalues.services import value_set, values_transition
from indicators.models import Indicator
from plans.selectors import plan_for_year, plan_tasks
from plans.services import task_progress_add
from reports.models import Report
from reports.services import report_for, report_submit, report_update, submission_decide

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO = " (nội dung minh họa – demo)"

TEXTS_2025 = {
    "achievements": "Năm 2025, tỉnh hoàn thành việc sắp xếp bộ máy sau hợp nhất và duy trì thực hiện Kế hoạch "
    "bình đẳng giới giai đoạn 2021 - 2025. Tỷ lệ nữ tham gia lãnh đạo chủ chốt các cơ quan tiếp tục tăng."
    + DEMO,
    "communication": "Tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở "
    "giới tại 98 xã, phường; 1.250 lượt tuyên truyền trên đài truyền thanh cơ sở." + DEMO,
    "inspections": "Sở Nội vụ kiểm tra việc thực hiện Kế hoạch tại 6 sở, ngành và 12 xã, phường." + DEMO,
    "shortcomings": "Số liệu tách biệt theo giới ở cấp xã chưa đầy đủ; một số chỉ tiêu y tế chưa đạt." + DEMO,
    "causes": "Cán bộ làm công tác bình đẳng giới cấp xã kiêm nhiệm; kinh phí còn hạn chế." + DEMO,
    "recommendations": "Đề nghị Bộ Nội vụ tổ chức tập huấn về thống kê giới cho cán bộ cấp xã sau sắp xếp "
    "đơn vị hành chính." + DEMO,
    "document_number": "318/BC-UBND",
    "signer_name": "Nguyễn Văn An",
    "signer_title": "Phó Chủ tịch",
}


def demo_reports_load(*, province, focal, ministry_officer) -> None:
    if Report.objects.filter(unit=province).exists():
        return
    _progress_2025(province, focal)
    annual = report_update(
        report=report_for(unit=province, kind="annual", year=2025), by=focal, data=TEXTS_2025
    )
    first = report_submit(report=annual, by=focal, at=datetime(2025, 12, 8, 15, 30, tzinfo=HCM))
    submission_decide(
        submission=first,
        by=ministry_officer,
        accept=False,
        reason="Đề nghị rà soát lại số nữ giám đốc doanh nghiệp (chỉ tiêu M2.3) năm 2025 theo số liệu của "
        "Cục Thống kê." + DEMO,
        at=datetime(2025, 12, 11, 9, 0, tzinfo=HCM),
    )
    _correct_m23(province, focal)
    second = report_submit(
        report=annual,
        by=focal,
        reason="Cập nhật số nữ giám đốc doanh nghiệp năm 2025 theo số liệu chính thức của Cục Thống kê."
        + DEMO,
        at=datetime(2025, 12, 15, 10, 0, tzinfo=HCM),
    )
    submission_decide(
        submission=second, by=ministry_officer, accept=True, at=datetime(2025, 12, 17, 14, 0, tzinfo=HCM)
    )

    midterm = report_for(unit=province, kind="midterm", year=2025)
    report_update(
        report=midterm,
        by=focal,
        data={
            "achievements": "Sau 5 năm, 12/18 chỉ tiêu có số liệu; phần lớn chỉ tiêu về chính trị và giáo dục "
            "đạt mức năm 2025." + DEMO,
            "shortcomings": "Các chỉ tiêu về y tế và kinh tế còn khó đạt." + DEMO,
        },
    )
    current = report_for(unit=province, kind="annual", year=2026)
    report_update(
        report=current,
        by=focal,
        data={
            "achievements": "Năm 2026 là năm đầu thực hiện Kế hoạch giai đoạn 2026 - 2030." + DEMO,
            "communication": "Đang tổng hợp kết quả Tháng hành động 2026." + DEMO,
            "signer_name": "Nguyễn Văn An",
            "signer_title": "Phó Chủ tịch",
        },
    )


def _progress_2025(province, focal) -> None:
    """The 2021-2025 plan's tasks as reported at the end of November 2025."""
    plan = plan_for_year(province=province, year=2025)
    if plan is None:
        return
    for n, task in enumerate(plan_tasks(plan)):
        if task.progress.exists():
            continue
        done = 100 if n % 3 else 80
        task_progress_add(
            task=task,
            by=focal,
            reported_on=date(2025, 11, 30),
            percent=done,
            note=(
                "Hoàn thành các hoạt động của năm 2025."
                if done == 100
                else "Còn 2 lớp tập huấn chuyển sang 2026."
            )
            + DEMO,
        )


def _correct_m23(province, focal) -> None:
    """The correction the ministry asked for: M2.3's 2025 numerator, reopened, changed and approved again."""
    indicator = Indicator.objects.get(code="M2.3")
    value = DataValue.objects.get(
        series__indicator=indicator,
        series__is_primary=True,
        unit=province,
        year=2025,
        part="numerator",
        sex="total",
    )
    reason = "Theo số liệu chính thức của Cục Thống kê (demo)"
    values_transition(values=[value], action="reopen", by=focal, reason=reason)
    value_set(
        indicator=indicator,
        part="numerator",
        unit=province,
        year=2025,
        value=value.value + Decimal(180),
        by=focal,
        source="Số liệu minh họa (demo)",
        comment=reason,
        require_comment=False,
    )
    value.refresh_from_db()
    values_transition(values=[value], action="submit", by=focal)
    values_transition(values=[value], action="approve", by=focal)


# Hà Nội and Cần Thơ: (numerator share, denominator) in 2025; 2026 a little better. Invented for the demo.
OTHER_SERIES = {
    "M1.1": (Decimal("0.64"), 160),
    "M2.1": (Decimal("0.58"), 1_900_000),
    "M2.3": (Decimal("0.29"), 95_000),
    "M5.1": (Decimal("0.97"), 1_200),
}


def demo_other_provinces_load(*, second, second_focal, third) -> None:
    """Hà Nội has figures for 2025 and 2026 and sent its 2026 report, which waits for the ministry; Cần Thơ has
    figures but has sent nothing. The national consolidation then sums three provinces."""
    if Report.objects.filter(unit=second).exists():
        return
    for unit, scale in ((second, Decimal(1)), (third, Decimal("0.35"))):
        for year, better in ((2025, Decimal(0)), (2026, Decimal("0.01"))):
            for code, (share, denominator) in OTHER_SERIES.items():
                indicator = Indicator.objects.get(code=code)
                den = (Decimal(denominator) * scale).quantize(Decimal(1))
                num = (den * min(share + better, Decimal(1))).quantize(Decimal(1))
                for part, value in (("denominator", den), ("numerator", num)):
                    value_set(
                        indicator=indicator,
                        part=part,
                        unit=unit,
                        year=year,
                        value=value,
                        by=second_focal if unit == second else None,
                        source="Số liệu minh họa (demo)",
                        require_comment=False,
                    )
    texts = {
        "achievements": "Năm 2026, thành phố triển khai Kế hoạch giai đoạn 2026 - 2030 tại 126 xã, phường."
        + DEMO,
        "communication": "Tháng hành động năm 2026 được tổ chức sớm tại các phường trung tâm." + DEMO,
        "inspections": "Kiểm tra liên ngành tại 8 sở, ngành." + DEMO,
        "shortcomings": "Chưa có số liệu tách biệt theo giới của một số chỉ tiêu y tế." + DEMO,
        "causes": "Hệ thống báo cáo ngành y tế chưa tách biệt theo giới." + DEMO,
        "recommendations": "Đề nghị Bộ Nội vụ phối hợp với Bộ Y tế hướng dẫn thống kê giới trong ngành y tế."
        + DEMO,
        "document_number": "412/BC-UBND",
        "signer_name": "Lê Hoàng Nam",
        "signer_title": "Phó Chủ tịch",
    }
    report = report_update(
        report=report_for(unit=second, kind="annual", year=2026), by=second_focal, data=texts
    )
    report_submit(report=report, by=second_focal, at=datetime(2026, 11, 25, 16, 0, tzinfo=HCM))
