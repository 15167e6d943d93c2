"""Dashboards at a glance (issue 16, problem 5: "dashboards are tables"): the province overview opens with charts,
each with its table; the ministry's home has a tile grid of the 34 provinces; the comparison ranks the provinces
with a value and counts those without one apart instead of rows of "—"."""

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from dashboards import selectors
from tests.conftest import vi_text
from tests.dashboards.conftest import ratio
from tests.plans.test_funding import make_plan
from units.selectors import provinces_on, unit_resolve

pytestmark = pytest.mark.django_db

TILES = Path(selectors.__file__).resolve().parent / "data" / "tiles.csv"


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _payload(html: str, element_id: str) -> dict:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    assert found, f"no {element_id} in the page"
    return json.loads(found.group(1))


def test_the_province_overview_opens_with_charts_each_with_its_table(client_as, m21_history):
    """Problem 5: the province overview was a 3,200-pixel table with no chart. It now opens with the statuses by
    objective, the trends against their targets, the funds by source and the completeness by department, each
    chart above its own data table, and the table of indicators stays below them."""
    response = client_as("focal").get("/dashboard/?year=2026")
    html = _text(response)
    for name in ("statuses", "trends", "completeness"):
        assert f'data-glance="glance-{name}-data"' in html
        figure = html[html.index(f'id="glance-{name}"') :]
        figure = figure[: figure.index("</figure>")]
        assert f"<summary>{vi_text('Data table')}</summary>" in figure and "<table>" in figure
    assert html.index('id="glance"') < html.index('id="indicators"')  # the charts first, the table below
    assert 'src="/static/js/glance.js"' in html and "<script>" not in html  # no inline script (CSP)

    rows = response.context["rows"]
    statuses = _payload(html, "glance-statuses-data")
    assert sum(statuses["totals"]) == len(rows)  # every indicator counted once
    by_status = {s["status"]: sum(s["data"]) for s in statuses["series"]}
    assert by_status == dict(selectors.status_counts(rows))
    assert all(s["label"] != s["status"] for s in statuses["series"])  # names, not codes

    trends = _payload(html, "glance-trends-data")
    m21 = next(i for i in trends["items"] if i["code"] == "M2.1")
    assert m21["series"] == [[2023, 40.0], [2024, 45.0], [2025, 46.0], [2026, 48.0]]
    row = next(r for r in rows if r.indicator.code == "M2.1")
    assert m21["target"]["year"] == row.main["target_year"] and m21["status"] == row.status
    assert "M3.1" in trends["without"] and all(i["code"] not in trends["without"] for i in trends["items"])

    completeness = _payload(html, "glance-completeness-data")
    entered = sum(i["entered"] for i in completeness["items"])
    assert entered == response.context["summary"]["data"]["entered"] == 2


def test_the_funds_chart_reads_the_plans_budget_lines_by_source(client_as, tay_ninh, persona, agency):
    """Problem 5: the funds planned, allocated and spent by source, from the plan in force (plans.funding)."""
    make_plan(tay_ninh, persona("focal"), agency("y_te"), lines=[(2026, "local_recurrent", 150_000_000)])
    html = _text(client_as("focal").get("/dashboard/?year=2026"))
    funding = _payload(html, "glance-funding-data")
    by_source = {s["source"]: s for s in funding["sources"]}
    assert by_source["local_recurrent"]["planned"] == 150_000_000
    assert by_source["international"]["planned"] is None
    figure = html[html.index('id="glance-funding"') :]
    assert "150.000.000" in figure[: figure.index("</figure>")]  # the table, in Vietnamese digits


def test_every_current_province_has_exactly_one_tile_and_no_two_share_a_cell(db):
    """Problem 5: the tile grid's positions (dashboards/data/tiles.csv) cover the 34 provinces of today once each,
    one province a cell, north at the top within a grid of at most 8 columns and 15 rows."""
    with TILES.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    codes = [line["code"] for line in lines]
    assert len(codes) == len(set(codes))
    assert set(codes) == {p.code for p in provinces_on(date.today())}
    assert len(codes) == 34
    cells = [(int(line["row"]), int(line["col"])) for line in lines]
    assert len(cells) == len(set(cells))
    assert max(r for r, _c in cells) < 15 and max(c for _r, c in cells) < 8
    positions = selectors.tile_positions()
    assert positions["01"][0] < positions["48"][0] < positions["79"][0]  # Hà Nội, Đà Nẵng, Hồ Chí Minh City


