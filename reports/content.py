"""The content of a report as a typed, versioned value: what ``reports.assemble`` builds, what a submission freezes
and what every renderer reads.

A frozen submission keeps the JSON it was written with, under the schema version of the day, and is never
rewritten (the database refuses it). Reading one goes through ``load``: the upgraders below bring it, step by step,
to the current ``SCHEMA``, and the models check it. ``canonical`` gives the renderers that checked content as JSON,
so a frozen copy and a fresh draft render through the same code.

Numbers are decimal strings (exact, never floats); dates are ISO strings. Models forbid keys they do not name, so
a change to what ``assemble`` writes fails here, at build, instead of in a renderer months later.

Versions:
  1  (2026-11-27) the first reports. Later in version 1, without the number changing: each indicator's baseline,
     funds allocated and spent with their flag, the funds' totals, communication and inspections; renderers read
     those with ``.get()``.
  2  every key present (None where a report has nothing): the upgrader from 1 fills what older copies lack."""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

SCHEMA = 2

Number = str | None  # a decimal as an exact string, or nothing


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitRef(_Strict):
    code: str
    name: str
    level: str


class PlanInfo(_Strict):
    title: str
    kind: str
    status: str
    number: str
    issued_on: str | None
    version: int


class Inputs(_Strict):
    """What a status was computed from (``progress.method.Assessment``)."""

    method: str
    t0: int | None
    y0: Number
    tc: int | None
    yc: Number
    target: tuple[int, str, Number] | None
    direction: str
    observed: Number
    required: Number
    ratio: Number
    flags: list[str]
    reason: str


class Status(_Strict):
    status: str
    label: str
    target_year: int | None
    source: str | None
    source_label: str = ""
    inputs: Inputs | None = None


class Baseline(_Strict):
    year: int | None
    value: Number
    source: str


class PartRow(_Strict):
    part: str
    name: str
    sex: str
    sex_label: str
    values: dict[str, Number]


class IndicatorRow(_Strict):
    code: str
    name: str
    objective: int | None
    objective_name: str
    local: bool
    unit: str
    direction: str
    yes_no: bool
    national_targets: dict[str, tuple[str, Number] | None]
    province_targets: dict[str, tuple[str, Number] | None]
    values: dict[str, Number]
    baseline: Baseline | None
    series: list[tuple[int, Number]]
    status: Status
    statuses: list[Status]
    agency: str
    parts: list[PartRow]


class TaskRow(_Strict):
    title: str
    category: str
    lead: str
    percent: int | None
    note: str
    as_of: str | None


class Fund(_Strict):
    source: str
    label: str
    amount: Number  # planned (the name version 1 used)
    allocated: Number
    spent: Number
    flag: str | None


class FundTotals(_Strict):
    planned: Number
    allocated: Number
    spent: Number


class Narrative(_Strict):
    achievements: str
    shortcomings: str
    causes: str
    communication: str
    inspections: str
    recommendations: str


class DocumentInfo(_Strict):
    number: str
    signer_name: str
    signer_title: str


class Reached(_Strict):
    female: int
    male: int
    unknown: int
    total: int


class Counted(BaseModel):
    """An entry of a count by type, kind or language: its code under the name the list uses, a label, a count."""

    model_config = ConfigDict(extra="allow")
    label: str
    count: int


class Cost(_Strict):
    source: str
    label: str
    amount: Number


class ActionMonth(_Strict):
    name: str
    start: str
    end: str
    activities: int
    reached: Reached


class Communication(_Strict):
    year: int
    since: int | None
    activities: int
    by_type: list[Counted]
    reached: Reached
    products: list[Counted]
    costs: list[Cost]
    cost_total: Number
    languages: list[Counted]
    ethnic_language_activities: int
    action_month: ActionMonth | None
    campaigns: list[dict[str, Any]]  # each campaign's own totals (communication.selectors)


class Inspections(_Strict):
    years: list[int]
    plans: list[dict[str, Any]]  # the inspection plans of the years (inspections.selectors)
    inspections: dict[str, int]
    recommendations: dict[str, int]
    done: list[dict[str, Any]]  # the inspections done, by date (inspections.selectors)
    provinces_with_plan: int | None = None  # the nation's only


class ProvinceCell(_Strict):
    code: str
    name: str
    value: Number
    status: str
    label: str


class ProvinceState(_Strict):
    code: str
    name: str
    submitted: bool
    version: int | None
    submitted_at: str | None
    on_time: bool | None
    status: str | None
    has_data: bool


class ReportContent(_Strict):
    schema_version: Literal[2] = 2  # written as "schema"
    kind: str
    year: int
    unit: UnitRef
    date: str | None
    assembled_at: str
    plans: list[PlanInfo | None]
    indicators: list[IndicatorRow]
    tasks: list[TaskRow]
    task_counts: dict[str, int]
    funds: list[Fund]
    funds_total: Number
    funds_totals: FundTotals
    narrative: Narrative
    document: DocumentInfo
    communication: Communication | None
    inspections: Inspections | None
    by_province: dict[str, list[ProvinceCell]] | None = None  # the nation's consolidation only
    provinces: list[ProvinceState] | None = None

    def as_json(self) -> dict:
        out = self.model_dump(mode="json", exclude={"schema_version"})
        return {"schema": SCHEMA, **out}


class ContentError(ValueError):
    """A stored report that no upgrader can read, or that does not match its schema once upgraded."""


def _from_1(old: dict) -> dict:
    """Version 1 → 2: fill in what copies written before those keys existed lack (see the module's docstring)."""
    new = copy.deepcopy(old)
    for row in new.get("indicators", []):
        row.setdefault("baseline", None)
    for fund in new.get("funds", []):
        fund.setdefault("allocated", None)
        fund.setdefault("spent", None)
        fund.setdefault("flag", None)
    new.setdefault("funds_totals", {"planned": new.get("funds_total"), "allocated": None, "spent": None})
    new.setdefault("communication", None)
    new.setdefault("inspections", None)
    new["schema"] = 2
    return new


UPGRADERS = {1: _from_1}  # version → the function that reads it into the next version


def load(stored: dict) -> ReportContent:
    """The content of a stored snapshot of any version, upgraded and checked. ``stored`` is not changed."""
    version = stored.get("schema", 1)
    if not isinstance(version, int) or not 1 <= version <= SCHEMA:
        raise ContentError(f"report content of schema {version!r}: this version reads 1 to {SCHEMA}")
    data = stored
    for step in range(version, SCHEMA):
        data = UPGRADERS[step](data)
    body = {k: v for k, v in data.items() if k != "schema"}
    try:
        return ReportContent.model_validate(body)
    except ValidationError as exc:
        raise ContentError(f"report content of schema {version} does not match: {exc}") from exc


def canonical(stored: dict) -> dict:
    """A stored snapshot of any version as the current version's JSON, for the renderers."""
    return load(stored).as_json()


def build(snapshot: dict) -> dict:
    """What ``assemble`` wrote, checked against the current schema and returned as its JSON."""
    return canonical({**snapshot, "schema": SCHEMA})
