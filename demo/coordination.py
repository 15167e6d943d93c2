"""Demo coordination meetings of the demo province: the 2026 steering meeting with one decision done and one past
its due date, so the follow-up and the overdue badge have something to show."""

from datetime import date

from agencies.models import Agency
from coordination.models import Meeting
from coordination.services import decision_add, decision_follow_up, meeting_save

DEMO = " (demo)"


def demo_coordination_load(*, province, focal, health_officer) -> None:
    if Meeting.objects.filter(province=province).exists():
        return

    def agency(kind: str) -> Agency:
        return Agency.objects.get(province=province, kind__code=kind)

    meeting = meeting_save(
        province=province,
        by=focal,
        held_on=date(2026, 3, 12),
        title="Họp Ban Chỉ đạo triển khai Kế hoạch bình đẳng giới năm 2026" + DEMO,
        place="Sở Nội vụ tỉnh Tây Ninh",
        chair=agency("noi_vu"),
        participants=[agency(k) for k in ("y_te", "giao_duc", "thong_ke", "hoi_phu_nu", "van_hoa")],
        other_participants="Đại diện UBND 5 xã, phường",
        summary="Thống nhất phân công thu thập số liệu năm 2026 và kế hoạch Tháng hành động." + DEMO,
    )
    data = decision_add(
        meeting=meeting,
        by=focal,
        text="Sở Y tế gửi số liệu tỷ số giới tính khi sinh 6 tháng đầu năm" + DEMO,
        responsible=agency("y_te"),
        due_on=date(2026, 7, 31),
    )
    decision_follow_up(
        decision=data,
        by=health_officer,
        status="done",
        note="Đã gửi ngày 25/7/2026" + DEMO,
        done_on=date(2026, 7, 25),
    )
    decision_add(
        meeting=meeting,
        by=focal,
        text="Thống kê tỉnh cung cấp số liệu lao động nữ làm công hưởng lương theo xã" + DEMO,
        responsible=agency("thong_ke"),
        due_on=date(2026, 9, 30),
    )
    decision_add(
        meeting=meeting,
        by=focal,
        text="Hội Liên hiệp Phụ nữ tỉnh xây dựng kế hoạch Tháng hành động 2026" + DEMO,
        responsible=agency("hoi_phu_nu"),
        due_on=date(2026, 10, 31),
    )
