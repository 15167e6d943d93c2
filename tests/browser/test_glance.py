"""Dashboards at a glance in the browser (issue 16, problem 5 "dashboards are tables" and problem 9 "the cockpit"):
the charts are drawn from static/js/glance.js under the content security policy, each can be downloaded as PNG and
SVG, the ministry's tile grid has the 34 provinces and the comparison counts the provinces without a value apart.
Screenshots go to test-artifacts/screenshots/."""

from pathlib import Path

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_dashboards import _history
from tests.browser.test_roles_and_languages import log_in
from tests.dashboards.conftest import all_provinces, data_in


def _some_provinces_have_values():
    """M2.1 for 2026 in Tây Ninh (with its history) and Hà Nội, and in twenty more provinces."""
    _history()
    data_in([p for p in all_provinces() if p.code not in ("80", "01")][:20])


def _watch_refusals(page) -> list[str]:
    """What the content security policy refused and the scripts' errors, as the page reports them."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.on("pageerror", lambda error: refused.append(str(error)))
    return refused


@pytest.mark.browser
def test_the_province_dashboard_opens_with_its_charts(page):
    """Problem 5: the province overview opens with the four charts, each drawn, downloadable and with its table."""
    _some_provinces_have_values()
    refused = _watch_refusals(page)
    log_in(page, "focal")
    page.goto(page.base_url + "/dashboard/?year=2026")
    page.wait_for_function(
        "document.querySelectorAll('#glance .glance-canvas canvas').length >= 3", timeout=10_000
    )
    for name in ("statuses", "trends", "completeness"):
        figure = page.locator(f"#glance-{name}")
        assert figure.locator("canvas").count() >= 1
        box = figure.locator(".glance-canvas").bounding_box()
        assert box and box["height"] > 80 and box["width"] > 200  # not an empty strip
        assert figure.locator("details.chart-table table").count() == 1
    with page.expect_download() as png:
        page.locator("#glance-statuses [data-download=png]").click()
    assert png.value.suggested_filename.endswith(".png")
    with page.expect_download() as svg:
        page.locator("#glance-statuses [data-download=svg]").click()
    assert svg.value.suggested_filename.endswith(".svg")
    assert "<svg" in Path(svg.value.path()).read_text(encoding="utf-8")[:200]
    assert page.locator("#glance").bounding_box()["y"] < page.locator("#indicators").bounding_box()["y"]
    shoot(page, "dashboard-province")
    assert refused == []


@pytest.mark.browser
def test_the_ministry_sees_the_tile_grid_of_the_34_provinces(page):
    """Problem 5: the national view shows the provinces as 34 tiles placed by geography, with a legend and a table."""
    _some_provinces_have_values()
    refused = _watch_refusals(page)
    log_in(page, "ministry_officer")
    page.goto(page.base_url + "/dashboard/?year=2026&tiles=M2.1")
    page.wait_for_function("document.querySelectorAll('#tiles canvas').length >= 1", timeout=10_000)
    tiles = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.querySelector('#tiles .glance-canvas'));
            return chart.getOption().series.reduce((n, s) => n + s.data.length, 0);
        }"""
    )
    assert tiles == 34
    assert page.locator("#tiles tr[data-tile]").count() == 34
    page.locator("#tiles").scroll_into_view_if_needed()
    shoot(page, "tile-grid")
    assert refused == []


@pytest.mark.browser
def test_the_comparison_ranks_the_provinces_and_counts_the_others_apart(page):
    """Problem 5: a ranked bar chart of the provinces with a value, the others named in one line, not rows of "—"."""
    _some_provinces_have_values()
    refused = _watch_refusals(page)
    log_in(page, "ministry_officer")
    page.goto(page.base_url + "/compare/M2.1/?year=2026")
    page.wait_for_function("document.querySelectorAll('#ranking canvas').length >= 1", timeout=10_000)
    bars = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.querySelector('#ranking .glance-canvas'));
            return chart.getOption().yAxis[0].data.length;
        }"""
    )
    assert bars == 22
    line = page.locator("#without-values").inner_text()
    assert line.startswith("12 tỉnh, thành phố chưa có số liệu năm 2026:")
    assert page.locator("#table tbody tr").count() == 22
    assert "—" not in page.locator("#table tbody td.value").all_inner_texts()
    shoot(page, "compare")
    assert refused == []


@pytest.mark.browser
def test_the_cockpit_actions_fit_on_one_line(page):
    """Problem 9: the actions column wrapped to four lines; one link and a menu now fit on one line."""
    log_in(page, "ministry_officer")
    page.goto(page.base_url + "/cockpit/?year=2026")
    cell = page.locator("td.actions-cell").first
    link = cell.locator("a").first
    line = link.bounding_box()["height"]
    assert cell.bounding_box()["height"] < 2.5 * line
    table = page.evaluate(
        "(() => { const t = document.querySelector('table.cockpit'); "
        "return [t.scrollWidth, t.parentElement.clientWidth]; })()"
    )
    assert table[0] <= table[1]  # no column pushed out of sight
    cell.locator("summary").click()
    assert cell.locator("ul a").first.is_visible()
    shoot(page, "cockpit")
