"""Issue 16, problem 2: a status that contradicted its value ("Chưa có số liệu" beside 60). One value is its own
status, worded the same on the trend page, in the report and in the API's labels, and says whether it meets its
target."""

import copy
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from accounts.services import api_token_issue
from progress import labels, method
from progress.method import Target, assess
from reports.sections.indicators import IndicatorsSection, status_summary
from tests.dashboards.conftest import ratio

D = Decimal
FIXTURE = Path(__file__).parents[1] / "reports" / "fixtures" / "province-annual-v1-2026-12-03.json"
NOT_MET = "Một giá trị, chưa đủ để đánh giá xu hướng; chưa đạt chỉ tiêu"


def test_one_value_below_its_target_is_single_value_not_no_data():
    """Problem 2: one observation below the target was NO_DATA though there is a value."""
    result = assess([(2026, D(60))], direction="increase", target=Target(2030, ">=", D(100)))
    assert result.status == method.SINGLE_VALUE and result.yc == 60 and result.method == "level"
    assert assess([], direction="increase", target=Target(2030, ">=", D(100))).status == method.NO_DATA
    without = assess([(2026, D(60))], direction="increase", target=None)
    assert without.status == method.SINGLE_VALUE


def test_the_wording_says_the_trend_is_unknown_and_whether_the_target_is_met():
    """Problem 2: the single value's words say it is one value and whether it meets its target."""
    below = assess([(2026, D(60))], direction="increase", target=Target(2030, ">=", D(100)))
    above = assess([(2026, D(60))], direction="increase", target=Target(2030, ">=", D(50)))
    none = assess([(2026, D(60))], direction="increase", target=None)
    assert labels.status_vi(below.status, below) == NOT_MET
    assert above.status == method.ACHIEVED
    assert (
        labels.status_vi(above.status, above) == "Một giá trị, chưa đủ để đánh giá xu hướng; đã đạt chỉ tiêu"
    )
    assert labels.status_vi(none.status, none).endswith("chưa có chỉ tiêu để so sánh")
    two = assess([(2020, D(40)), (2026, D(60))], direction="increase", target=Target(2030, ">=", D(50)))
    assert labels.status_vi(two.status, two) == "Đã đạt"  # a trend: the short name


@pytest.mark.django_db
def test_the_trend_page_shows_the_single_value_status_in_vietnamese(client_as, tay_ninh):
    """Problem 2 (and the method's name of problem 1): M3.4 at 60 showed "Chưa có số liệu" and "(phương pháp:
    level)" on the trend page."""
    ratio("M3.4", tay_ninh, 2026, 6, 10)
    response = client_as("focal").get("/dashboard/80/indicators/M3.4/?year=2026")
    html = re.sub(r"\s+", " ", response.content.decode())
    card = html[html.index('id="status"') : html.index('id="targets"')]
    assert f'class="badge status-single_value">{NOT_MET}</span>' in card
    assert "Chưa có số liệu" not in card
    assert "60 năm 2026, giá trị duy nhất (phương pháp: mức đã đạt)" in card
    assert "Từ 60 năm 2026 đến 60 năm 2026" not in card
    for english in ("(phương pháp: level)", "one observation", "level reached", "One value"):
        assert english not in card


@pytest.mark.django_db
def test_the_overview_and_the_comparison_say_whether_the_single_value_meets_its_target(client_as, tay_ninh):
    """Problem 2 on the other pages a status shows: the province overview's table and the comparison of provinces
    said only "one value" and left out whether it meets the target."""
    ratio("M3.4", tay_ninh, 2026, 6, 10)
    client = client_as("focal")
    for url in ("/dashboard/80/?year=2026", "/compare/M3.4/?year=2026"):
        html = re.sub(r"\s+", " ", client.get(url).content.decode())
        assert f'class="badge status-single_value">{NOT_MET}</span>' in html, url


@pytest.mark.django_db
def test_the_api_keeps_its_codes_and_labels_them_from_the_same_source(client, persona, tay_ninh):
    """Problem 2: the API's label of a single value is the pages' wording, its code stays stable."""
    ratio("M3.4", tay_ninh, 2026, 6, 10)
    token = api_token_issue(user=persona("focal"))
    rows = client.get(
        "/api/v1/progress?unit=80&year=2026",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "vi"},
    ).json()
    m34 = next(r for r in rows if r["indicator"] == "M3.4")
    assert m34["status"] == "single_value" and m34["milestone"]["status"] == "single_value"
    assert m34["status_label"] == NOT_MET == m34["milestone"]["label"]
    m11 = next(r for r in rows if r["indicator"] == "M1.1")
    assert m11["status"] == "no_data" and m11["status_label"] == "Chưa có số liệu"


