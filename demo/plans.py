"""Demo plans of the demo province: the 2021-2025 plan with its post-merger revision, the 2026-2030 plan, the
2026 annual plan and a 2027 draft copied from it, local indicators and the programme register. Demo only."""

from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from agencies.models import Agency
from indicators.models import Indicator
from plans.models import Plan, PlanKind
from plans.services import (
    budget_line_set,
    local_indicator_create,
    plan_add_national_indicators,
    plan_copy_from,
    plan_create,
    plan_indicator_set,
    plan_issue,
    plan_revise,
    plan_submit,
    plan_target_set,
    plan_update,
    programme_save,
    task_create,
    task_progress_add,
)

# indicator code: (baseline 2020, 2025 provincial target or None for the national one, reason)
BASELINES = {
    "M1.1": ("52", None, ""),
    "M2.1": (
        "41.5",
        (
            "45",
            "Tỷ trọng lao động nông nghiệp của tỉnh còn cao; mục tiêu 50% "
            "không khả thi trong giai đoạn 2021-2025",
        ),
        "",
    ),
    "M2.2": ("38.2", None, ""),
    "M2.3": ("24.1", ("28", ""), ""),
    "M3.1": ("1.9", None, ""),
    "M3.2a": ("71", None, ""),
    "M3.2b": ("38", None, ""),
    "M3.3": ("100", None, ""),
    "M3.4": ("50", None, ""),
    "M4.1": ("112.4", None, ""),
    "M4.2": ("46", None, ""),
    "M4.3": ("24", None, ""),
    "M4.4": ("0", None, ""),
    "M5.1": ("93", None, ""),
    "M5.2": ("44", None, ""),
    "M5.3": ("22", None, ""),
    "M5.4": ("0", None, ""),
    "M6.1": ("48", None, ""),
}

TEXTS = {
    "general_objective": (
        "Tiếp tục thu hẹp khoảng cách giới, tạo điều kiện, cơ hội để phụ nữ và nam giới tham gia, thụ hưởng bình "
        "đẳng trong các lĩnh vực của đời sống xã hội, góp phần vào sự phát triển bền vững của tỉnh."
    ),
    "specific_objectives": (
        "Thực hiện 06 mục tiêu và các chỉ tiêu của Chiến lược quốc gia về bình đẳng giới theo Nghị quyết số "
        "28/NQ-CP, cụ thể hóa phù hợp điều kiện của tỉnh (Phụ lục I)."
    ),
    "funding": (
        "Kinh phí thực hiện từ ngân sách địa phương theo phân cấp hiện hành, lồng ghép trong các chương trình mục "
        "tiêu quốc gia và huy động từ các nguồn hợp pháp khác."
    ),
    "organisation": (
        "Sở Nội vụ là cơ quan thường trực, chủ trì, phối hợp với các sở, ban, ngành tổ chức triển khai, theo dõi, "
        "đôn đốc, kiểm tra việc thực hiện Kế hoạch.\nCác sở, ban, ngành, Ủy ban nhân dân các xã, phường căn cứ "
        "chức năng, nhiệm vụ xây dựng kế hoạch hằng năm và tổ chức thực hiện."
    ),
    "reporting": "Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 30 tháng 11 hằng năm.",
}

TASKS = [
    (
        "communication",
        "",
        "Tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở "
        "giới hằng năm",
        "van_hoa",
        ["hoi_phu_nu", "noi_vu"],
        "M6.1",
        180_000_000,
        "Chiến dịch truyền thông tại 96 xã, phường",
    ),
    (
        "models",
        "men_pioneers",
        "Duy trì và nhân rộng mô hình nam giới tiên phong thúc đẩy bình đẳng giới",
        "hoi_phu_nu",
        ["noi_vu"],
        "M3.2a",
        90_000_000,
        "10 câu lạc bộ nam giới tiên phong",
    ),
    (
        "statistics",
        "",
        "Thu thập, tổng hợp số liệu thống kê có tách biệt giới tính",
        "thong_ke",
        ["noi_vu", "y_te", "giao_duc"],
        "M2.1",
        40_000_000,
        "Bộ số liệu giới hằng năm",
    ),
    (
        "inspection",
        "",
        "Kiểm tra liên ngành việc thực hiện pháp luật về bình đẳng giới",
        "noi_vu",
        ["tu_phap", "van_hoa"],
        "M1.1",
        30_000_000,
        "Báo cáo kết quả kiểm tra hằng năm",
    ),
    (
        "leadership",
        "",
        "Tạo nguồn cán bộ nữ trong quy hoạch lãnh đạo, quản lý các cấp",
        "noi_vu",
        [],
        "M1.1",
        20_000_000,
        "Danh sách nguồn cán bộ nữ được quy hoạch",
    ),
    (
        "capacity",
        "",
        "Tập huấn nâng cao năng lực cho đội ngũ làm công tác bình đẳng giới cấp xã",
        "noi_vu",
        ["hoi_phu_nu"],
        "M6.1",
        60_000_000,
        "300 lượt cán bộ được tập huấn",
    ),
]


