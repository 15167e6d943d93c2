"""One figure, one answer: the programme-register indicator ``80-KH1`` (its value counted from the province's
register of programmes, not entered) reads the same in the report, the province dashboard, the indicator page,
the progress status and the API, because the roll-up itself counts the register (``datavalues.selectors``)."""

from decimal import Decimal

import pytest

from accounts.services import api_token_issue
from datavalues.selectors import rollup
from plans.services import local_indicator_create, programme_save
from progress.selectors import progress_for
from reports.assemble import assemble
from reports.services import report_for
from tests.dashboards.test_zero_lag import _html_row, _row, commit_pending

pytestmark = pytest.mark.django_db

# the demo's register (demo/plans.py): name, start, end, climate-related, gender-mainstreamed
REGISTER = [
    ("Kế hoạch ứng phó với biến đổi khí hậu", 2021, 2030, True, True),
    ("Dự án chống sạt lở ven sông Vàm Cỏ", 2022, 2027, True, False),
    ("Nông nghiệp thông minh thích ứng với biến đổi khí hậu", 2023, 2028, True, True),
    ("Nông thôn mới", 2021, 2025, False, True),
]


@pytest.fixture
def register(tay_ninh, persona):
    focal = persona("focal")
    indicator = local_indicator_create(province=tay_ninh, by=focal, template="climate_programmes")
    saved = [
        programme_save(
            province=tay_ninh,
            by=focal,
            name=name,
            start_year=start,
            end_year=end,
            climate_related=climate,
            gender_mainstreamed=gender,
        )
        for name, start, end, climate, gender in REGISTER
    ]
    return indicator, saved


def _figures(tay_ninh, persona, client_as, client) -> dict:
    """80-KH1 in 2026 as each reader shows it."""
    focal = client_as("focal")
    row = next(r for r in progress_for(tay_ninh, 2026) if r["indicator"].code == "80-KH1")
    report = next(
        r
        for r in assemble(report_for(unit=tay_ninh, kind="annual", year=2026))["indicators"]
        if r["code"] == "80-KH1"
    )
    dashboard = focal.get("/dashboard/")
    page = focal.get("/dashboard/80/indicators/80-KH1/?year=2026")
    token = api_token_issue(user=persona("focal"))
    headers = {"Authorization": f"Bearer {token}"}
    progress = client.get("/api/v1/progress?unit=80&year=2026", headers=headers).json()
    rollup = client.get("/api/v1/rollup?indicator=80-KH1&unit=80&year=2026", headers=headers).json()
    api = next(r for r in progress if r["indicator"] == "80-KH1")
    html = page.content.decode()
    cell = html[html.index('data-year="2026"><th scope="row">2026</th>') :]
    return {
        "status": row["status"],
        "api_status": api["status"],
        "progress": round(row["value"], 1),
        "report": round(Decimal(report["values"]["2026"]), 1),  # kept as a plain number: "66.6667"
        "dashboard": round(_row(dashboard, "80-KH1").progress["value"], 1),
        "dashboard_html": _html_row(dashboard, "data-indicator", "80-KH1"),
        "page": round(Decimal(cell[: cell.index("</td>")].rsplit(">", 1)[1].replace(",", ".")), 1),  # "66,67"
        "api": round(Decimal(api["value"]), 1),
        "api_rollup": round(Decimal(rollup["value"]), 1),
    }


def test_the_register_indicator_gives_one_value_in_the_report_the_dashboard_and_the_api(
    tay_ninh, persona, client_as, client, register
):
    indicator, _saved = register
    commit_pending()
    shown = _figures(tay_ninh, persona, client_as, client)
    assert shown["status"] != "no_data" and shown["api_status"] == shown["status"]
    figures = ("progress", "report", "dashboard", "page", "api", "api_rollup")
    # two of the three climate programmes running in 2026 are gender-mainstreamed
    assert {shown[f] for f in figures} == {Decimal("66.7")}
    assert " 66,67 " in shown["dashboard_html"]
    assert round(rollup(indicator, tay_ninh, 2026).value(), 1) == Decimal("66.7")


def test_changing_the_register_changes_every_reader_at_once(tay_ninh, persona, client_as, client, register):
    _indicator, saved = register
    commit_pending()
    _figures(tay_ninh, persona, client_as, client)  # every page seen first, so whatever they keep is kept
    programme_save(province=tay_ninh, by=persona("focal"), programme=saved[1], gender_mainstreamed=True)
    commit_pending()
    shown = _figures(tay_ninh, persona, client_as, client)
    assert {shown[f] for f in ("progress", "report", "dashboard", "page", "api", "api_rollup")} == {100}
    assert " 100 " in shown["dashboard_html"]
