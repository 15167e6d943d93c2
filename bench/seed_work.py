"""The people and the work of the national-scale dataset: an account per role in each province and at the ministry,
each province's plans (2021-2025, 2026-2030, the 2026 annual plan) with tasks, budget and progress, and the 2025
annual reports sent to the ministry, most decided. All of it through the services, so it is audited and checked
like anyone's work; the names say "(mô phỏng)" and the accounts are demo accounts."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from accounts.services import user_create
from agencies.models import Agency
from bench.seed import HCM, MARK, PREFIX, Scope, rng
from indicators.models import Indicator
from plans.models import Plan, PlanKind
from plans.services import (
    budget_line_set,
    plan_add_national_indicators,
    plan_copy_from,
    plan_create,
    plan_indicator_set,
    plan_issue,
    plan_problems,
    plan_submit,
    plan_update,
    task_create,
    task_progress_add,
)
from reports.models import Report, ReportKind
from reports.services import report_for, report_submit, report_update, submission_decide

MINISTRY = (
    ("bo.chuyenvien", "Chuyên viên Bộ Nội vụ", Role.MINISTRY_OFFICER),
    ("bo.lanhdao", "Lãnh đạo Bộ Nội vụ", Role.VIEWER),
)
# suffix, name, role, agency kind (department officers), at the first commune (commune officers)
PROVINCE_ROLES = (
    ("noivu", "Cán bộ đầu mối Sở Nội vụ", Role.FOCAL_OFFICER, None),
    ("yte", "Cán bộ Sở Y tế", Role.DEPARTMENT_OFFICER, "y_te"),
    ("xa", "Cán bộ xã", Role.COMMUNE_OFFICER, None),
)


def username(province, suffix: str) -> str:
    """``scale.80.noivu`` for a province's account, ``scale.bo.chuyenvien`` for the ministry's."""
    return f"{PREFIX}{province.code}.{suffix}" if province is not None else f"{PREFIX}{suffix}"


def accounts_load(scope: Scope, *, password: str) -> dict[str, User]:
    """The accounts, created when missing; every one gets ``password`` (one hash computed once: hashing is
    deliberately slow, and these are throw-away benchmark accounts)."""
    wanted: list[tuple[str, str, str, object, object]] = [
        (username(None, suffix), name, role, scope.nation, None) for suffix, name, role in MINISTRY
    ]
    for province in scope.provinces:
        agencies = {a.kind.code: a for a in Agency.objects.filter(province=province).select_related("kind")}
        communes = scope.communes[province.pk]
        for suffix, name, role, kind in PROVINCE_ROLES:
            if role == Role.COMMUNE_OFFICER and not communes:
                continue
            unit = communes[0] if role == Role.COMMUNE_OFFICER else province
            wanted.append(
                (username(province, suffix), f"{name} {province.name}", role, unit, agencies.get(kind))
            )
    existing = set(User.objects.filter(username__startswith=PREFIX).values_list("username", flat=True))
    for name, full_name, role, unit, agency in wanted:
        if name in existing:
            continue
        user_create(
            username=name,
            password=None,
            full_name=full_name + MARK,
            email=f"{name}@scale.invalid",
            role=role,
            unit=unit,
            agency=agency,
            is_demo=True,
        )
    User.objects.filter(username__in=[w[0] for w in wanted]).update(password=make_password(password))
    return {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}


# --- plans ------------------------------------------------------------------------------------------------------------

TEXTS = {
    "general_objective": "Thu hẹp khoảng cách giới, tạo điều kiện, cơ hội để phụ nữ và nam giới tham gia, thụ hưởng "
    "bình đẳng trong các lĩnh vực của đời sống xã hội trên địa bàn tỉnh" + MARK + ".",
    "specific_objectives": "Thực hiện 06 mục tiêu và các chỉ tiêu của Chiến lược quốc gia về bình đẳng giới, cụ thể "
    "hóa phù hợp điều kiện của tỉnh (Phụ lục I)" + MARK + ".",
    "funding": "Ngân sách địa phương theo phân cấp, lồng ghép các chương trình mục tiêu quốc gia và nguồn huy động "
    "hợp pháp khác" + MARK + ".",
    "organisation": "Sở Nội vụ là cơ quan thường trực, chủ trì, phối hợp với các sở, ngành và Ủy ban nhân dân các xã, "
    "phường tổ chức thực hiện" + MARK + ".",
    "reporting": "Các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 30 tháng 11 hằng năm"
    + MARK
    + ".",
}
# category, model type, title, lead agency kind, indicator, yearly amount (VND)
TASKS = (
    (
        "communication",
        "",
        "Tổ chức Tháng hành động vì bình đẳng giới hằng năm",
        "van_hoa",
        "M6.1",
        150_000_000,
    ),
    ("models", "men_pioneers", "Nhân rộng mô hình nam giới tiên phong", "hoi_phu_nu", "M3.2b", 80_000_000),
    ("statistics", "", "Thu thập số liệu thống kê có tách biệt giới tính", "thong_ke", "M2.1", 40_000_000),
    (
        "inspection",
        "",
        "Kiểm tra liên ngành việc thực hiện pháp luật về bình đẳng giới",
        "noi_vu",
        "M1.1",
        30_000_000,
    ),
    ("leadership", "", "Tạo nguồn cán bộ nữ trong quy hoạch lãnh đạo các cấp", "noi_vu", "M1.1", 20_000_000),
    ("capacity", "", "Tập huấn cho người làm công tác bình đẳng giới cấp xã", "noi_vu", "M6.1", 60_000_000),
    (
        "models",
        "self_help",
        "Nhóm phụ nữ tự lực hỗ trợ nạn nhân bạo lực gia đình",
        "y_te",
        "M3.2a",
        50_000_000,
    ),
    (
        "mainstreaming",
        "",
        "Lồng ghép giới trong chương trình nông thôn mới",
        "nong_nghiep",
        "M2.2",
        35_000_000,
    ),
)


def plans_load(scope: Scope, users: dict[str, User], *, seed: int) -> int:
    """Each province's two five-year plans and its 2026 annual plan, issued, with tasks, budget lines and progress.
    A province that already has plans is left as it is. Returns the number of plans created."""
    indicators = {i.code: i for i in Indicator.objects.filter(province__isnull=True)}
    created = 0
    for province in scope.provinces:
        focal = users.get(username(province, "noivu"))
        if focal is None or Plan.objects.filter(province=province).exists():
            continue
        agencies = {a.kind.code: a for a in Agency.objects.filter(province=province).select_related("kind")}
        draw = rng(seed, "plans", province.code)
        first = _five_year(province, focal, agencies, indicators, 2021, date(2021, 6, draw.randint(1, 28)))
        second = _five_year(province, focal, agencies, indicators, 2026, date(2026, 1, draw.randint(5, 28)))
        annual = plan_create(province=province, kind=PlanKind.ANNUAL, start_year=2026, by=focal)
        plan_copy_from(plan=annual, source=second, by=focal)
        _issue(annual, focal, date(2026, 3, draw.randint(1, 25)), draw)
        created += 3
        for task in first.tasks.all():
            task_progress_add(
                task=task,
                by=focal,
                reported_on=date(2025, 11, 30),
                percent=draw.choice((70, 80, 90, 100, 100)),
                note="Hoàn thành phần lớn khối lượng giai đoạn 2021 - 2025" + MARK + ".",
            )
        for task in annual.tasks.all():
            if draw.random() < 0.75:  # a quarter of the tasks still owe their half-year report
                task_progress_add(
                    task=task,
                    by=focal,
                    reported_on=date(2026, 6, 30),
                    percent=draw.choice((30, 40, 50, 60)),
                    note="Đã triển khai theo kế hoạch 6 tháng đầu năm" + MARK + ".",
                )
    return created


def _five_year(province, focal, agencies, indicators, start: int, issued_on: date) -> Plan:
    plan = plan_create(province=province, kind=PlanKind.FIVE_YEAR, start_year=start, by=focal)
    plan_update(plan=plan, by=focal, data=TEXTS)
    plan_add_national_indicators(plan=plan, by=focal)
    for pi in plan.plan_indicators.filter(lead_agency__isnull=True).select_related("indicator"):
        plan_indicator_set(plan=plan, indicator=pi.indicator, by=focal, lead_agency=agencies["noi_vu"])
    for order, (category, model_type, title, lead, code, amount) in enumerate(TASKS, 1):
        task = task_create(
            plan=plan,
            by=focal,
            order=order,
            category=category,
            model_type=model_type,
            title=title + MARK,
            lead_agency=agencies[lead],
            partner_agencies=[agencies["noi_vu"]] if lead != "noi_vu" else [],
            indicators=[indicators[code]],
            start_date=date(start, 1, 1),
            end_date=date(start + 4, 12, 31),
            expected_outputs="Theo kế hoạch" + MARK,
        )
        for year in (start, start + 4):
            budget_line_set(task=task, year=year, source="local_recurrent", amount=amount, by=focal)
    _issue(plan, focal, issued_on, rng(0, "number", province.code, start))
    return plan


def _issue(plan: Plan, focal: User, issued_on: date, draw) -> None:
    problems = plan_problems(plan)
    if problems:
        raise RuntimeError(f"{plan}: {problems}")
    plan_submit(plan=plan, by=focal)
    plan_issue(
        plan=plan,
        by=focal,
        document_number=f"{draw.randint(10, 399)}/KH-UBND",
        issued_on=issued_on,
        signer_name="Phó Chủ tịch UBND tỉnh" + MARK,
        signer_title="Phó Chủ tịch",
    )


# --- reports -------------------------------------------------------------------------------------------------------------

REPORT_TEXTS = {
    "achievements": "Các sở, ngành và xã, phường triển khai đầy đủ các nhiệm vụ của Kế hoạch năm 2025; số liệu tách "
    "biệt giới được cập nhật đến cấp xã" + MARK + ".",
    "shortcomings": "Một số chỉ tiêu về y tế và kinh tế chưa đạt mục tiêu năm 2025" + MARK + ".",
    "causes": "Cán bộ cấp xã kiêm nhiệm sau sắp xếp đơn vị hành chính; kinh phí còn hạn chế" + MARK + ".",
    "communication": "Tổ chức Tháng hành động vì bình đẳng giới tại các xã, phường" + MARK + ".",
    "inspections": "Kiểm tra việc thực hiện pháp luật về bình đẳng giới tại một số sở, ngành và xã"
    + MARK
    + ".",
    "recommendations": "Đề nghị Bộ Nội vụ tổ chức tập huấn thống kê giới cho cán bộ cấp xã" + MARK + ".",
    "signer_name": "Phó Chủ tịch UBND tỉnh" + MARK,
    "signer_title": "Phó Chủ tịch",
}
YEAR = 2025


def reports_load(scope: Scope, users: dict[str, User], *, seed: int, count: int) -> int:
    """The 2025 annual report of ``count`` provinces (drawn by the seed), sent between 1 and 14 December 2025 (so a
    few are late); the ministry accepts most, returns one in ten and has not yet decided on the rest. Each
    submission renders its Word document, as sending does. Returns the number of submissions made."""
    ministry = users.get(username(None, "bo.chuyenvien"))
    order = sorted(scope.provinces, key=lambda p: rng(seed, "report order", p.code).random())
    made = 0
    for province in order[:count]:
        focal = users.get(username(province, "noivu"))
        if focal is None or Report.objects.filter(unit=province, kind=ReportKind.ANNUAL, year=YEAR).exists():
            continue
        draw = rng(seed, "report", province.code)
        report = report_for(unit=province, kind=ReportKind.ANNUAL, year=YEAR)
        report = report_update(
            report=report,
            by=focal,
            data={**REPORT_TEXTS, "document_number": f"{draw.randint(100, 499)}/BC-UBND"},
        )
        sent = datetime(YEAR, 12, draw.randint(1, 14), draw.randint(8, 16), 0, tzinfo=HCM)
        submission = report_submit(report=report, by=focal, at=sent)
        made += 1
        roll = draw.random()
        if ministry is not None and roll < 0.8:
            decided = datetime(YEAR, 12, 20, 10, 0, tzinfo=HCM)
            if roll < 0.7:
                submission_decide(submission=submission, by=ministry, accept=True, at=decided)
            else:
                submission_decide(
                    submission=submission,
                    by=ministry,
                    accept=False,
                    reason="Đề nghị bổ sung kết quả kiểm tra tại cấp xã" + MARK + ".",
                    at=decided,
                )
    return made