def test_the_ministry_home_has_the_tile_grid_of_the_34_provinces(client_as, m21_history):
    """Problem 5: the ministry's national view shows the provinces as tiles coloured by the chosen indicator's
    status or value, with a legend and a table."""
    ratio("M2.1", unit_resolve(code="01", on=date.today()), 2026, 300, 500)
    response = client_as("ministry_officer").get("/dashboard/?year=2026&tiles=M2.1")
    html = _text(response)
    tiles = _payload(html, "tiles-data")
    assert len(tiles["tiles"]) == 34 and not tiles["unplaced"]
    by_code = {t["code"]: t for t in tiles["tiles"]}
    assert by_code["80"]["value"] == 48.0 and by_code["01"]["value"] == 60.0
    assert by_code["80"]["short"] == "Tây Ninh" and by_code["04"]["value"] is None
    assert by_code["04"]["status_label"] == vi_text("No data")
    assert {item["status"] for item in tiles["legend"]} == {t["status"] for t in tiles["tiles"]}
    table = html[html.index('class="tile-table"') :]
    assert table.count("data-tile=") == 34 and "Tây Ninh" in table
    assert response.context["tile_indicator"].code == "M2.1"
    by_value = client_as("ministry_officer").get("/dashboard/?year=2026&tiles=M2.1&colour=value")
    assert _payload(_text(by_value), "tiles-data")["colour"] == "value"
    province = _text(client_as("focal").get("/dashboard/?year=2026"))
    assert "tiles-data" not in province  # the grid is the national view's


def test_the_comparison_ranks_the_provinces_and_counts_those_without_data_apart(client_as, m21_history):
    """Problem 5: the comparison of 34 provinces was a table where most rows were "—". Now a ranked bar chart of
    the provinces with a value, the national target as a line, and one line naming the provinces without one; the
    table keeps the provinces with figures."""
    ratio("M2.1", unit_resolve(code="01", on=date.today()), 2026, 300, 500)
    response = client_as("ministry_officer").get("/compare/M2.1/?year=2026")
    html = _text(response)
    ranked = _payload(html, "ranked-data")
    assert [(b["code"], b["value"]) for b in ranked["bars"]] == [("01", 60.0), ("80", 48.0)]
    target = response.context["data"]["nation"]["target"]
    assert ranked["target"] == {
        "year": target.year,
        "comparator": target.comparator,
        "value": float(target.value),
    }
    missing = html[html.index('id="without-values"') :]
    missing = missing[: missing.index("</p>")]
    assert "32" in missing and "Cao Bằng" in missing and "Tây Ninh" not in missing and "Hà Nội" not in missing
    assert len(missing.split(":", 1)[1].split(",")) == 32  # one line listing the 32 names
    codes = [r.province.code for r in response.context["rows"]]
    assert sorted(codes) == ["01", "80"]  # the table: provinces with figures only
    table = html[html.index('id="table"') :]
    assert table.count("data-province=") == 2
    coverage = html[html.index('id="coverage"') :]
    assert '<span class="stat">2/34</span>' in coverage  # of all the provinces, not of the table's rows


def test_the_ranking_puts_the_best_first_whichever_way_is_better(m21_history):
    """Problem 5: the ranked bars read best first: the highest share of women (M2.1), the lowest where lower is
    better."""
    hanoi = unit_resolve(code="01", on=date.today())
    ratio("M2.1", hanoi, 2026, 300, 500)
    m21 = selectors.Indicator.objects.get(code="M2.1")
    assert [b["code"] for b in selectors.ranked(m21, selectors.comparison(m21, 2026))["bars"]] == ["01", "80"]
    m21.direction = "decrease"  # as if lower were better (not saved)
    assert [b["code"] for b in selectors.ranked(m21, selectors.comparison(m21, 2026))["bars"]] == ["80", "01"]


def test_every_status_has_its_own_colour_in_the_charts():
    """Problem 2/5: a status added to the one wording source (one value, trend unknown) gets its own colour in the
    status chart and the tile grid, not the colour of "no data" or the fallback."""
    from dashboards.selectors import OTHER_COLOUR, STATUS_COLOURS
    from progress.labels import STATUS_LABELS

    assert set(STATUS_LABELS) <= set(STATUS_COLOURS)
    assert len(set(STATUS_COLOURS.values()) | {OTHER_COLOUR}) == len(STATUS_COLOURS) + 1
