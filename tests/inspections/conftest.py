from datetime import date

import pytest

from inspections.services import (
    inspection_create,
    inspection_plan_create,
    inspection_record_results,
    recommendation_create,
)
from units.selectors import communes_of


def inspection_objects(*, province, focal, agency) -> dict:
    """What the access matrix opens: a 2025 plan with one done inspection and one recommendation."""
    plan = inspection_plan_create(province=province, year=2025, by=focal)
    inspection = inspection_create(
        plan=plan,
        by=focal,
        agency=agency,
        topics="Thống kê y tế theo giới",
        planned_from=date(2025, 9, 10),
        lead_agency=agency,
    )
    inspection_record_results(inspection=inspection, by=focal, done_on=date(2025, 9, 10), findings="Đạt")
    recommendation = recommendation_create(
        inspection=inspection,
        by=focal,
        text="Bổ sung số liệu",
        responsible_agency=agency,
        due_on=date(2025, 12, 31),
    )
    return {"iplan": plan.pk, "inspection": inspection.pk, "recommendation": recommendation.pk}


@pytest.fixture
def focal(persona):
    return persona("focal")


@pytest.fixture
def plan(tay_ninh, focal):
    return inspection_plan_create(province=tay_ninh, year=2025, by=focal)


@pytest.fixture
def ward(tay_ninh):
    return communes_of(tay_ninh, on=date(2025, 12, 31)).first()


@pytest.fixture
def planned(plan, focal, agency):
    """An inspection of the Department of Health in September 2025, led by Home Affairs."""
    return inspection_create(
        plan=plan,
        by=focal,
        agency=agency("y_te"),
        topics="Thống kê y tế tách biệt theo giới",
        planned_from=date(2025, 9, 10),
        planned_to=date(2025, 9, 11),
        lead_agency=agency("noi_vu"),
        team_members="Bà A – Trưởng đoàn",
    )


@pytest.fixture
def done(planned, focal):
    return inspection_record_results(
        inspection=planned,
        by=focal,
        done_on=date(2025, 9, 11),
        findings="Số liệu tách biệt theo giới còn thiếu ở hai bệnh viện.",
        violations_count=1,
        violations="Báo cáo chậm hạn.",
    )


@pytest.fixture
def recommendation(done, focal, agency):
    return recommendation_create(
        inspection=done,
        by=focal,
        text="Bổ sung số liệu của hai bệnh viện.",
        responsible_agency=agency("y_te"),
        due_on=date(2025, 12, 31),
    )
