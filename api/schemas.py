import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

# What the API accepts, stated in the OpenAPI description so that clients (and the fuzzer) know it: codes are short
# and made of letters, digits and dots; free text carries no NUL character (PostgreSQL refuses those); years and
# values stay inside what the database columns hold.
UNIT_CODE = r"^[0-9A-Za-z]{1,10}$"
INDICATOR_CODE = r"^[0-9A-Za-z._-]{1,20}$"
NO_NUL = r"^[^\x00]*$"
UnitCode = Annotated[str, Field(pattern=UNIT_CODE, examples=["80"])]
IndicatorCode = Annotated[str, Field(pattern=INDICATOR_CODE, examples=["M2.1"])]
DataYear = Annotated[int, Field(ge=2000, le=2100, examples=[2026])]
# a disaggregation other than sex, as the exchange file writes it (indicators.cuts): empty is the total
Disaggregation = Annotated[str, Field(max_length=80, pattern=NO_NUL, examples=["area=urban"])]
DimensionCode = Annotated[str, Field(max_length=40, pattern=r"^[0-9A-Za-z_-]*$", examples=["area"])]
PartKindIn = Literal["numerator", "denominator", "value"]
SexIn = Literal["total", "female", "male"]
LevelIn = Literal["nation", "province", "commune"]
DISAGGREGATION_TEXT = (
    "The value's disaggregation other than sex, among those the indicator declares: dimension=option pairs "
    "joined by ';' (area=urban, age=0-15, area=rural;ethnicity=minority); empty for the total over them. Codes "
    "as GET /indicators lists them; an undeclared dimension or option is refused with 422 naming the field "
    "'disaggregation'."
)
DisaggregationFilter = Annotated[
    str,
    Field(
        max_length=80,
        pattern=NO_NUL,
        description="Only the values of this disaggregation, in its stored form (area=urban, "
        "area=rural;ethnicity=minority; dimensions sorted by code); empty for the totals. Without it, every one.",
        examples=["area=urban"],
    ),
]


def _iso_date_only(value):
    """Dates as YYYY-MM-DD only: pydantic would otherwise read a number (``on=0``) as a Unix time."""
    if isinstance(value, int | float) or (
        isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    ):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


class NameOut(Schema):
    name: str
    type: str
    valid_from: date
    valid_to: date | None


class UnitOut(Schema):
    id: int
    code: str
    level: str
    name: str
    parent_code: str | None
    valid_from: date
    valid_to: date | None
    merged_into_code: str | None
    names: list[NameOut]


class AgencyNameOut(Schema):
    name: str
    name_en: str
    valid_from: date
    valid_to: date | None


class AgencyOut(Schema):
    id: int
    province_code: str
    kind: str
    name: str
    is_focal: bool
    active: bool
    names: list[AgencyNameOut]


class TargetOut(Schema):
    year: int
    comparator: str
    value: Decimal


class PartOut(Schema):
    kind: str
    name_vi: str
    name_en: str


class IndicatorOut(Schema):
    code: str
    objective: int
    name_vi: str
    name_en: str
    unit: str
    factor: Decimal
    direction: str
    by_sex: bool
    disaggregations: list[str]
    additive: bool
    confirmed: str
    usual_provider: str
    collection_level: str
    note: str
    active: bool
    parts: list[PartOut]
    targets: list[TargetOut]


class ErrorOut(Schema):
    detail: str


class ValueOut(Schema):
    indicator: str
    part: str
    unit: str
    year: int
    sex: str
    disaggregation: str = Field(description=DISAGGREGATION_TEXT, examples=["area=urban"])
    value: Decimal
    source: str
    as_of: date | None
    status: str
    version: int


class ValueIn(Schema):
    indicator: IndicatorCode
    part: PartKindIn
    unit: UnitCode
    year: DataYear
    sex: SexIn = "total"
    disaggregation: str = Field(
        "", max_length=80, pattern=NO_NUL, description=DISAGGREGATION_TEXT, examples=["", "area=urban"]
    )
    # numeric(20, 6) in the database; the grid's checks (not negative, numerator <= denominator...) follow.
    value: Decimal = Field(ge=0, max_digits=20, decimal_places=6, allow_inf_nan=False, examples=["1000"])
    source: str = Field("", max_length=300, pattern=NO_NUL)
    as_of: IsoDate | None = None
    comment: str = Field("", max_length=4000, pattern=NO_NUL)
    # the version read with the value (GET /values), 0 for a value not stored yet: a save over someone else's
    # change is refused with 409 and the value now stored, never silently overwritten
    version: int = Field(ge=0, le=2_147_483_647, examples=[0])


class RollupOut(Schema):
    indicator: str
    unit: str
    year: int
    disaggregation: str = Field(
        "", description="The option rolled up (area=urban); empty for the total over every disaggregation."
    )
    parts: dict[str, Decimal]
    value: Decimal | None
    value_female: Decimal | None
    value_male: Decimal | None


class OptionOut(Schema):
    disaggregation: str = Field(description="The option (area=urban); empty for the total.")
    label: str = Field(description="The option in words, in the caller's language; empty for the total.")
    parts: dict[str, Decimal]
    value: Decimal | None
    value_female: Decimal | None
    value_male: Decimal | None


class BreakdownOut(Schema):
    indicator: str
    unit: str
    year: int
    dimension: str = Field(description="The dimension broken down by (area); empty for every declared one.")
    total: OptionOut
    options: list[OptionOut]


class ErrorItemOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class FieldErrorOut(Schema):
    """A refused request: detail says why, field names the input at fault (when one is), and for input that does
    not match the description, errors lists each problem."""

    detail: str
    field: str | None = None
    errors: list[ErrorItemOut] = []


class InputsOut(Schema):
    method: str
    base_year: int | None
    base_value: Decimal | None
    current_year: int | None
    current_value: Decimal | None
    target_year: int | None
    target_value: Decimal | None
    comparator: str | None
    direction: str
    observed_rate: Decimal | None
    required_rate: Decimal | None
    ratio: Decimal | None
    flags: list[str]
    reason: str


class TargetStatusOut(Schema):
    target_year: int | None
    source: str | None
    status: str
    label: str = Field(description="The status in words, in the caller's language (progress.labels).")
    inputs: InputsOut


class ProgressTargetOut(Schema):
    year: int
    comparator: str
    value: Decimal
    source: str


class BaselineOut(Schema):
    year: int
    value: Decimal


class ProgressOut(Schema):
    indicator: str
    value: Decimal | None
    baseline: BaselineOut | None
    targets: list[ProgressTargetOut]
    status: str
    status_label: str = Field(description="The status in words, in the caller's language (progress.labels).")
    milestone: TargetStatusOut
    statuses: list[TargetStatusOut]
    inputs: InputsOut


class ConflictOut(FieldErrorOut):
    """A save refused because someone saved the value after the caller read it: current is the value now stored
    (with its version, to save again over it knowingly), or null when it was removed."""

    current: ValueOut | None = None