def demo_plans_load(*, province, focal, health_officer) -> None:
    if Plan.objects.filter(province=province).exists():
        return
    agencies = {a.kind.code: a for a in Agency.objects.filter(province=province).select_related("kind")}
    _programmes(province, focal)
    first = _five_year(province, focal, agencies, 2021, date(2021, 6, 15), "120/KH-UBND")
    revision = plan_revise(
        plan=first,
        by=focal,
        reason="Điều chỉnh sau sắp xếp đơn vị hành chính cấp tỉnh từ ngày "
        "01/7/2025 (hợp nhất tỉnh Long An và tỉnh Tây Ninh)",
    )
    plan_update(
        plan=revision,
        by=focal,
        data={
            "organisation": TEXTS["organisation"].replace(
                "các xã, phường", "các xã, phường (96 đơn vị sau sắp xếp)"
            )
        },
    )
    m23 = revision.plan_indicators.get(indicator__code="M2.3")
    plan_target_set(plan_indicator=m23, year=2025, comparator=">=", value=Decimal("27"), by=focal)
    _issue(revision, focal, date(2025, 8, 20), "215/KH-UBND")

    second = _five_year(province, focal, agencies, 2026, date(2026, 1, 20), "18/KH-UBND")
    climate = local_indicator_create(province=province, by=focal, template="climate_programmes")
    smart = local_indicator_create(province=province, by=focal, template="climate_smart_owners")

    annual = plan_create(province=province, kind=PlanKind.ANNUAL, start_year=2026, by=focal)
    plan_copy_from(plan=annual, source=second, by=focal)
    for pi in annual.plan_indicators.select_related("indicator").prefetch_related("targets"):
        goal = next((t for t in pi.targets.all() if t.year == 2030), None)
        if goal is None or pi.baseline_value is None:
            continue
        step = (goal.value - pi.baseline_value) / 5
        # one fifth of the way to 2030, rounded towards the goal so the straight-path check is met
        value = (pi.baseline_value + step).quantize(
            Decimal("0.1"), rounding=ROUND_CEILING if step > 0 else ROUND_FLOOR
        )
        if pi.indicator.code == "M6.1":
            value = pi.baseline_value  # demo: an annual target that stays behind the straight path
        plan_target_set(plan_indicator=pi, year=2026, comparator=goal.comparator, value=value, by=focal)
    for indicator, value in ((climate, "60"), (smart, "30")):
        pi = plan_indicator_set(
            plan=annual,
            indicator=indicator,
            by=focal,
            lead_agency=agencies["nong_nghiep"],
            partner_agencies=[agencies["hoi_phu_nu"]],
            baseline_value="50",
            baseline_year=2025,
        )
        plan_target_set(plan_indicator=pi, year=2026, comparator=">=", value=value, by=focal)
    task_create(
        plan=annual,
        by=focal,
        order=len(TASKS) + 1,
        category="models",
        model_type="self_help",
        title="Mô hình nhóm phụ nữ tự lực hỗ trợ nạn nhân bạo lực gia đình",
        lead_agency=agencies["y_te"],
        partner_agencies=[agencies["hoi_phu_nu"]],
        indicators=[Indicator.objects.get(code="M3.2a")],
        start_date=date(2026, 3, 1),
        end_date=date(2026, 12, 31),
        expected_outputs="5 nhóm tại 5 xã",
    )
    # demo: a task of the Department of Health whose progress is not reported yet, for its officer's home
    late = task_create(
        plan=annual,
        by=focal,
        order=len(TASKS) + 2,
        category="capacity",
        title="Tập huấn kỹ năng phát hiện, hỗ trợ nạn nhân bạo lực trên cơ sở giới cho cán bộ trạm y tế xã",
        lead_agency=agencies["y_te"],
        partner_agencies=[agencies["noi_vu"]],
        indicators=[Indicator.objects.get(code="M3.4")],
        start_date=date(2026, 9, 1),
        end_date=date(2026, 11, 30),
        expected_outputs="3 lớp, 120 cán bộ y tế xã",
    )
    _issue(annual, focal, date(2026, 2, 5), "25/KH-UBND")
    for task in annual.tasks.exclude(pk=late.pk).select_related("lead_agency__kind"):
        officer = health_officer if task.lead_agency.kind.code == "y_te" else focal
        task_progress_add(
            task=task,
            by=officer,
            reported_on=date(2026, 6, 30),
            percent=45,
            note="Đã triển khai theo kế hoạch 6 tháng đầu năm.",
        )

    draft = plan_create(province=province, kind=PlanKind.ANNUAL, start_year=2027, by=focal)
    plan_copy_from(plan=draft, source=annual, by=focal)


