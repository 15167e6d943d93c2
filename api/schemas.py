from datetime import date
from decimal import Decimal

from ninja import Schema


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
    value: Decimal
    source: str
    as_of: date | None
    status: str
    version: int


class ValueIn(Schema):
    indicator: str
    part: str
    unit: str
    year: int
    sex: str = "total"
    value: Decimal
    source: str = ""
    as_of: date | None = None
    comment: str = ""
    version: int | None = None


class RollupOut(Schema):
    indicator: str
    unit: str
    year: int
    parts: dict[str, Decimal]
    value: Decimal | None
    value_female: Decimal | None
    value_male: Decimal | None


class FieldErrorOut(Schema):
    detail: str
    field: str | None


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
    milestone: TargetStatusOut
    statuses: list[TargetStatusOut]
    inputs: InputsOut
