"""Demo inspections of the demo province: the 2025 inspection plan (four inspections: three done with their
results and recommendations in every follow-up state, one of them overdue, and one cancelled) and the 2026 plan
(one done, two still planned). Names and findings are invented. Demo only."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from agencies.models import Agency
from indicators.models import Indicator
from inspections.models import InspectionPlan
from inspections.selectors import tasks_for
from inspections.services import (
    inspection_cancel,
    inspection_create,
    inspection_plan_create,
    inspection_plan_update,
    inspection_record_results,
    recommendation_create,
    recommendation_set_status,
)
from units.models import AdminUnit, Level

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO = " (nội dung minh họa – demo)"
TEAM = (
    "Bà Nguyễn Thị Lan, Phó Giám đốc Sở Nội vụ – Trưởng đoàn (demo)\n"
    "Ông Trần Minh Tâm, Trưởng phòng Công tác thanh niên và Bình đẳng giới – Thành viên (demo)\n"
    "Bà Lê Thị Hoa, chuyên viên Sở Nội vụ – Thư ký (demo)"
)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=HCM)


def demo_inspections_load(*, province, focal) -> None:
    if InspectionPlan.objects.filter(province=province, year__in=(2025, 2026)).exists():
        return
    agencies = {a.kind.code: a for a in Agency.objects.filter(province=province).select_related("kind")}
    communes = {c.code: c for c in AdminUnit.objects.filter(parent=province, level=Level.COMMUNE)}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=["M4.1", "M6.1", "M5.1", "M1.1"])}
    _plan_2025(province, focal, agencies, communes, indicators)
    _plan_2026(province, focal, agencies, communes, indicators)


def _plan_2025(province, focal, agencies, communes, indicators) -> None:
    plan = inspection_plan_create(province=province, year=2025, by=focal)
    inspection_plan_update(
        plan=plan,
        by=focal,
        data={
            "document_number": "85/KH-SNV",
            "issued_on": date(2025, 7, 21),
            "signer_name": "Nguyễn Thị Lan (demo)",
            "signer_title": "Phó Giám đốc",
            "organisation": "Sở Nội vụ chủ trì tổ chức các đoàn kiểm tra; thông báo lịch kiểm tra trước 05 ngày "
            "làm việc. Kết quả được tổng hợp trong Báo cáo bình đẳng giới năm 2025 của tỉnh." + DEMO,
        },
    )
    statistics_task = next((t for t in tasks_for(province, 2025) if t.category == "statistics"), None)

    health = inspection_create(
        plan=plan,
        by=focal,
        agency=agencies["y_te"],
        topics="Thực hiện chỉ tiêu về tỷ số giới tính khi sinh (M4.1); thu thập, tổng hợp số liệu y tế tách "
        "biệt theo giới.",
        planned_from=date(2025, 8, 12),
        planned_to=date(2025, 8, 13),
        lead_agency=agencies["noi_vu"],
        team_members=TEAM,
        tasks=[statistics_task] if statistics_task else [],
        indicators=[indicators["M4.1"]] if "M4.1" in indicators else [],
    )
    inspection_record_results(
        inspection=health,
        by=focal,
        done_on=date(2025, 8, 13),
        findings="Sở Y tế đã ban hành kế hoạch thực hiện; số liệu tỷ số giới tính khi sinh được cập nhật hằng "
        "quý từ 96/96 trạm y tế xã. Báo cáo tách biệt theo giới về khám chữa bệnh còn thiếu ở 2 bệnh viện tuyến "
        "tỉnh." + DEMO,
        violations_count=1,
        violations="Chưa gửi báo cáo số liệu 6 tháng đầu năm 2025 đúng hạn." + DEMO,
    )
    r1 = recommendation_create(
        inspection=health,
        by=focal,
        text="Bổ sung số liệu khám chữa bệnh tách biệt theo giới của 2 bệnh viện tuyến tỉnh." + DEMO,
        responsible_agency=agencies["y_te"],
        due_on=date(2025, 10, 31),
    )
    recommendation_set_status(
        recommendation=r1,
        by=focal,
        status="in_progress",
        note="Sở Y tế đã có văn bản yêu cầu hai bệnh viện bổ sung." + DEMO,
        at=_at(date(2025, 9, 5)),
    )
    recommendation_set_status(
        recommendation=r1,
        by=focal,
        status="done",
        note="Đã nhận đủ số liệu bổ sung (Công văn của Sở Y tế ngày 24/10/2025)." + DEMO,
        at=_at(date(2025, 10, 27)),
    )
    r2 = recommendation_create(
        inspection=health,
        by=focal,
        text="Gửi báo cáo số liệu định kỳ đúng thời hạn quy định." + DEMO,
        responsible_agency=agencies["y_te"],
        due_on=date(2025, 12, 10),
    )
    recommendation_set_status(
        recommendation=r2,
        by=focal,
        status="done",
        note="Báo cáo năm 2025 gửi ngày 28/11/2025, đúng hạn." + DEMO,
        at=_at(date(2025, 11, 28)),
    )

    ward = communes.get("25459") or next(iter(communes.values()))
    commune_visit = inspection_create(
        plan=plan,
        by=focal,
        commune=ward,
        topics="Lồng ghép bình đẳng giới trong kế hoạch phát triển kinh tế - xã hội của phường; tổ chức Tháng "
        "hành động vì bình đẳng giới.",
        planned_from=date(2025, 10, 7),
        lead_agency=agencies["noi_vu"],
        team_members=TEAM,
        indicators=[indicators["M6.1"]] if "M6.1" in indicators else [],
    )
    inspection_record_results(
        inspection=commune_visit,
        by=focal,
        done_on=date(2025, 10, 7),
        findings="Phường đã lồng ghép nội dung bình đẳng giới vào kế hoạch năm 2025; chưa phân công công chức "
        "theo dõi công tác bình đẳng giới sau sắp xếp." + DEMO,
        violations_count=0,
    )
    r3 = recommendation_create(
        inspection=commune_visit,
        by=focal,
        text="Phân công công chức theo dõi công tác bình đẳng giới của phường." + DEMO,
        responsible_commune=ward,
        due_on=date(2025, 12, 31),
    )
    recommendation_set_status(
        recommendation=r3,
        by=focal,
        status="done",
        note="Quyết định phân công ngày 15/11/2025 của Chủ tịch UBND phường." + DEMO,
        at=_at(date(2025, 11, 17)),
    )
    recommendation_create(
        inspection=commune_visit,
        by=focal,
        text="Xây dựng mô hình câu lạc bộ nam giới tiên phong thực hiện bình đẳng giới tại 2 khu phố." + DEMO,
        responsible_commune=ward,
        due_on=date(2027, 3, 31),
    )

    education = inspection_create(
        plan=plan,
        by=focal,
        agency=agencies["giao_duc"],
        topics="Lồng ghép nội dung bình đẳng giới trong giảng dạy; tỷ lệ nữ cán bộ quản lý các trường.",
        planned_from=date(2025, 11, 18),
        planned_to=date(2025, 11, 19),
        lead_agency=agencies["noi_vu"],
        team_members=TEAM,
    )
    inspection_record_results(
        inspection=education,
        by=focal,
        done_on=date(2025, 11, 19),
        findings="Sở đã tập huấn giáo viên về lồng ghép giới; một số tài liệu giáo dục địa phương còn hình ảnh "
        "định kiến giới; tỷ lệ nữ hiệu trưởng bậc trung học phổ thông thấp." + DEMO,
        violations_count=2,
        violations="Hai tài liệu giáo dục địa phương có nội dung định kiến giới." + DEMO,
    )
    r5 = recommendation_create(
        inspection=education,
        by=focal,
        text="Rà soát, chỉnh sửa hai tài liệu giáo dục địa phương có nội dung định kiến giới." + DEMO,
        responsible_agency=agencies["giao_duc"],
        due_on=date(2026, 5, 31),
    )
    recommendation_set_status(
        recommendation=r5,
        by=focal,
        status="in_progress",
        note="Sở Giáo dục và Đào tạo đã thành lập tổ rà soát." + DEMO,
        at=_at(date(2026, 2, 10)),
    )  # not done by its due date: overdue
    r6 = recommendation_create(
        inspection=education,
        by=focal,
        text="Xây dựng kế hoạch tạo nguồn nữ cán bộ quản lý trường học giai đoạn 2026 - 2030." + DEMO,
        responsible_agency=agencies["giao_duc"],
        due_on=date(2027, 6, 30),
    )
    recommendation_set_status(
        recommendation=r6,
        by=focal,
        status="in_progress",
        note="Dự thảo kế hoạch đang lấy ý kiến các trường." + DEMO,
        at=_at(date(2026, 9, 15)),
    )

    moved = inspection_create(
        plan=plan,
        by=focal,
        commune=communes.get("25486") or list(communes.values())[1],
        topics="Công tác phòng ngừa, ứng phó với bạo lực trên cơ sở giới.",
        planned_from=date(2025, 12, 2),
        lead_agency=agencies["noi_vu"],
        team_members=TEAM,
    )
    inspection_cancel(
        inspection=moved,
        by=focal,
        reason="Xã đang kiện toàn bộ máy sau sắp xếp đơn vị hành chính; chuyển sang Kế hoạch kiểm tra năm 2026."
        + DEMO,
    )


def _plan_2026(province, focal, agencies, communes, indicators) -> None:
    plan = inspection_plan_create(province=province, year=2026, by=focal)
    inspection_plan_update(
        plan=plan,
        by=focal,
        data={
            "document_number": "24/KH-SNV",
            "issued_on": date(2026, 1, 20),
            "signer_name": "Nguyễn Thị Lan (demo)",
            "signer_title": "Phó Giám đốc",
        },
    )
    commune = communes.get("25486") or list(communes.values())[1]
    visit = inspection_create(
        plan=plan,
        by=focal,
        commune=commune,
        topics="Công tác phòng ngừa, ứng phó với bạo lực trên cơ sở giới (chuyển từ Kế hoạch năm 2025).",
        planned_from=date(2026, 9, 22),
        lead_agency=agencies["noi_vu"],
        team_members=TEAM,
        indicators=[indicators["M5.1"]] if "M5.1" in indicators else [],
    )
    inspection_record_results(
        inspection=visit,
        by=focal,
        done_on=date(2026, 9, 22),
        findings="Xã đã thành lập tổ tư vấn cộng đồng; chưa có địa chỉ tin cậy tại cộng đồng cho nạn nhân bạo lực "
        "trên cơ sở giới." + DEMO,
        violations_count=0,
    )
    recommendation_create(
        inspection=visit,
        by=focal,
        text="Thiết lập ít nhất một địa chỉ tin cậy tại cộng đồng." + DEMO,
        responsible_commune=commune,
        due_on=date(2027, 1, 31),
    )
    inspection_create(
        plan=plan,
        by=focal,
        agency=agencies["cong_an"],
        topics="Thống kê các vụ bạo lực gia đình, mua bán người theo giới tính; phối hợp hỗ trợ nạn nhân.",
        planned_from=date(2026, 12, 8),
        planned_to=date(2026, 12, 9),
        lead_agency=agencies["noi_vu"],
        team_members=TEAM,
    )
    inspection_create(
        plan=plan,
        by=focal,
        agency=agencies["hoi_phu_nu"],
        topics="Mô hình hỗ trợ phụ nữ khởi nghiệp và nhóm tự lực phòng, chống bạo lực gia đình.",
        planned_from=date(2026, 12, 15),
        lead_agency=agencies["noi_vu"],
        team_members=TEAM,
        indicators=[indicators["M1.1"]] if "M1.1" in indicators else [],
    )