def _legacy_snapshot() -> dict:
    """A frozen snapshot as written before SINGLE_VALUE: one value below its target stored as no_data."""
    snapshot = json.loads(FIXTURE.read_text())
    row = copy.deepcopy(snapshot["indicators"][0])
    row.update(code="80-KH1", name="Chỉ tiêu riêng của tỉnh", local=True, unit="%", yes_no=False)
    row["values"] = {"2025": "66.67"}
    row["status"] = {
        "status": "no_data",
        "label": "Chưa có số liệu",
        "target_year": 2030,
        "source": "province",
        "source_label": "chỉ tiêu của tỉnh",
        "inputs": {
            "method": "level",
            "t0": 2025,
            "y0": "66.67",
            "tc": 2025,
            "yc": "66.67",
            "target": [2030, ">=", "80"],
            "direction": "increase",
            "observed": None,
            "required": None,
            "ratio": None,
            "flags": [],
            "reason": method.LEGACY_SINGLE_REASON,
        },
    }
    row["province_targets"] = {"2030": [">=", "80"]}
    snapshot["indicators"] = [row]
    return snapshot


def test_a_frozen_snapshot_with_the_old_status_reads_as_one_value():
    """Problem 2: the report said "80-KH1 … đạt 66,67%: chưa có số liệu"; a snapshot frozen before the change still
    reads, and says one value below the target."""
    snapshot = _legacy_snapshot()
    paragraphs = IndicatorsSection().paragraphs(snapshot)
    line = next(p for p in paragraphs if "80-KH1" in p)
    assert "đạt 66,67%" in line and "chưa có số liệu" not in line
    assert line.endswith("một giá trị, chưa đủ để đánh giá xu hướng; chưa đạt chỉ tiêu.")
    assert "1 chỉ tiêu một giá trị, chưa đủ để đánh giá xu hướng" in status_summary(snapshot["indicators"])


@pytest.mark.django_db
def test_a_local_indicator_with_only_an_annual_target_is_judged_against_it(persona, agency, tay_ninh):
    """Problem 2: 80-KH1 at 66,67% against its 2026 target ≥ 60 read as "no data" (and later "deteriorating",
    judged without a target): the annual plan's target is the one it is judged against."""
    from datetime import date

    from plans.models import PlanKind
    from plans.services import (
        local_indicator_create,
        plan_create,
        plan_indicator_set,
        plan_issue,
        plan_submit,
        plan_target_set,
        task_create,
    )
    from progress.selectors import progress_for
    from tests.datavalues.conftest import enter

    focal = persona("focal")
    indicator = local_indicator_create(
        province=tay_ninh,
        by=focal,
        code="KH1",
        name_vi="Tỷ lệ thử",
        name_en="A test share",
        direction="increase",
        numerator_vi="Tử số",
        denominator_vi="Mẫu số",
    )
    plan = plan_create(province=tay_ninh, kind=PlanKind.ANNUAL, start_year=2026, by=focal)
    pi = plan_indicator_set(plan=plan, indicator=indicator, by=focal, lead_agency=agency("thong_ke"))
    plan_target_set(plan_indicator=pi, year=2026, comparator=">=", value="60", by=focal)
    task_create(plan=plan, by=focal, category="statistics", title="Thống kê", lead_agency=agency("thong_ke"))
    plan_submit(plan=plan, by=focal)
    plan_issue(
        plan=plan,
        by=focal,
        document_number="2/KH-UBND",
        issued_on=date(2026, 1, 5),
        signer_name="A",
        signer_title="PCT",
    )
    enter(indicator.code, "numerator", tay_ninh, 2026, 2)
    enter(indicator.code, "denominator", tay_ninh, 2026, 3)
    row = next(r for r in progress_for(tay_ninh, 2026) if r["indicator"].pk == indicator.pk)
    assert row["main"]["source"] == "province_annual" and row["main"]["target_year"] == 2026
    assert row["status"] == method.ACHIEVED
    assert labels.status_vi(row["status"], row["main"]["assessment"]).endswith("đã đạt chỉ tiêu")
