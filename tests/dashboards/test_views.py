"""The dashboard pages: who sees what, what the figures say, and that every figure is in the HTML without scripts."""

import re
from datetime import date

import pytest
from django.utils import translation

from reports.services import report_for, report_update
from tests.dashboards.conftest import ratio
from tests.reports.conftest import TEXTS
from units.selectors import unit_resolve

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_province_sees_its_own_dashboard_and_the_nations_but_not_anothers(client_as, m21_history):
    client = client_as("department")
    home = client.get("/dashboard/")
    assert home.status_code == 200 and home.context["unit"] == m21_history
    assert client.get("/dashboard/80/").status_code == 200
    assert client.get("/dashboard/01/").status_code == 403
    assert client.get("/dashboard/01/indicators/M2.1/").status_code == 403
    assert client.get("/dashboard/VN/").status_code == 200
    assert client.get("/dashboard/VN/indicators/M2.1/").status_code == 200
    assert client.get("/compare/M2.1/").status_code == 200
    assert client.get("/cockpit/").status_code == 403
    assert client.get("/cockpit/80/").status_code == 403


def test_the_ministry_starts_from_the_nation_and_opens_any_province(client_as, m21_history):
    client = client_as("ministry_viewer")
    assert client.get("/dashboard/").context["national"] is True
    assert client.get("/dashboard/01/").status_code == 200
    assert client.get("/cockpit/").status_code == 200
    assert client.get("/dashboard/99/").status_code == 404
    assert client.get("/cockpit/99/").status_code == 404


def test_the_overview_shows_each_indicators_value_target_and_status_in_words(client_as, m21_history):
    response = client_as("focal").get("/dashboard/?year=2026")
    row = next(r for r in response.context["rows"] if r.indicator.code == "M2.1")
    html = _text(response)
    block = html[html.index('data-indicator="M2.1"') :]
    block = block[: block.index("</tr>")]
    assert "<strong>48</strong>" in block
    assert "≥ 50" in block and "≥ 60" in block
    with translation.override("vi"):
        from progress.labels import STATUS_LABELS

        label = str(STATUS_LABELS[row.status])
    assert f'class="badge status-{row.status}">{label}</span>' in block  # colour and words


def test_the_overview_filters_by_objective(client_as, m21_history):
    response = client_as("focal").get("/dashboard/?year=2026&objective=2")
    assert {r.indicator.objective.number for r in response.context["rows"]} == {2}
    assert client_as("focal").get("/dashboard/?objective=x").status_code == 200


def test_the_province_overview_shows_its_plan_data_and_report(client_as, m21_history, persona):
    report_update(
        report=report_for(unit=m21_history, kind="annual", year=2026),
        by=persona("focal"),
        data={"causes": "x"},
    )
    response = client_as("focal").get("/dashboard/?year=2026")
    summary = response.context["summary"]
    assert summary["report"].state == "drafting"
    assert summary["data"]["entered"] == 2
    assert 'data-state="drafting"' in response.content.decode()


def test_the_indicator_page_has_the_figures_table_and_the_chart_data(client_as, m21_history):
    response = client_as("province_viewer").get("/dashboard/80/indicators/M2.1/?year=2026")
    html = _text(response)
    for year, value in ((2023, "40"), (2024, "45"), (2025, "46"), (2026, "48")):
        assert f'data-year="{year}"><th scope="row">{year}</th><td class="num value">{value}</td>' in html
    assert 'id="indicator-chart-data"' in html and "data-indicator-charts" in html
    assert "<noscript>" in html
    assert "Tỉnh Long An" in html  # the former provinces whose figures come before July 2025
    assert client_as("province_viewer").get("/dashboard/80/indicators/NOPE/").status_code == 404


