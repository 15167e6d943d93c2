"""Issue 16, problem 7: in the document's figure 1 the data labels fell on the target labels (81,67 on ≥ 80; 110,9
on ≤ 111) and each target marker printed its label twice. The figure's text artists are read after layout."""

from decimal import Decimal as D

import pytest

from documents.charts import ChartSpec, indicator_charts_figure

# The two collisions of the issue, the national and the provincial targets agreeing (one label for both), and close
# target levels in the margin.
SPECS = [
    ChartSpec(
        "M2.1. Tỷ lệ lao động nữ làm công hưởng lương",
        "%",
        [(2021, D("41.5")), (2023, D("60")), (2025, D("81.67"))],
        [
            (2025, ">=", 80, "Quốc gia"),
            (2025, ">=", 80, "Tỉnh"),
            (2030, ">=", 85, "Tỉnh"),
            (2030, ">=", 82, "Quốc gia"),
        ],
    ),
    ChartSpec(
        "M4.1. Tỷ số giới tính khi sinh",
        "bé trai/100 bé gái",
        [(2020, D("112")), (2024, D("111.4")), (2025, D("110.9"))],
        [(2025, "<=", 111, "Quốc gia"), (2025, "<=", D("110.8"), "Tỉnh"), (2030, "<=", 109, "Quốc gia")],
    ),
    ChartSpec("M3.4", "%", [(2026, D("60"))], [(2025, ">=", 70, "Quốc gia"), (2030, ">=", 100, "Quốc gia")]),
]


def _labels(figure):
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()
    out = []
    for ax in figure.axes:
        for text in ax.texts:
            if text.get_gid() in ("data-label", "target-label"):
                out.append((ax, text.get_gid(), text.get_text(), text.get_window_extent(renderer)))
    return out


@pytest.fixture(scope="module")
def labels():
    return _labels(indicator_charts_figure(SPECS))


def test_no_two_labels_overlap(labels):
    """Problem 7: a data label and a target label drawn on one another (81,67 on ≥ 80; 110,9 on ≤ 111)."""
    assert len(labels) >= 9
    for i, (_ax, _gid, text, box) in enumerate(labels):
        for _ax2, _gid2, other, box2 in labels[i + 1 :]:
            assert not box.overlaps(box2), f"{text!r} overlaps {other!r}"


def test_each_target_is_labelled_once_in_the_margin_and_each_value_once(labels):
    """Problem 7: each target marker printed its label twice; agreeing targets now share one label."""
    by_panel: dict[object, list[str]] = {}
    for ax, gid, text, box in labels:
        by_panel.setdefault(ax, []).append(text)
        if gid == "target-label":
            assert box.x0 >= ax.get_window_extent().x1  # right of the plot, apart from the data labels
    first, second, third = (by_panel[ax] for ax in list(by_panel))
    assert sorted(first) == sorted(["81,67", "≥ 80 (2025)", "≥ 82 (2030)", "≥ 85 (2030)"])
    assert sorted(second) == sorted(["110,9", "≤ 111 (2025)", "≤ 110,8 (2025)", "≤ 109 (2030)"])
    assert sorted(third) == sorted(["60", "≥ 70 (2025)", "≥ 100 (2030)"])


def test_the_same_target_in_two_years_is_one_label():
    """Problem 7: one label per target level, whatever its source and year."""
    spec = ChartSpec(
        "X", "%", [(2020, 10), (2024, 20)], [(2025, ">=", 30, "Quốc gia"), (2030, ">=", 30, "Tỉnh")]
    )
    texts = [
        text for _ax, gid, text, _box in _labels(indicator_charts_figure([spec])) if gid == "target-label"
    ]
    assert texts == ["≥ 30 (2025, 2030)"]
