"""Pure checks on plan targets. No database: they take numbers and comparators and answer."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from indicators.models import Comparator, Direction

# How demanding a comparator is at the same threshold: '>' 50 asks more than '>=' 50.
_STRICT = {Comparator.GT: 1, Comparator.LT: 1, Comparator.GE: 0, Comparator.LE: 0, Comparator.EQ: 0}
_ALLOWED = {
    Direction.INCREASE: {Comparator.GE, Comparator.GT, Comparator.EQ},
    Direction.DECREASE: {Comparator.LE, Comparator.LT, Comparator.EQ},
}


class ComparatorMismatch(ValueError):
    """A comparator that points against the indicator's direction (progress-method.md: configuration error)."""


@dataclass(frozen=True)
class Bar:
    comparator: str
    value: Decimal


def _check(direction: str, bar: Bar) -> None:
    if direction not in _ALLOWED:
        raise ComparatorMismatch(f"unknown direction {direction!r}")
    if bar.comparator not in _ALLOWED[direction]:
        raise ComparatorMismatch(f"{bar.comparator} does not fit direction {direction}")


def is_weaker(direction: str, local: Bar, national: Bar) -> bool:
    """True when meeting ``local`` does not guarantee meeting ``national``, given the direction.

    Higher is better: a lower threshold is weaker, and at the same threshold '>=' is weaker than '>'.
    Lower is better: mirrored. '=' (a yes/no milestone) counts as '>=' or '<=' by the direction."""
    _check(direction, local)
    _check(direction, national)
    if direction == Direction.INCREASE:
        return (local.value, _STRICT[local.comparator]) < (national.value, _STRICT[national.comparator])
    return (-local.value, _STRICT[local.comparator]) < (-national.value, _STRICT[national.comparator])


def straight_path(
    *, base_year: int, base_value: Decimal, goal_year: int, goal_value: Decimal, year: int
) -> Fraction:
    """The value on the straight line from the baseline to the milestone, exactly."""
    if goal_year <= base_year:
        raise ValueError("the milestone must come after the baseline")
    step = (Fraction(goal_value) - Fraction(base_value)) / (goal_year - base_year)
    return Fraction(base_value) + step * (year - base_year)


def is_behind_path(
    direction: str,
    *,
    base_year: int,
    base_value: Decimal,
    goal_year: int,
    goal_value: Decimal,
    year: int,
    value: Decimal,
) -> bool:
    """True when an annual target falls short of the straight path to the milestone target."""
    path = straight_path(
        base_year=base_year, base_value=base_value, goal_year=goal_year, goal_value=goal_value, year=year
    )
    if direction == Direction.INCREASE:
        return Fraction(value) < path
    return Fraction(value) > path