def test_a_local_indicator_has_a_page_in_its_province_only(client_as, tay_ninh, persona):
    from plans.services import local_indicator_create

    local = local_indicator_create(province=tay_ninh, by=persona("focal"), template="ethnic_vocational")
    client = client_as("ministry_officer")
    assert client.get(f"/dashboard/80/indicators/{local.code}/").status_code == 200
    assert client.get(f"/dashboard/VN/indicators/{local.code}/").status_code == 404
    assert client.get(f"/compare/{local.code}/").status_code == 404
    assert client_as("outsider").get(f"/dashboard/01/indicators/{local.code}/").status_code == 404


def test_the_comparison_table_sorts_and_links_only_what_the_user_may_open(client_as, m21_history):
    ratio("M2.1", unit_resolve(code="01", on=m21_history.valid_from), 2026, 300, 500)
    client = client_as("focal")
    response = client.get("/compare/M2.1/?year=2026&sort=value&dir=desc")
    codes = [r.province.code for r in response.context["rows"]]
    assert codes[:2] == ["01", "80"]
    html = _text(response)
    assert 'aria-sort="descending"' in html
    assert 'href="/dashboard/80/indicators/M2.1/?year=2026"' in html
    assert 'href="/dashboard/01/indicators/M2.1/' not in html  # Hà Nội's page is not Tây Ninh's to open
    row = html[html.index('data-province="80"') :]
    row = row[: row.index("</tr>")]
    assert (
        "<strong>48</strong>" in row and ">40<" in row and ">45<" in row
    )  # 2023 and 2024 from the former ones
    nation = html[html.index('class="nation"') :]
    assert (
        "<strong>54,67</strong>" in nation[: nation.index("</tr>")]
    )  # (192 + 300) / (400 + 500), not averaged
    assert response.context["charts"] and len(response.context["charts"]) == 2


def test_the_indicator_picker_works_without_scripts(client_as):
    response = client_as("commune").get("/compare/M2.1/?indicator=M4.1&year=2025")
    assert response.status_code == 302 and response["Location"] == "/compare/M4.1/?year=2025"
    assert client_as("commune").get("/compare/NOPE/").status_code == 404


def test_the_cockpit_lists_every_province_with_its_report_state(client_as, m21_history, persona, sent_copy):
    focal = persona("focal")
    report = report_update(
        report=report_for(unit=m21_history, kind="annual", year=2026), by=focal, data=TEXTS
    )
    sent_copy(report, status="returned", by=focal)
    client = client_as("ministry_officer")
    response = client.get("/cockpit/?year=2026")
    assert len(response.context["rows"]) == 34
    html = _text(response)
    row = html[html.index('data-province="80"') :]
    row = row[: row.index("</tr>")]
    assert 'data-state="returned"' in row and "4%" in row  # 2 of 48 figures
    only = client.get("/cockpit/?year=2026&state=returned")
    assert [r.province.code for r in only.context["rows"]] == ["80"]
    data = response.context["data"]
    assert data["deadline"] == date(2026, 12, 10)  # no cycle set: 10 December (letter 1116)
    assert data["days_left"] == (date(2026, 12, 10) - date.today()).days


def test_the_drill_down_lists_what_each_department_owes(client_as, m21_history):
    response = client_as("ministry_officer").get("/cockpit/80/?year=2026")
    html = _text(response)
    assert response.context["owing"]
    assert "M3.2a" in html and "M2.1" in html
    assert response.context["summary"]["data"]["entered"] == 2


def test_how_a_status_was_computed_reads_in_vietnamese(client_as, m21_history):
    """The method and the reasons of progress.method are codes: the pages name them in the page's language."""
    report = client_as("focal").get("/reports/80/annual/2026/").content.decode()
    indicator = client_as("focal").get("/dashboard/80/indicators/M2.2/").content.decode()
    for page in (report, indicator):
        assert (
            "no observation" not in page and "(method: rate)" not in page and "phương pháp: rate" not in page
        )
    assert "chưa có giá trị" in report and "phương pháp: tốc độ tăng trưởng hằng năm" in report
    assert "chưa có giá trị" in indicator
