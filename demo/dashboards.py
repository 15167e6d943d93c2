"""Demo figures for the dashboards (demo): twenty-five more provinces with values for a few national indicators, so the
comparison across provinces and the deadline cockpit have something to compare; before the 2025 merger the values
are entered against the former provinces (Hồ Chí Minh City's against old Hồ Chí Minh City, Bình Dương and Bà Rịa -
Vũng Tàu), as real history would be, and the dashboards show them inside today's provinces. Also reports in the
states the cockpit names that the rest of the demo lacks (returned, drafting, accepted, sent late) and two draft
annual plans. Every figure
and text is invented and marked as demo."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from accounts.models import Role, User
from accounts.services import user_create
from datavalues.models import DataValue
from datavalues.services import value_set
from indicators.models import Indicator
from plans.models import Plan
from plans.services import plan_create
from reports.models import Report
from reports.services import report_for, report_submit, report_update, submission_decide
from units.models import AdminUnit
from units.selectors import unit_resolve

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO = " (nội dung minh họa – demo)"
SOURCE = "Số liệu minh họa cho bảng theo dõi (demo)"
YEARS = range(2021, 2027)

# province code: (scale of the denominators, {indicator: (share in 2021, change a year)}). Invented.
PROVINCES = {
    "79": (Decimal("2.2"), {"M1.1": ("0.55", "0.02"), "M2.1": ("0.52", "0.015"), "M6.1": ("0.55", "0.04")}),
    "48": (Decimal("0.6"), {"M1.1": ("0.50", "0.025"), "M2.1": ("0.47", "0.01"), "M6.1": ("0.50", "0.05")}),
    "31": (Decimal("0.9"), {"M1.1": ("0.45", "0.01"), "M2.1": ("0.44", "0.008"), "M6.1": ("0.46", "0.03")}),
    "46": (Decimal("0.3"), {"M1.1": ("0.62", "0.02"), "M2.1": ("0.49", "0.012"), "M6.1": ("0.58", "0.045")}),
    "75": (Decimal("1.0"), {"M1.1": ("0.40", "0.015"), "M2.1": ("0.43", "0.004"), "M6.1": ("0.42", "0.025")}),
    "38": (Decimal("1.1"), {"M1.1": ("0.48", "0.03"), "M2.1": ("0.36", "0.006"), "M6.1": ("0.44", "0.035")}),
    "12": (Decimal("0.15"), {"M1.1": ("0.35", "0.01"), "M2.1": ("0.28", "-0.004"), "M6.1": ("0.30", "0.02")}),
}
# More provinces with the same three indicators, so that the ministry's tile grid and the ranked comparison have
# most of the country to show (a few provinces are left without figures on purpose: the pages count them apart).
# Invented shares, spread by the province's position in the list; the same on every run.
MORE = (
    "04",
    "08",
    "11",
    "15",
    "19",
    "22",
    "24",
    "25",
    "33",
    "37",
    "40",
    "42",
    "52",
    "56",
    "66",
    "68",
    "82",
    "86",
)
for _i, _code in enumerate(MORE):
    _spread = Decimal(_i % 7) / 100
    PROVINCES[_code] = (
        Decimal("0.2") + Decimal(_i % 5) / 10,
        {
            "M1.1": (str(Decimal("0.36") + _spread), str(Decimal("0.005") + Decimal(_i % 4) / 200)),
            "M2.1": (str(Decimal("0.40") + _spread / 2), str(Decimal("0.002") + Decimal(_i % 3) / 250)),
            "M6.1": (str(Decimal("0.38") + _spread), str(Decimal("0.02") + Decimal(_i % 4) / 100)),
        },
    )
DENOMINATORS = {"M1.1": 150, "M2.1": 500_000, "M6.1": 1_500_000}

TEXTS = {
    "achievements": "Triển khai Kế hoạch bình đẳng giới năm 2026 tại các sở, ngành và xã, phường." + DEMO,
    "communication": "Tổ chức Tháng hành động vì bình đẳng giới năm 2026." + DEMO,
    "inspections": "Kiểm tra việc thực hiện tại 5 sở, ngành." + DEMO,
    "shortcomings": "Số liệu tách biệt theo giới của một số ngành còn thiếu." + DEMO,
    "causes": "Cán bộ làm công tác bình đẳng giới kiêm nhiệm." + DEMO,
    "recommendations": "Đề nghị Bộ Nội vụ hướng dẫn thống kê giới sau sắp xếp đơn vị hành chính." + DEMO,
    "signer_name": "Người ký minh họa (demo)",
    "signer_title": "Phó Chủ tịch",
}


def demo_dashboards_load(*, ministry_officer: User) -> None:
    today = date.today()
    hcm = unit_resolve(code="79", on=today)
    if DataValue.objects.filter(unit=hcm).exists() or Report.objects.filter(unit=hcm).exists():
        return
    indicators = {code: Indicator.objects.get(code=code) for code in DENOMINATORS}
    provinces = {code: unit_resolve(code=code, on=today) for code in PROVINCES}
    for code, (scale, series) in PROVINCES.items():
        province = provinces[code]
        former = list(AdminUnit.objects.filter(merged_into=province).order_by("code"))
        for year in YEARS:
            step = year - 2021
            # before 1 July 2025 the figures were the former provinces'; each gets a share of the total
            units = [(province, Decimal(1))] if year >= 2025 or not former else _weights(former)
            for unit, weight in units:
                for indicator_code, (share, change) in series.items():
                    share_now = min(Decimal(share) + Decimal(change) * step, Decimal("0.98"))
                    den = (
                        DENOMINATORS[indicator_code] * scale * weight * (1 + Decimal("0.01") * step)
                    ).quantize(Decimal(1))
                    num = (den * share_now).quantize(Decimal(1))
                    for part, value in (("denominator", den), ("numerator", num)):
                        value_set(
                            indicator=indicators[indicator_code],
                            part=part,
                            unit=unit,
                            year=year,
                            value=value,
                            by=None,
                            source=SOURCE,
                            require_comment=False,
                        )
    _reports(provinces, ministry_officer)
    _plans(provinces)


def _weights(former: list[AdminUnit]) -> list[tuple[AdminUnit, Decimal]]:
    """The former provinces' shares of today's province: the first a little larger than the others."""
    if len(former) == 1:
        return [(former[0], Decimal(1))]
    first = Decimal("0.5")
    rest = (1 - first) / (len(former) - 1)
    return [(former[0], first)] + [(unit, rest) for unit in former[1:]]


def _focal(province: AdminUnit) -> User:
    """The province's focal officer for the demo: an account that cannot sign in (no password)."""
    username = f"demo.noivu.{province.code}"
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            username=username,
            password=None,
            full_name=f"Cán bộ đầu mối {province.name} (demo)",
            email=f"{username}@demo.invalid",
            role=Role.FOCAL_OFFICER,
            unit=province,
            is_demo=True,
        )
    return user


