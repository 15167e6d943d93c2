"""Every test vector of docs/progress-method.md, and the mirror property."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from progress.method import ConfigurationError, Target, assess

D = Decimal


def s(*pairs):
    return [(year, D(str(value))) for year, value in pairs]


@pytest.mark.parametrize(
    ("case", "direction", "target", "series", "status", "ratio", "method"),
    [
        (1, "increase", (">=", 50, 2030), s((2020, 40.0), (2024, 45.0)), "on_track", "1.3243", "rate"),
        (
            2,
            "increase",
            (">=", 50, 2030),
            s((2020, 40.0), (2024, 43.0)),
            "needs_acceleration",
            "0.8085",
            "rate",
        ),
        (3, "increase", (">=", 50, 2030), s((2020, 40.0), (2024, 41.0)), "limited", "0.2744", "rate"),
        (4, "increase", (">=", 50, 2030), s((2020, 40.0), (2024, 38.0)), "deteriorating", "-0.5647", "rate"),
        (5, "decrease", ("<=", 109, 2025), s((2020, 111.5), (2024, 111.4)), "limited", "0.0496", "rate"),
        (6, "increase", (">=", 60, 2025), s((2020, 65.0), (2024, 62.0)), "achieved", "-0.7395", "rate"),
        (7, "decrease", ("<=", 1, 2030), s((2020, 10), (2021, 30)), "deteriorating", "-9.7242", "rate"),
        (8, "increase", (">=", 70, 2030), s((2020, 80.0), (2024, 65.0)), "deteriorating", "-3.8136", "rate"),
        (9, "increase", (">=", 35, 2030), s((2024, 30.0)), "single_value", None, "level"),
        (10, "decrease", ("<=", 35, 2030), s((2024, 30.0)), "achieved", None, "level"),
        (11, "increase", (">=", 30, 2030), s((2020, 0), (2024, 12)), "on_track", "1.0000", "linear"),
        (12, "increase", (">=", 30, 2030), s((2020, 0), (2024, 6)), "limited", "0.5000", "linear"),
        (
            13,
            "decrease",
            ("<=", 0, 2030),
            s((2020, 3.0), (2024, 2.0)),
            "needs_acceleration",
            "0.8333",
            "linear",
        ),
        (14, "decrease", ("<", 25, 2030), s((2020, 35.9), (2025, 25.0)), "on_track", "1.9645", "rate"),
        (15, "decrease", ("<=", 1.8, 2025), s((2022, 2.00), (2025, 1.90)), "target_missed", "0.4912", "rate"),
    ],
)
def test_the_documented_vectors(case, direction, target, series, status, ratio, method):
    comparator, value, year = target
    result = assess(series, direction=direction, target=Target(year, comparator, D(str(value))))
    assert result.status == status, case
    assert result.method == method, case
    if ratio is None:
        assert result.ratio is None
    else:
        assert result.ratio.quantize(D("0.0001")) == D(ratio), case
    if case == 6:
        assert result.flags == ["achieved_but_worsening"]


def test_case_5_shows_its_inputs():
    result = assess(s((2020, 111.5), (2024, 111.4)), direction="decrease", target=Target(2025, "<=", D(109)))
    assert (result.t0, result.y0, result.tc, result.yc) == (2020, D("111.5"), 2024, D("111.4"))
    assert (result.observed * 100).quantize(D("0.0001")) == D("-0.0224")
    assert (result.required * 100).quantize(D("0.0001")) == D("-0.4525")


def test_case_16_no_direction_and_case_17_contradiction_are_configuration_errors():
    with pytest.raises(ConfigurationError):
        assess(s((2020, 1), (2024, 2)), direction="", target=Target(2030, ">=", D(3)))
    with pytest.raises(ConfigurationError):
        assess(s((2020, 1), (2024, 2)), direction="decrease", target=Target(2030, ">=", D(3)))


def test_no_observation_is_no_data_and_a_missing_target_uses_growth_classes():
    assert assess([], direction="increase", target=Target(2030, ">=", D(1))).status == "no_data"
    growing = assess(s((2020, 100), (2024, 110)), direction="increase", target=None)
    assert growing.status == "on_track" and growing.ratio > D("0.015")
    flat = assess(s((2020, 100), (2024, 101)), direction="increase", target=None)
    assert flat.status == "limited"


MIRROR = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}
values = st.integers(min_value=-500, max_value=500).map(D)


@given(values, values, values, st.integers(2021, 2029), st.sampled_from([">=", ">", "<=", "<"]))
def test_reversing_the_direction_and_mirroring_the_values_keeps_the_status(y0, yc, goal, year, comparator):
    direction = "increase" if comparator in (">=", ">") else "decrease"
    mirrored = "decrease" if direction == "increase" else "increase"
    a = assess([(2020, y0), (year, yc)], direction=direction, target=Target(2030, comparator, goal))
    b = assess([(2020, -y0), (year, -yc)], direction=mirrored, target=Target(2030, MIRROR[comparator], -goal))
    assert a.status == b.status
    assert a.ratio == b.ratio
