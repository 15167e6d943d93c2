"""Issue 16, problem 7, in the browser: the trend chart's data label fell on a target's label (110,9 on ≤ 111) and
each target marker printed its label twice. The rendered labels are read from ECharts' own scene."""

from datetime import date

import pytest

from tests.browser.conftest import shoot
from tests.browser.test_roles_and_languages import log_in
from tests.dashboards.conftest import ratio
from units.selectors import unit_resolve

# Every text ECharts drew on the chart, with its rectangle on the canvas (zrender's display list).
RENDERED_TEXTS = """() => {
  const chart = echarts.getInstanceByDom(document.querySelector('.indicator-chart-canvas'));
  return chart.getZr().storage.getDisplayList(true)
    .filter((e) => (e.type === 'tspan' || e.type === 'text') && e.style && e.style.text && !e.ignore && !e.invisible)
    .map((e) => {
      const r = e.getBoundingRect().clone();
      const m = e.getComputedTransform();
      if (m) r.applyTransform(m);
      return { text: String(e.style.text), x: r.x, y: r.y, w: r.width, h: r.height };
    });
}"""

TARGET_MARKER_LABELS = """() => {
  const chart = echarts.getInstanceByDom(document.querySelector('.indicator-chart-canvas'));
  return chart.getOption().series.filter((s) => s.type === 'scatter')
    .flatMap((s) => s.data).filter((d) => d.label && d.label.show).length;
}"""


def _overlap(a, b) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


@pytest.mark.browser
def test_the_trend_chart_labels_each_target_once_and_apart_from_the_data(page):
    """Problem 7: 110,9 drawn on ≤ 111, and each target's label printed twice (national and provincial markers)."""
    tay_ninh = unit_resolve(code="80", on=date.today())
    long_an = unit_resolve(code="80", on=date(2024, 1, 1))
    ratio("M4.1", long_an, 2023, 1120, 1000)
    ratio("M4.1", long_an, 2024, 1114, 1000)
    ratio("M4.1", tay_ninh, 2025, 1109, 1000)  # 110,9 against ≤ 111 in 2025
    log_in(page, "focal")
    page.goto(page.base_url + "/dashboard/80/indicators/M4.1/?year=2025")
    page.wait_for_function("document.querySelectorAll('.indicator-chart-canvas canvas').length >= 1")
    page.wait_for_function(
        "Boolean(window.echarts && echarts.getInstanceByDom(document.querySelector('.indicator-chart-canvas')))"
    )
    texts = page.evaluate(RENDERED_TEXTS)
    labels = [t for t in texts if t["text"] == "110,9" or t["text"][:1] in "≥≤"]
    shown = sorted(t["text"] for t in labels)
    assert shown == sorted(["110,9", "≤ 111 (2025)", "≤ 109 (2030)"]), shown  # each target once
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (a, b)
    assert page.evaluate(TARGET_MARKER_LABELS) == 0  # no label on the markers themselves
    shoot(page, "trend-chart")


@pytest.mark.browser
def test_the_trend_chart_downloads_as_png_and_svg(page):
    """Issue 16: "every chart has its table and a PNG/SVG download", the trend page's chart included; the SVG
    carries the target's label the page drew."""
    ratio("M4.1", unit_resolve(code="80", on=date(2024, 1, 1)), 2024, 1114, 1000)
    ratio("M4.1", unit_resolve(code="80", on=date.today()), 2025, 1109, 1000)
    log_in(page, "focal")
    page.goto(page.base_url + "/dashboard/80/indicators/M4.1/?year=2025")
    page.wait_for_selector("#chart [data-download=svg]")
    assert page.locator("#chart [data-download=png]").inner_text() == "Tải ảnh PNG"
    with page.expect_download() as png:
        page.locator("#chart [data-download=png]").click()
    assert png.value.suggested_filename == "M4.1.png"
    with open(png.value.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.locator("#chart [data-download=svg]").click()
    assert svg.value.suggested_filename == "M4.1.svg"
    with open(svg.value.path(), encoding="utf-8") as f:
        text = f.read()
    assert text.startswith("<svg") and "≤ 109 (2030)" in text
