"""Issue 16, problem 3: numbers typed twice disagreed: the plan listed M1.1's baseline as "52 (2025)" while the data
had 60 for 2025. A plan's baseline is drawn from the data by the roll-up the reports use; a typed value that
disagrees is shown beside the data's, on the page and in the document."""

import io
import re
from decimal import Decimal

import pytest
from docx import Document

from indicators.models import Indicator
from plans.documents import plan_docx
from plans.models import PlanKind
from plans.selectors import Baseline, plan_baselines, plan_indicators
from plans.services import plan_create, plan_indicator_set, plan_target_set
from plans.xlsx import PlanExport
from progress.selectors import progress_for
from tests.dashboards.conftest import ratio

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(tay_ninh, persona):
    """A 2026-2030 plan of Tây Ninh: M1.1 typed 52 for 2025 (the data say 60), M2.1 with no baseline typed (the
    data say 46,3), M2.3 typed 57,72 for 2025 (the data say 57,7236...: the same figure, rounded)."""
    focal = persona("focal")
    plan = plan_create(province=tay_ninh, kind=PlanKind.FIVE_YEAR, start_year=2026, by=focal)
    typed = {"M1.1": Decimal("52"), "M2.1": None, "M2.3": Decimal("57.72")}
    for code, value in typed.items():
        indicator = Indicator.objects.get(code=code)
        pi = plan_indicator_set(
            plan=plan,
            indicator=indicator,
            by=focal,
            baseline_value=value,
            baseline_year=2025 if value else None,
        )
        plan_target_set(plan_indicator=pi, year=2030, comparator=">=", value=Decimal("80"), by=focal)
    ratio("M1.1", tay_ninh, 2025, 60, 100)
    ratio("M2.1", tay_ninh, 2025, 463, 1000)
    ratio("M2.3", tay_ninh, 2025, 577236, 1000000)
    return plan


def _baselines(plan) -> dict[str, Baseline]:
    pis = list(plan_indicators(plan))
    found = plan_baselines(plan, pis)
    return {pi.indicator.code: found[pi.pk] for pi in pis}


def test_the_baseline_is_the_reports_value_for_its_year(plan, tay_ninh):
    """Problem 3: the plan's baseline and the report's value for the same year are one number."""
    baselines = _baselines(plan)
    reported = {row["indicator"].code: row["value"] for row in progress_for(tay_ninh, 2025)}
    for code in ("M1.1", "M2.1", "M2.3"):
        assert baselines[code].year == 2025 and baselines[code].data == reported[code]
    assert baselines["M1.1"].differs and baselines["M1.1"].value == 60
    assert not baselines["M2.1"].differs and baselines["M2.1"].value == Decimal("46.3")
    assert not baselines["M2.3"].differs  # 57,72 typed for 57,7236: the same figure


def test_the_plan_page_shows_the_typed_baseline_beside_the_data(client_as, plan):
    """Problem 3: "52 (2025)" was shown while the data had 60 for 2025."""
    html = re.sub(r"\s+", " ", client_as("focal").get(f"/plans/{plan.pk}/").content.decode())
    rows = {
        code: html[html.index(f"<strong>{code}</strong>") :].split("</tr>")[0]
        for code in ("M1.1", "M2.1", "M2.3")
    }
    text = {code: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)) for code, row in rows.items()}
    assert "52 (2025, nhập tay) số liệu: 60" in text["M1.1"]
    assert "46,3 (2025) lấy từ số liệu" in text["M2.1"]
    assert "57,72 (2025)" in text["M2.3"] and "nhập tay" not in text["M2.3"]


def test_the_plan_document_says_the_same(plan):
    """Problem 3: the document's baseline column agrees with the data, or says where it does not."""
    document = Document(io.BytesIO(plan_docx(plan)))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "52 (2025, nhập tay; số liệu: 60)" in cells
    assert "46,3 (2025)" in cells
    assert "57,72 (2025)" in cells
    assert "52 (2025)" not in cells


def test_the_plan_workbook_says_the_same(plan):
    """Problem 3: the workbook's read-only baseline column is the document's."""
    texts = {
        str(getattr(cell, "value", cell))
        for sheet in PlanExport(plan).sheets()
        for row in sheet.rows
        for cell in row
    }
    assert "52 (2025, nhập tay; số liệu: 60)" in texts and "52 (2025)" not in texts
