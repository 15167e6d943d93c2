"""The demo province and its accounts, for `make run`. Everything here is marked as demo."""

from datetime import date

from django.db import transaction

from accounts.models import Role, User
from accounts.services import user_create
from agencies.models import Agency
from demo.communication import demo_communication_load
from demo.coordination import demo_coordination_load
from demo.dashboards import demo_dashboards_load
from demo.funding import demo_funding_load
from demo.inspections import demo_inspections_load
from demo.jobs import demo_jobs_load
from demo.plans import demo_plans_load
from demo.portal import demo_portal_load
from demo.quality import demo_quality_load
from demo.questions import demo_questions_load
from demo.reminders import demo_reminders_load
from demo.reports import demo_other_provinces_load, demo_reports_load
from demo.values import demo_values_load
from indicators.models import Indicator
from indicators.services import indicator_update
from units.selectors import communes_of, nation, unit_resolve

DEMO_PROVINCE_CODE = "80"  # Tây Ninh: merged from Long An and Tây Ninh, partly in the Mekong Delta
SECOND_PROVINCE_CODE = "01"  # Hà Nội: a few figures and a report waiting for the ministry's decision
DEMO_PASSWORD = "demo-2030-bdg"  # noqa: S105 - demo accounts only, printed by `make run`

DEMO_USERS = [
    ("bo.quantri", "Trần Văn Minh", Role.MINISTRY_ADMIN, "nation", None),
    ("bo.chuyenvien", "Lê Thị Hồng", Role.MINISTRY_OFFICER, "nation", None),
    ("bo.lanhdao", "Hoàng Văn Quang", Role.VIEWER, "nation", None),
    ("tn.noivu", "Nguyễn Thị Lan", Role.FOCAL_OFFICER, "province", None),
    ("tn.yte", "Phạm Văn Hùng", Role.DEPARTMENT_OFFICER, "province", "y_te"),
    ("tn.xa", "Võ Thị Mai", Role.COMMUNE_OFFICER, "commune", None),
    ("tn.lanhdao", "Đặng Văn Bình", Role.VIEWER, "province", None),
    ("hn.noivu", "Bùi Thị Thu", Role.FOCAL_OFFICER, "second_province", None),
]


@transaction.atomic
def demo_load() -> list[tuple[str, str, str]]:
    """Create the demo accounts if they are missing. Returns (username, name, role label) for printing."""
    province = unit_resolve(code=DEMO_PROVINCE_CODE, on=date.today())
    commune = communes_of(province).first()
    second = unit_resolve(code=SECOND_PROVINCE_CODE, on=date.today())
    units = {"nation": nation(), "province": province, "commune": commune, "second_province": second}
    rows = []
    for username, name, role, level, agency_kind in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            agency = (
                Agency.objects.get(province=units[level], kind__code=agency_kind) if agency_kind else None
            )
            user_create(
                username=username,
                password=DEMO_PASSWORD,
                full_name=f"{name} (demo)",
                email=f"{username}@demo.invalid",
                role=role,
                unit=units[level],
                agency=agency,
                is_demo=True,
            )
        rows.append((username, name, Role(role).label))
    _demo_framework_note(units["nation"])
    focal, health = User.objects.get(username="tn.noivu"), User.objects.get(username="tn.yte")
    demo_plans_load(province=province, focal=focal, health_officer=health)
    demo_funding_load(province=province, focal=focal, health_officer=health)
    ministry_officer = User.objects.get(username="bo.chuyenvien")
    demo_values_load(
        focal=focal,
        health_officer=health,
        ministry_officer=ministry_officer,
        commune_officer=User.objects.filter(username="tn.xa").select_related("unit").first(),
    )
    demo_quality_load(province=province, focal=focal, health_officer=health)  # a flagged value and its mark
    # communication before the reports, so the 2025 copy sent holds it
    demo_communication_load(province=province, focal=focal)
    demo_inspections_load(province=province, focal=focal)  # before the reports too
    demo_reports_load(province=province, focal=focal, ministry_officer=ministry_officer)
    demo_coordination_load(province=province, focal=focal, health_officer=health)
    demo_reminders_load()  # last: reminders are about what the rest of the demo still owes
    demo_other_provinces_load(
        second=second,
        second_focal=User.objects.get(username="hn.noivu"),
        third=unit_resolve(code="92", on=date.today()),
    )
    demo_dashboards_load(ministry_officer=ministry_officer)  # provinces to compare, reports in more states
    demo_portal_load(ministry_officer=ministry_officer)  # publishes the years accepted
    demo_questions_load(province=province, second=second)
    demo_jobs_load(province=province, focal=focal)
    return rows


def _demo_framework_note(vn) -> None:
    """One real metadata edit by the demo ministry officer, so the history and audit pages have content: the
    data-collection guidance (letter 2792/LĐTBXH-BĐG) says M6.1 is compiled yearly and surveyed in 2024 and 2029."""
    indicator = Indicator.objects.filter(code="M6.1", frequency="").first()
    officer = User.objects.get(username="bo.chuyenvien")
    if indicator is not None:
        indicator_update(
            indicator=indicator,
            by=officer,
            data={"frequency": "Hằng năm (tỉnh tổng hợp); khảo sát quốc gia năm 2024 và 2029"},
            reason="Theo Công văn 2792/LĐTBXH-BĐG ngày 20/8/2021 hướng dẫn thu thập số liệu (demo)",
        )