def _reports(provinces, ministry_officer) -> None:
    """Reports in the states the rest of the demo lacks: Hồ Chí Minh City's 2026 report returned, Hải Phòng's
    being written, Huế's accepted; Đồng Nai sent its 2025 report after the deadline. (Hà Nội's 2026 report waits
    for the ministry and Tây Ninh's is being written: demo/reports.py.)"""

    def sent(code: str, year: int, at: datetime):
        by = _focal(provinces[code])
        report = report_update(
            report=report_for(unit=provinces[code], kind="annual", year=year), by=by, data=TEXTS
        )
        return report_submit(report=report, by=by, at=at)

    returned = sent("79", 2026, datetime(2026, 11, 20, 9, 30, tzinfo=HCM))
    submission_decide(
        submission=returned,
        by=ministry_officer,
        accept=False,
        reason="Đề nghị bổ sung số liệu về số người được tiếp cận kiến thức về bình đẳng giới (M6.1)." + DEMO,
        at=datetime(2026, 11, 24, 14, 0, tzinfo=HCM),
    )
    report_update(
        report=report_for(unit=provinces["31"], kind="annual", year=2026),
        by=_focal(provinces["31"]),
        data={"achievements": TEXTS["achievements"]},
    )
    accepted = sent("46", 2026, datetime(2026, 11, 16, 15, 0, tzinfo=HCM))
    submission_decide(
        submission=accepted, by=ministry_officer, accept=True, at=datetime(2026, 11, 19, 9, 0, tzinfo=HCM)
    )
    sent("75", 2025, datetime(2025, 12, 19, 16, 0, tzinfo=HCM))


def _plans(provinces) -> None:
    """Hồ Chí Minh City and Đà Nẵng have drafted their 2026 annual plans (not issued yet)."""
    for code in ("79", "48"):
        if not Plan.objects.filter(province=provinces[code], kind="annual", start_year=2026).exists():
            plan_create(
                province=provinces[code],
                kind="annual",
                start_year=2026,
                by=_focal(provinces[code]),
                title=f"Kế hoạch thực hiện công tác bình đẳng giới năm 2026 (demo) – {provinces[code].name}",
            )