def _five_year(province, focal, agencies, start, issued_on, number) -> Plan:
    plan = plan_create(province=province, kind=PlanKind.FIVE_YEAR, start_year=start, by=focal)
    plan_update(plan=plan, by=focal, data=TEXTS)
    plan_add_national_indicators(plan=plan, by=focal)
    end = start + 4
    for pi in plan.plan_indicators.select_related("indicator").prefetch_related("indicator__targets"):
        code = pi.indicator.code
        baseline, override, _unused = BASELINES[code]
        base_year = 2020 if start == 2021 else 2025
        base_value = Decimal(baseline)
        plan_indicator_set(
            plan=plan,
            indicator=pi.indicator,
            by=focal,
            baseline_value=base_value,
            baseline_year=base_year,
            lead_agency=pi.lead_agency,
            partner_agencies=[agencies["noi_vu"]] if pi.lead_agency != agencies["noi_vu"] else [],
        )
        if override and start == 2021:
            value, reason = override
            plan_target_set(
                plan_indicator=pi,
                year=end,
                comparator=pi.targets.get(year=end).comparator,
                value=Decimal(value),
                by=focal,
                reason=reason,
            )
    for order, (category, model_type, title, lead, partners, code, amount, outputs) in enumerate(TASKS, 1):
        task = task_create(
            plan=plan,
            by=focal,
            order=order,
            category=category,
            model_type=model_type,
            title=title,
            lead_agency=agencies[lead],
            partner_agencies=[agencies[p] for p in partners],
            indicators=[Indicator.objects.get(code=code)],
            start_date=date(start, 1, 1),
            end_date=date(end, 12, 31),
            expected_outputs=outputs,
        )
        for year in range(start, end + 1):
            budget_line_set(task=task, year=year, source="local_recurrent", amount=amount, by=focal)
        if category == "models":
            budget_line_set(task=task, year=start, source="international", amount=50_000_000, by=focal)
    _issue(plan, focal, issued_on, number)
    return plan


def _issue(plan, focal, issued_on, number) -> None:
    plan_submit(plan=plan, by=focal)
    plan_issue(
        plan=plan,
        by=focal,
        document_number=number,
        issued_on=issued_on,
        signer_name="Nguyễn Văn Demo (demo)",
        signer_title="Phó Chủ tịch",
    )


def _programmes(province, focal) -> None:
    rows = [
        ("Kế hoạch ứng phó với biến đổi khí hậu tỉnh giai đoạn 2021-2030", 2021, 2030, True, True),
        ("Dự án chống sạt lở, ngập úng khu vực ven sông Vàm Cỏ", 2022, 2027, True, False),
        (
            "Chương trình phát triển nông nghiệp thông minh thích ứng với biến đổi khí hậu",
            2023,
            2028,
            True,
            True,
        ),
        ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới", 2021, 2025, False, True),
        ("Đề án chuyển đổi số tỉnh", 2022, 2026, False, False),
    ]
    for name, start, end, climate, gender in rows:
        programme_save(
            province=province,
            by=focal,
            name=name,
            start_year=start,
            end_year=end,
            climate_related=climate,
            gender_mainstreamed=gender,
            decision="Quyết định (demo)",
        )
