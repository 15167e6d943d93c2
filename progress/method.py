"""Progress status of one indicator, unit and target: the method of docs/progress-method.md (Open SDG's, from
Statistics Canada, with its weaknesses fixed). Pure functions: numbers in, an assessment with all its inputs out.

Observed compound annual growth is compared with the growth required to reach the target, with the direction
always explicit; a linear fallback is used when a value is zero or the signs differ."""

from dataclasses import dataclass, field
from decimal import Decimal, localcontext

ACHIEVED = "achieved"
ON_TRACK = "on_track"
NEEDS_ACCELERATION = "needs_acceleration"
LIMITED = "limited"
DETERIORATING = "deteriorating"
TARGET_MISSED = "target_missed"
# One value that does not meet its target (or has none): too few for a trend, but not "no data" (issue 16,
# problem 2). The reference method calls this case "no data" (its rule 3); it is named apart so that no page says
# "no data" beside a value. NO_DATA is left for no value at all (and the degenerate target of rule 7).
SINGLE_VALUE = "single_value"
NO_DATA = "no_data"
STATUSES = (
    ACHIEVED,
    ON_TRACK,
    NEEDS_ACCELERATION,
    LIMITED,
    DETERIORATING,
    TARGET_MISSED,
    SINGLE_VALUE,
    NO_DATA,
)
# The reason progress.method gave for a single value before SINGLE_VALUE existed: frozen report snapshots keep it
# with the status NO_DATA (read through progress.labels.effective_status).
LEGACY_SINGLE_REASON = "one observation that does not meet the target"

INCREASE, DECREASE = "increase", "decrease"
_DIRECTION_SIGN = {INCREASE: 1, DECREASE: -1}
_COMPARATOR_DIRECTION = {">=": INCREASE, ">": INCREASE, "<=": DECREASE, "<": DECREASE}


class ConfigurationError(ValueError):
    """The indicator has no direction, or a comparator that contradicts it."""


@dataclass(frozen=True)
class Target:
    year: int
    comparator: str
    value: Decimal


@dataclass
class Assessment:
    status: str
    method: str = ""  # "rate", "linear" or "level"
    t0: int | None = None
    y0: Decimal | None = None
    tc: int | None = None
    yc: Decimal | None = None
    target: Target | None = None
    direction: str = ""
    observed: Decimal | None = None  # observed growth per year (rate) or change per year (linear)
    required: Decimal | None = None
    ratio: Decimal | None = None  # R, or G without a target
    flags: list[str] = field(default_factory=list)
    reason: str = ""


def meets(value: Decimal, target: Target, tolerance: Decimal = Decimal(0)) -> bool:
    comparator, goal = target.comparator, target.value
    if comparator == ">=":
        return value >= goal
    if comparator == ">":
        return value > goal
    if comparator == "<=":
        return value <= goal
    if comparator == "<":
        return value < goal
    if comparator == "=":
        return abs(value - goal) <= tolerance
    raise ConfigurationError(f"unknown comparator {comparator!r}")


def classify(ratio: Decimal) -> str:
    if ratio >= Decimal("0.95"):
        return ON_TRACK
    if ratio >= Decimal("0.60"):
        return NEEDS_ACCELERATION
    if ratio >= 0:
        return LIMITED
    return DETERIORATING


def classify_without_target(growth: Decimal) -> str:
    if growth >= Decimal("0.015"):
        return ON_TRACK
    if growth >= Decimal("0.005"):
        return NEEDS_ACCELERATION
    if growth >= 0:
        return LIMITED
    return DETERIORATING


def _growth(end: Decimal, start: Decimal, years: int) -> Decimal:
    """Compound annual growth from start to end over years (both of one strict sign)."""
    with localcontext() as ctx:
        ctx.prec = 34
        return (end / start) ** (Decimal(1) / Decimal(years)) - 1


def _same_sign(*values: Decimal) -> int:
    """+1 when all are strictly positive, -1 when all strictly negative, 0 otherwise."""
    if all(v > 0 for v in values):
        return 1
    if all(v < 0 for v in values):
        return -1
    return 0


def assess(
    series, *, direction: str, target: Target | None, base_year: int = 2020, tolerance: Decimal = Decimal(0)
) -> Assessment:
    """The status of a series [(year, value), ...] against one target (or without one)."""
    if direction not in _DIRECTION_SIGN:
        raise ConfigurationError("the indicator has no direction")
    if target is not None and _COMPARATOR_DIRECTION.get(target.comparator, direction) != direction:
        raise ConfigurationError(f"comparator {target.comparator} contradicts direction {direction}")
    d = _DIRECTION_SIGN[direction]
    window = sorted((int(y), Decimal(v)) for y, v in series if v is not None and int(y) >= base_year)
    result = Assessment(status=NO_DATA, target=target, direction=direction)
    if not window:
        result.reason = "no observation"
        return result
    (t0, y0), (tc, yc) = window[0], window[-1]
    result.t0, result.y0, result.tc, result.yc = t0, y0, tc, yc
    achieved = target is not None and meets(yc, target, tolerance)
    if len(window) > 1:
        _trend(result, d, target)
    if achieved:
        result.status = ACHIEVED
        if len(window) == 1:
            result.method = "level"
        elif result.ratio is not None and result.ratio < 0:
            result.flags.append("achieved_but_worsening")
        return result
    if len(window) == 1:
        result.status, result.method = SINGLE_VALUE, "level"
        return result
    if target is None:
        result.status = classify_without_target(result.ratio)
        return result
    if target.year <= t0:
        result.status, result.reason = NO_DATA, "target year not after the base year"
        return result
    if tc >= target.year:
        result.status = TARGET_MISSED
        return result
    if result.required == 0:
        moved_wrong = d * (yc - y0) < 0
        result.status = DETERIORATING if moved_wrong else LIMITED
        result.reason = "no change required, target not met"
        return result
    result.status = classify(result.ratio)
    return result


def _trend(result: Assessment, d: int, target: Target | None) -> None:
    """Fill the observed and required rates and R (or G without a target)."""
    t0, y0, tc, yc = result.t0, result.y0, result.tc, result.yc
    span = tc - t0
    if target is None:
        s = _same_sign(y0, yc)
        if s:
            result.method = "rate"
            result.observed = _growth(yc, y0, span)
            result.ratio = s * d * result.observed
        else:
            result.method = "linear"
            result.observed = (yc - y0) / span
            mean = (abs(y0) + abs(yc)) / 2
            result.ratio = d * result.observed / mean if mean else Decimal(0)
        return
    yT, tT = target.value, target.year
    if tT <= t0:
        return
    s = _same_sign(y0, yc, yT)
    if s:
        result.method = "rate"
        result.observed = _growth(yc, y0, span)
        result.required = _growth(yT, y0, tT - t0)
        if result.required != 0:
            result.ratio = s * d * result.observed / abs(result.required)
    else:
        result.method = "linear"
        result.observed = (yc - y0) / span
        result.required = (yT - y0) / (tT - t0)
        if result.required != 0:
            result.ratio = d * result.observed / abs(result.required)
