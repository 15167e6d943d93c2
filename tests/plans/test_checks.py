from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.checks import Bar, ComparatorMismatch, is_behind_path, is_weaker, straight_path

D = Decimal


@pytest.mark.parametrize(
    ("direction", "local", "national", "weaker"),
    [
        # higher is better: >=, >, =
        ("increase", (">=", 40), (">=", 50), True),  # the real 2021 plan: 40% wage employment against 50%
        ("increase", (">=", 50), (">=", 50), False),
        ("increase", (">=", 33), (">=", 27), False),  # stricter than national: women directors 33% vs 27%
        ("increase", (">=", 90), (">", 90), True),  # same threshold, '>=' asks less than '>'
        ("increase", (">", 90), (">=", 90), False),
        ("increase", (">", 89), (">", 90), True),
        ("increase", ("=", 1), ("=", 1), False),  # yes/no milestone
        ("increase", ("=", 0), ("=", 1), True),
        ("increase", (">=", 1), ("=", 1), False),
        # lower is better: <=, <, =
        ("decrease", ("<=", 112), ("<=", 111), True),  # sex ratio at birth
        ("decrease", ("<=", 109), ("<=", 111), False),
        ("decrease", ("<=", 42), ("<", 42), True),  # same threshold, '<=' asks less than '<'
        ("decrease", ("<", 42), ("<=", 42), False),
        ("decrease", ("<", 30), ("<", 30), False),
        ("decrease", ("<", 31), ("<", 30), True),
        ("decrease", ("=", 5), ("<=", 5), False),
    ],
)
def test_a_target_is_weaker_than_the_national_one_by_direction_and_comparator(
    direction, local, national, weaker
):
    assert is_weaker(direction, Bar(local[0], D(local[1])), Bar(national[0], D(national[1]))) is weaker


@pytest.mark.parametrize(
    ("direction", "comparator"),
    [("increase", "<="), ("increase", "<"), ("decrease", ">="), ("decrease", ">"), ("", ">=")],
)
def test_a_comparator_against_the_direction_is_a_configuration_error(direction, comparator):
    with pytest.raises(ComparatorMismatch):
        is_weaker(direction, Bar(comparator, D(1)), Bar(comparator, D(1)))


values = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
UP = st.sampled_from([">=", ">", "="])
MIRROR = {">=": "<=", ">": "<", "=": "="}


@given(values, values, UP, UP)
def test_mirroring_values_and_direction_keeps_the_answer(a, b, ca, cb):
    up = is_weaker("increase", Bar(ca, a), Bar(cb, b))
    down = is_weaker("decrease", Bar(MIRROR[ca], -a), Bar(MIRROR[cb], -b))
    assert up is down


@given(values, UP)
def test_a_target_equal_to_the_national_one_is_never_weaker(a, c):
    assert not is_weaker("increase", Bar(c, a), Bar(c, a))


def test_the_straight_path_is_exact():
    assert (
        straight_path(base_year=2020, base_value=D("40"), goal_year=2025, goal_value=D("50"), year=2022) == 44
    )
    assert straight_path(
        base_year=2020, base_value=D("1"), goal_year=2023, goal_value=D("2"), year=2021
    ) == Fraction(4, 3)


def test_an_annual_target_behind_the_straight_path_is_flagged():
    args = {"base_year": 2020, "base_value": D("40"), "goal_year": 2025, "goal_value": D("50")}
    assert is_behind_path("increase", **args, year=2022, value=D("43.9"))
    assert not is_behind_path("increase", **args, year=2022, value=D("44"))
    down = {"base_year": 2020, "base_value": D("115"), "goal_year": 2025, "goal_value": D("111")}
    assert is_behind_path("decrease", **down, year=2023, value=D("113"))  # path is 112.6
    assert not is_behind_path("decrease", **down, year=2023, value=D("112.6"))
