"""Reads for the dashboards: a unit's overview, one indicator's page, the comparison across provinces and the
ministry's deadline cockpit with its drill-down. Nothing here writes.

Values are the roll-up of ``datavalues.selectors`` (parts summed, then the formula: ratios are never averaged;
figures entered against the 63 former provinces count for the province of today they went into) and statuses come
from ``progress.method``, chosen as ``progress.selectors.progress_for`` chooses them, so a dashboard, a report and
the API show the same status for the same figures. Pages about all provinces use grouped queries: the number of
queries does not grow with the number of provinces (tests/dashboards/test_queries.py)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, cast, overload

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from core.templatetags.vn import unit_label
from datavalues import rollup_cache
from datavalues.models import DataValue
from datavalues.selectors import (
    Completeness,
    Rolled,
    assignments_of,
    completeness_by_province,
    own_parts,
    parts_by_province,
    primary_series,
    province_parts,
    sexes_of,
)
from indicators.models import MILESTONE_YEARS, Indicator, PartKind
from plans.models import Plan, PlanKind, PlanStatus, PlanTarget, Task, TaskProgress
from progress.labels import STATUS_LABELS, status_text
from progress.method import NO_DATA, STATUSES, Assessment, ConfigurationError, Target, assess
from progress.selectors import cached_to_year, nearest_milestone, progress_for
from reports.assemble import NARRATIVE
from reports.models import Report, ReportKind, Submission, SubmissionStatus
from reports.selectors import data_deadline_of, deadline_of, plan_deadline_of, submission_states
from units.models import AdminUnit, Level
from units.selectors import nation, provinces_on

FIRST_YEAR, LAST_YEAR = 2021, 2030  # the Strategy's years; 2020 is the baseline
YEARS_SHOWN = range(FIRST_YEAR, LAST_YEAR + 1)


def base_year() -> int:
    return getattr(settings, "STRATEGY_BASE_YEAR", 2020)


def year_from(value: str | int | None, default: int) -> int:
    """A year from a query string, kept within the Strategy's years; ``default`` when it is not a number."""
    if value is None:
        return default
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def _latest(series: list[tuple[int, Decimal]], year: int) -> tuple[int, Decimal] | None:
    """The last observed (year, value) not after ``year``."""
    seen = [(y, v) for y, v in series if y <= year and v is not None]
    return seen[-1] if seen else None


# --- a unit's overview ---------------------------------------------------------------------------------------------


@dataclass
class OverviewRow:
    """One indicator of a unit: its latest value, targets and status (the row of ``progress_for``)."""

    indicator: Indicator
    progress: dict
    latest: tuple[int, Decimal] | None
    national: dict[int, Target]
    provincial: dict[int, Target]

    @property
    def status(self) -> str:
        return self.progress["status"]

    @property
    def main(self) -> dict:
        return self.progress["main"]


@overload
def overview(
    unit: AdminUnit, year: int, *, objective: int | None = None, stamped: Literal[False] = False
) -> list[OverviewRow]: ...
@overload
def overview(
    unit: AdminUnit, year: int, *, objective: int | None = None, stamped: Literal[True]
) -> tuple[list[OverviewRow], str | None]: ...
def overview(
    unit: AdminUnit, year: int, *, objective: int | None = None, stamped: bool = False
) -> list[OverviewRow] | tuple[list[OverviewRow], str | None]:
    """Every indicator followed in ``unit`` (the nation or a province) for ``year``, in the framework's order;
    only one objective's when ``objective`` is given. Queries: a few per indicator, none per province; none while
    the values, plans and reference data it reads stay as they were (``rollup_cache.cached``)."""
    return cached_to_year(
        "overview",
        unit,
        year,
        (objective,),
        lambda: _overview(unit, year, objective=objective),
        stamped=stamped,
    )


def _overview(unit: AdminUnit, year: int, *, objective: int | None = None) -> list[OverviewRow]:
    rows = []
    for row in progress_for(unit, year):
        indicator = row["indicator"]
        if objective is not None and indicator.objective.number != objective:
            continue
        national: dict[int, Target] = {}
        provincial: dict[int, Target] = {}
        for target, source in zip(row["targets"], row["target_sources"], strict=True):
            (national if source == "national" else provincial)[target.year] = target
        rows.append(
            OverviewRow(
                indicator=indicator,
                progress=row,
                latest=_latest(row["series"], year),
                national=dict(sorted(national.items())),
                provincial=dict(sorted(provincial.items())),
            )
        )
    return rows


def status_counts(rows: list[OverviewRow]) -> list[tuple[str, int]]:
    """(status, how many indicators have it), in the method's order, leaving out statuses nobody has."""
    counts = Counter(r.status for r in rows)
    return [(s, counts[s]) for s in STATUSES if counts[s]]


# --- one indicator ---------------------------------------------------------------------------------------------------


@dataclass
class FigureRow:
    year: int
    value: Decimal | None
    female: Decimal | None
    male: Decimal | None
    parts: dict[str, Decimal | None]  # numerator, denominator or value (totals)


def indicator_page(indicator: Indicator, unit: AdminUnit, year: int) -> dict:
    """An indicator in a unit up to ``year``: the progress row (series, targets, statuses with their inputs), the
    female and male series where the indicator is split by sex, and the figures year by year."""
    rows = progress_for(unit, year, indicators=[indicator])
    if not rows:
        return {}
    row = rows[0]
    rolled: dict[int, Rolled] = row["rolled"]
    kinds = sorted({k for r in rolled.values() for k, _s in r.parts}, key=_part_order)
    figures = [
        FigureRow(
            year=y,
            value=rolled[y].value(),
            female=rolled[y].value("female") if indicator.by_sex else None,
            male=rolled[y].value("male") if indicator.by_sex else None,
            parts={k: rolled[y].parts.get((k, "total")) for k in kinds},
        )
        for y in sorted(rolled)
    ]
    first = next((f.year for f in figures if f.value is not None or f.female is not None), None)
    figures = [f for f in figures if first is not None and f.year >= first]
    by_sex = {
        sex: [(f.year, getattr(f, sex)) for f in figures if getattr(f, sex) is not None]
        for sex in ("female", "male")
    }
    national: dict[tuple[int, str], Target] = {}
    provincial: dict[tuple[int, str], Target] = {}
    for target, source in zip(row["targets"], row["target_sources"], strict=True):
        (national if source == "national" else provincial)[(target.year, source)] = target
    return {
        "progress": row,
        "latest": _latest(row["series"], year),
        "figures": figures,
        "part_kinds": kinds,
        "by_sex": by_sex if indicator.by_sex else {},
        "national": [t for _k, t in sorted(national.items())],
        "provincial": sorted(provincial.items()),
    }


def _part_order(kind: str) -> int:
    order: dict[str, int] = {PartKind.NUMERATOR: 0, PartKind.DENOMINATOR: 1, PartKind.VALUE: 2}
    return order.get(kind, 9)


def indicator_chart(indicator: Indicator, page: dict, *, labels: dict[str, str]) -> list[dict]:
    """The chart of an indicator page in the format of ``static/js/charts.js``: the observed series, the female
    and male series as extra lines, and the targets (national, provincial) drawn as markers with target lines."""
    from documents.charts import ChartSpec, chart_json

    row = page["progress"]
    targets = [(t.year, t.comparator, t.value, labels["national"]) for t in page["national"]]
    for (target_year, source), target in page["provincial"]:
        label = labels["province_annual"] if source == "province_annual" else labels["province"]
        targets.append((target_year, target.comparator, target.value, label))
    spec = ChartSpec(
        title=f"{indicator.code}. {indicator.name}",
        unit=unit_label(indicator.unit_label),
        series=list(row["series"]),
        targets=targets,
    )
    (item,) = chart_json([spec])
    styles = {labels["national"]: "national", labels["province"]: "province"}
    item["targets"] = [t + [styles.get(t[3], "")] for t in item["targets"]]
    item["targetLines"] = True
    item["lines"] = [
        {"label": labels[sex], "style": sex, "series": [[y, float(v)] for y, v in points]}
        for sex, points in page["by_sex"].items()
        if points
    ]
    return [item]


# --- an indicator broken down by one of its declared disaggregations ---------------------------------------------

SEX = "sex"  # the breakdown by sex, beside the dimensions an indicator declares (``indicators.cuts``)


@dataclass
class BreakdownRow:
    year: int
    total: Decimal | None
    values: list[Decimal | None]  # one a column, in the order of ``Breakdown.columns``


@dataclass
class Breakdown:
    by: str  # "sex" or a dimension code
    name: str  # the dimension in words
    columns: list[tuple[str, str]]  # (option, its name): "area=urban", "Thành thị"; "female", "Nữ"
    rows: list[BreakdownRow] = field(default_factory=list)

    def lines(self) -> list[tuple[int, str, list[tuple[int, Decimal]]]]:
        """(column index, name, [(year, value)]) of each column with a value: a chart's further lines."""
        return [
            (i, name, [(r.year, v) for r in self.rows if (v := r.values[i]) is not None])
            for i, (_option, name) in enumerate(self.columns)
            if any(r.values[i] is not None for r in self.rows)
        ]


def breakdown_choices(indicator: Indicator) -> list[tuple[str, str]]:
    """What an indicator's trend can be broken down by: sex where it is split by sex, then each dimension it
    declares that has options, in words."""
    from indicators import cuts

    known = cuts.declared(indicator)
    choices = [(SEX, str(_("Sex")))] if indicator.by_sex else []
    return choices + [(d.code, d.name) for d in known.dimensions if known.options.get(d.code)]


def breakdown(indicator: Indicator, unit: AdminUnit, years: list[int], by: str) -> Breakdown | None:
    """The indicator in ``unit`` for ``years`` broken down by ``by`` (``breakdown_choices``): the total and each
    option, every value computed from its own summed parts (``rollup_cuts``: a few queries whatever the number of
    options and years), kept until those years' values change. None for a choice the indicator does not offer."""
    if not years or by not in dict(breakdown_choices(indicator)):
        return None
    return rollup_cache.cached(
        "indicator-breakdown",
        (indicator.pk, unit.pk, tuple(years), by),
        lambda: _breakdown(indicator, unit, years, by),
        years=years,
        province=rollup_cache.scope_of(unit),
    )


def _breakdown(indicator: Indicator, unit: AdminUnit, years: list[int], by: str) -> Breakdown:
    from datavalues.models import Sex
    from datavalues.selectors import rollup_cuts
    from indicators import cuts

    if by == SEX:
        rolled = rollup_cuts(indicator, unit, years, options=[])[""]
        sexes = [Sex.FEMALE, Sex.MALE]
        result = Breakdown(SEX, str(_("Sex")), [(str(s), str(s.label)) for s in sexes])
        for year in years:
            values = [rolled[year].value(str(s)) for s in sexes]
            result.rows.append(BreakdownRow(year, rolled[year].value(), values))
        return _from_first_value(result)
    known = cuts.declared(indicator)
    options = known.options[by]
    codes = [cuts.canonical({by: o.code}) for o in options]
    by_option = rollup_cuts(indicator, unit, years, options=codes)
    dimension = next(d for d in known.dimensions if d.code == by)
    result = Breakdown(by, dimension.name, [(code, o.name) for code, o in zip(codes, options, strict=True)])
    for year in years:
        values = [by_option[code][year].value() for code in codes]
        result.rows.append(BreakdownRow(year, by_option[""][year].value(), values))
    return _from_first_value(result)


def _from_first_value(result: Breakdown) -> Breakdown:
    """The rows from the first year with a value, total or option."""
    while result.rows and result.rows[0].total is None and all(v is None for v in result.rows[0].values):
        result.rows.pop(0)
    return result


def breakdown_chart(charts: list[dict], result: Breakdown) -> list[dict]:
    """The indicator page's chart with one further line a column of ``result`` (styles ``female``, ``male`` or
    ``cut0``, ``cut1``, ... in ``static/js/charts.js``) in place of its female and male lines."""
    (item,) = charts
    item = {
        **item,
        "lines": [
            {
                "label": name,
                "style": result.columns[i][0] if result.by == SEX else f"cut{i}",
                "series": [[y, float(v)] for y, v in points],
            }
            for i, name, points in result.lines()
        ],
    }
    return [item]


# --- comparison across provinces ----------------------------------------------------------------------------------


@dataclass
class CompareRow:
    province: AdminUnit
    values: dict[int, Decimal | None]
    value: Decimal | None
    latest: tuple[int, Decimal] | None
    status: str
    target: Target | None
    source: str | None  # "province" or "national": whose target the status is measured against
    assessment: object = None
    former: list[AdminUnit] = field(default_factory=list)


STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


def comparison(indicator: Indicator, year: int) -> dict:
    """A national indicator in every current province, from the base year to ``year``: values (history entered
    against the former provinces is summed into today's ones by the roll-up), the status against the nearest
    milestone (the province's own issued target when it has one, else the national one, as ``progress_for``
    chooses) and the nation's value computed from the same parts. A fixed number of queries whatever the number
    of provinces; none while no value of those years, plan or reference data changed (``rollup_cache.cached``)."""
    return rollup_cache.cached(
        "comparison",
        (indicator.pk, year),
        lambda: _comparison(indicator, year),
        years=range(base_year(), year + 1),
    )


def _comparison(indicator: Indicator, year: int) -> dict:
    years = list(range(base_year(), year + 1))
    provinces = list(
        provinces_on(date.today()).prefetch_related(
            Prefetch("merged_from", queryset=AdminUnit.objects.prefetch_related("names").order_by("code"))
        )
    )
    ids = [p.pk for p in provinces]
    country = nation()
    series = primary_series(indicator)
    parts: dict[tuple[int, int], dict] = {}
    own_nation: dict[tuple[int, int], dict] = {}
    if series is not None:
        base = DataValue.objects.filter(series=series, year__in=years, option="")
        parts = parts_by_province(base, ids, years) if indicator.additive else own_parts(base, ids)
        own_nation = own_parts(base, [country.pk])
    milestone = nearest_milestone(year)
    national = {t.year: Target(t.year, t.comparator, t.value) for t in indicator.targets.all()}
    provincial = _milestone_targets(indicator, ids)
    rows = []
    source: str | None
    for province in provinces:
        values = {y: Rolled(indicator, province, y, parts.get((province.pk, y), {})).value() for y in years}
        observed = [(y, v) for y, v in values.items() if v is not None]
        target, source = provincial.get(province.pk, {}).get(milestone), "province"
        if target is None:
            target, source = national.get(milestone), "national"
        if target is None:
            source = None
        status, assessment = _status(indicator, observed, target)
        rows.append(
            CompareRow(
                province=province,
                values=values,
                value=values[year],
                latest=_latest(observed, year),
                status=status,
                target=target,
                source=source,
                assessment=assessment,
                former=list(province.merged_from.all()),
            )
        )
    nation_values = {}
    for y in years:
        totals: dict = defaultdict(Decimal)
        if indicator.additive:
            for pid in ids:
                for key, value in parts.get((pid, y), {}).items():
                    totals[key] += value
        totals.update(own_nation.get((country.pk, y), {}))
        nation_values[y] = Rolled(indicator, country, y, dict(totals)).value()
    nation_observed = [(y, v) for y, v in nation_values.items() if v is not None]
    nation_status, nation_assessment = _status(indicator, nation_observed, national.get(milestone))
    return {
        "years": years,
        "rows": rows,
        "milestone": milestone,
        "national_targets": [national[y] for y in sorted(national)],
        "provincial_targets": provincial,
        "nation": {
            "unit": country,
            "values": nation_values,
            "value": nation_values[year],
            "latest": _latest(nation_observed, year),
            "status": nation_status,
            "target": national.get(milestone),
            "assessment": nation_assessment,
        },
    }


def _milestone_targets(indicator: Indicator, province_ids: list[int]) -> dict[int, dict[int, Target]]:
    """province id → {milestone year: target} from the provinces' issued five-year plans (later versions win),
    as ``progress.selectors.provincial_targets`` reads them for one province. One query."""
    rows = (
        PlanTarget.objects.filter(
            plan_indicator__indicator=indicator,
            plan_indicator__plan__province_id__in=province_ids,
            plan_indicator__plan__status=PlanStatus.ISSUED,
            plan_indicator__plan__kind=PlanKind.FIVE_YEAR,
            year__in=MILESTONE_YEARS,
        )
        .values_list("plan_indicator__plan__province_id", "year", "comparator", "value")
        .order_by("plan_indicator__plan__version")
    )
    out: dict[int, dict[int, Target]] = defaultdict(dict)
    for province_id, target_year, comparator, value in rows:
        out[province_id][target_year] = Target(target_year, comparator, value)
    return dict(out)


def _status(
    indicator: Indicator, observed: list[tuple[int, Decimal]], target: Target | None
) -> tuple[str, Assessment | None]:
    try:
        assessment = assess(observed, direction=indicator.direction, target=target)
    except ConfigurationError:
        return NO_DATA, None
    return assessment.status, assessment


SORTS = ("code", "name", "value", "status")


def sort_rows(rows: list[CompareRow], key: str, descending: bool) -> list[CompareRow]:
    """Rows sorted by province code, name, value (provinces without one last) or status (best first)."""
    if key == "name":
        ordered = sorted(rows, key=lambda r: r.province.name, reverse=descending)
    elif key == "value":
        have = sorted(
            (r for r in rows if r.value is not None), key=lambda r: cast(Decimal, r.value), reverse=descending
        )
        ordered = have + [r for r in rows if r.value is None]
    elif key == "status":
        ordered = sorted(rows, key=lambda r: STATUS_ORDER.get(r.status, 99), reverse=descending)
    else:
        ordered = sorted(rows, key=lambda r: r.province.code, reverse=descending)
    return ordered


def comparison_charts(indicator: Indicator, data: dict, *, labels: dict[str, str]) -> list[dict]:
    """Small multiples: one chart per province with figures, the same targets in each (the national ones and the
    province's own), in the format of ``static/js/charts.js``."""
    from documents.charts import ChartSpec, chart_json

    national = [(t.year, t.comparator, t.value, labels["national"]) for t in data["national_targets"]]
    specs = []
    for row in data["rows"]:
        observed = [(y, v) for y, v in row.values.items() if v is not None]
        if not observed:
            continue
        own = data["provincial_targets"].get(row.province.pk, {})
        targets = national + [(y, t.comparator, t.value, labels["province"]) for y, t in sorted(own.items())]
        specs.append(
            ChartSpec(
                title=row.province.name,
                unit=unit_label(indicator.unit_label),
                series=observed,
                targets=targets,
            )
        )
    styles = {labels["national"]: "national", labels["province"]: "province"}
    items = chart_json(specs)
    for item in items:
        item["targets"] = [t + [styles.get(t[3], "")] for t in item["targets"]]
    return items


# --- plans and reports of every province ------------------------------------------------------------------------


NOT_STARTED, DRAFTING, ON_TIME, LATE, RETURNED, ACCEPTED = (
    "not_started",
    "drafting",
    "submitted_on_time",
    "submitted_late",
    "returned",
    "accepted",
)
REPORT_STATES = (NOT_STARTED, DRAFTING, ON_TIME, LATE, RETURNED, ACCEPTED)
REPORT_STATE_LABELS = {
    NOT_STARTED: _("Not started"),
    DRAFTING: _("Drafting"),
    ON_TIME: _("Submitted on time"),
    LATE: _("Submitted late"),
    RETURNED: _("Returned"),
    ACCEPTED: _("Accepted"),
}
REPORT_STATE_TONES = {
    NOT_STARTED: "",
    DRAFTING: "",
    ON_TIME: "ok",
    LATE: "warn",
    RETURNED: "bad",
    ACCEPTED: "ok",
}


@dataclass
class ReportState:
    state: str
    deadline: date
    report: Report | None = None
    submission: Submission | None = None

    @property
    def label(self) -> str:
        return str(REPORT_STATE_LABELS[self.state])

    @property
    def tone(self) -> str:
        return REPORT_STATE_TONES[self.state]

    @property
    def sent(self) -> bool:
        return self.submission is not None

    @property
    def overdue(self) -> bool:
        """Not sent and the deadline has passed."""
        return not self.sent and date.today() > self.deadline


def report_states(
    year: int, provinces: Iterable[AdminUnit], *, kind: str = ReportKind.ANNUAL
) -> dict[int, ReportState]:
    """province id → the state of its report of ``kind`` for ``year``: not started (nothing written), drafting
    (some text, nothing sent), submitted on time or late (waiting for the ministry), returned, accepted. Three
    queries whatever the number of provinces."""
    deadline = deadline_of(year)
    ids = [p.pk for p in provinces]
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(kind=kind, year=year, unit_id__in=ids).only(
            "id", "unit", "kind", "year", *NARRATIVE
        )
    }
    latest = submission_states(kind, year)
    out = {}
    for province in provinces:
        report, submission = reports.get(province.pk), latest.get(province.pk)
        if submission is not None:
            if submission.status == SubmissionStatus.ACCEPTED:
                state = ACCEPTED
            elif submission.status == SubmissionStatus.RETURNED:
                state = RETURNED
            else:
                state = ON_TIME if submission.on_time else LATE
        elif report is not None and any((getattr(report, name) or "").strip() for name in NARRATIVE):
            state = DRAFTING
        else:
            state = NOT_STARTED
        out[province.pk] = ReportState(state=state, deadline=deadline, report=report, submission=submission)
    return out


@dataclass
class PlanState:
    """The plans a province works to in a year: the annual plan for the year and the five-year plan covering it
    (the latest version of each that is not superseded)."""

    annual: Plan | None
    five_year: Plan | None
    deadline: date

    @property
    def annual_issued(self) -> bool:
        return self.annual is not None and self.annual.status == PlanStatus.ISSUED

    @property
    def overdue(self) -> bool:
        return not self.annual_issued and date.today() > self.deadline


def plan_states(year: int, provinces: Iterable[AdminUnit]) -> dict[int, PlanState]:
    """province id → its plans for ``year``. Two queries whatever the number of provinces."""
    ids = [p.pk for p in provinces]
    plans = (
        Plan.objects.filter(province_id__in=ids)
        .exclude(status=PlanStatus.SUPERSEDED)
        .filter(
            Q(kind=PlanKind.ANNUAL, start_year=year)
            | Q(kind=PlanKind.FIVE_YEAR, start_year__lte=year, end_year__gte=year)
        )
        .only(
            "id", "province_id", "kind", "start_year", "end_year", "version", "status", "issued_on", "title"
        )
        .order_by("version")
    )
    found: dict[tuple[int, str], Plan] = {}
    for plan in plans:
        found[(plan.province_id, plan.kind)] = plan  # later versions win
    deadline = plan_deadline_of(year)
    return {
        pid: PlanState(
            annual=found.get((pid, PlanKind.ANNUAL)),
            five_year=found.get((pid, PlanKind.FIVE_YEAR)),
            deadline=deadline,
        )
        for pid in ids
    }


# --- the ministry's deadline cockpit --------------------------------------------------------------------------------


@dataclass
class CockpitRow:
    province: AdminUnit
    plan: PlanState
    data: Completeness
    report: ReportState

    @property
    def overdue(self) -> bool:
        """Something the province owes is past its deadline: the annual plan not issued, or the report not sent.
        The one rule for the row's badges, the "Overdue" count and its filter."""
        return self.plan.overdue or self.report.overdue

    @property
    def next_deadline(self) -> date | None:
        """The earliest deadline of what the province has not done yet (the plan, the figures, the report)."""
        open_work = []
        if not self.plan.annual_issued:
            open_work.append(self.plan.deadline)
        if self.data.expected and self.data.entered < self.data.expected:
            open_work.append(self.data_deadline)
        if not self.report.sent:
            open_work.append(self.report.deadline)
        return min(open_work, default=None)

    data_deadline: date = date.max

    def urgency(self) -> tuple:
        """Overdue first, then the nearest deadline, then the province's name in the alphabet's order."""
        return (not self.overdue, self.next_deadline or date.max, vi_sort_key(short_name(self.province.name)))


@overload
def cockpit(year: int, *, stamped: Literal[False] = False) -> dict: ...
@overload
def cockpit(year: int, *, stamped: Literal[True]) -> tuple[dict, str | None]: ...
def cockpit(year: int, *, stamped: bool = False) -> dict | tuple[dict, str | None]:
    """Every current province for ``year``: its plans, how complete its figures are (national indicators at
    province level, ``completeness_by_province``) and the state of its annual report; the deadlines and what the
    whole country has done. About a dozen queries whatever the number of provinces, when a value, a plan or a
    report changed since the last time (``rollup_cache.cached``)."""
    return rollup_cache.cached("cockpit", (year,), lambda: _cockpit(year), years=[year], stamped=stamped)


def _cockpit(year: int) -> dict:
    data = completeness_by_province(year)
    provinces = [p for p, _c in data]
    plans = plan_states(year, provinces)
    reports = report_states(year, provinces)
    data_deadline = data_deadline_of(year)
    rows = sorted(
        (CockpitRow(p, plans[p.pk], c, reports[p.pk], data_deadline=data_deadline) for p, c in data),
        key=CockpitRow.urgency,
    )
    today = date.today()
    deadline = deadline_of(year)
    expected = sum(r.data.expected for r in rows)
    entered = sum(r.data.entered for r in rows)
    by_state = Counter(r.report.state for r in rows)
    return {
        "year": year,
        "rows": rows,
        "today": today,
        "deadline": deadline,
        "days_left": (deadline - today).days,
        "days_over": max(0, (today - deadline).days),
        "plan_deadline": plan_deadline_of(year),
        "data_deadline": data_deadline,
        "report_counts": [(s, REPORT_STATE_LABELS[s], by_state[s]) for s in REPORT_STATES],
        "sent": sum(1 for r in rows if r.report.sent),
        "overdue": sum(1 for r in rows if r.overdue),
        "reports_overdue": sum(1 for r in rows if r.report.overdue),
        "plans_issued": sum(1 for r in rows if r.plan.annual_issued),
        "plans_overdue": sum(1 for r in rows if r.plan.overdue),
        "five_year_issued": sum(
            1 for r in rows if r.plan.five_year is not None and r.plan.five_year.status == PlanStatus.ISSUED
        ),
        "data_share": Decimal(100) * entered / expected if expected else None,
        "data_complete": sum(1 for r in rows if r.data.expected and r.data.entered >= r.data.expected),
        "total": len(rows),
    }


def filter_rows(rows: list[CockpitRow], state: str) -> list[CockpitRow]:
    """Rows whose report is in ``state``; "overdue" for the rows owing something past its deadline
    (``CockpitRow.overdue``, as the count beside the filter says); all for ""."""
    if state == "overdue":
        return [r for r in rows if r.overdue]
    if state in REPORT_STATES:
        return [r for r in rows if r.report.state == state]
    return rows


# --- one province: its plan, data and report, and what each department still owes ------------------------------------


@dataclass
class Owed:
    """A part an agency still owes: missing for some sexes, returned for correction, or entered but not sent."""

    indicator: Indicator
    part: object
    state: str  # "missing", "returned" or "entered"
    sexes: list[str]


@dataclass
class AgencyDebt:
    agency: Agency | None
    completeness: Completeness
    owed: list[Owed] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)

    @property
    def owes_anything(self) -> bool:
        return bool(self.owed or self.tasks)


OWED_ORDER = {"missing": 0, "returned": 1, "entered": 2}


def agency_debts(province: AdminUnit, year: int) -> list[AgencyDebt]:
    """Per agency of ``province`` (and a row for parts no agency is assigned): the cells of ``year`` expected of it
    (assigned parts × sexes, as ``completeness_by_agency`` counts them), entered by status, late, and what it still
    owes: parts missing, returned or entered but not yet sent, and the tasks it leads in the plan for the year
    with no progress reported in the year. A fixed number of queries whatever the number of agencies."""
    assigned = assignments_of(province)
    parts = list(province_parts(province))
    deadline = data_deadline_of(year)
    stored: dict[tuple[int, str, str], tuple[str, bool]] = {}
    rows = DataValue.objects.filter(unit=province, year=year, option="", series__is_primary=True).values_list(
        "series__indicator_id", "part", "sex", "status", "updated_at"
    )
    for indicator_id, kind, sex, status, updated_at in rows:
        stored[(indicator_id, kind, sex)] = (status, updated_at.date() > deadline)
    debts: dict[int | None, AgencyDebt] = {}
    for part in parts:
        agency = assigned.get(part.pk)
        key = agency.pk if agency else None
        debt = debts.setdefault(
            key, AgencyDebt(agency=agency, completeness=Completeness(label=agency.name if agency else "—"))
        )
        c = debt.completeness
        waiting: dict[str, list[str]] = defaultdict(list)
        for sex in sexes_of(part.indicator):
            c.expected += 1
            found = stored.get((part.indicator_id, part.kind, sex))
            if found is None:
                waiting["missing"].append(sex)
                continue
            status, late = found
            c.counts[status] = c.counts.get(status, 0) + 1
            c.late += late
            if status in ("returned", "entered"):
                waiting[status].append(sex)
        for state, sexes in waiting.items():
            debt.owed.append(Owed(indicator=part.indicator, part=part, state=state, sexes=sexes))
    for debt in debts.values():
        debt.owed.sort(key=lambda o: OWED_ORDER[o.state])
    for task in _tasks_owing_progress(province, year):
        debt = debts.setdefault(
            task.lead_agency_id,
            AgencyDebt(agency=task.lead_agency, completeness=Completeness(label=task.lead_agency.name)),
        )
        debt.tasks.append(task)
    return sorted(debts.values(), key=lambda d: (d.agency is None, d.completeness.label))


def _tasks_owing_progress(province: AdminUnit, year: int) -> list[Task]:
    """Tasks of the plan in force for ``year`` (its annual plan, else the five-year plan) running that year that
    have no progress reported in the year and are not finished."""
    from plans.selectors import plan_for_year

    plan = plan_for_year(province=province, year=year)
    if plan is None:
        return []
    tasks = (
        plan.tasks.select_related("lead_agency", "lead_agency__kind")
        .prefetch_related(
            "lead_agency__names",
            Prefetch("progress", queryset=TaskProgress.objects.order_by("reported_on", "id")),
        )
        .filter(Q(start_date__isnull=True) | Q(start_date__year__lte=year))
        .filter(Q(end_date__isnull=True) | Q(end_date__year__gte=year))
        .order_by("order", "id")
    )
    owing = []
    for task in tasks:
        updates = list(task.progress.all())
        if any(u.reported_on.year == year for u in updates):
            continue
        if updates and updates[-1].percent >= 100:
            continue
        owing.append(task)
    return owing


def province_summary(province: AdminUnit, year: int) -> dict:
    """A province's plan, figures and report for ``year``, for its overview and the cockpit's drill-down: kept
    until its values of the year, the work or reference data change (``rollup_cache.cached``)."""
    return rollup_cache.cached(
        "province-summary",
        (province.pk, year),
        lambda: _province_summary(province, year),
        years=[year],
        province=province.pk,
    )


def _province_summary(province: AdminUnit, year: int) -> dict:
    debts = agency_debts(province, year)
    expected = sum(d.completeness.expected for d in debts)
    entered = sum(d.completeness.entered for d in debts)
    counts: Counter = Counter()
    for d in debts:
        counts.update(d.completeness.counts)
    return {
        "plan": plan_states(year, [province])[province.pk],
        "report": report_states(year, [province])[province.pk],
        "debts": debts,
        "data": {
            "expected": expected,
            "entered": entered,
            "share": Decimal(100) * entered / expected if expected else None,
            "counts": dict(counts),
            "late": sum(d.completeness.late for d in debts),
            "deadline": data_deadline_of(year),
        },
    }


def nation_summary(year: int) -> dict:
    """The country's plans, figures and reports for ``year`` (the cockpit's totals), for the national overview."""
    return cockpit(year)


def province_or_none(code: str) -> AdminUnit | None:
    """A current province by its code, with its names; None for any other code."""
    return provinces_on(date.today()).filter(code=code).first()


def unit_for_dashboard(code: str) -> AdminUnit | None:
    """The nation for "VN", else a current province."""
    return nation() if code.upper() == "VN" else province_or_none(code)


def is_nation(unit: AdminUnit) -> bool:
    return unit.level == Level.NATION


# --- at a glance: the charts that open an overview, the ministry's tile grid, the ranked comparison ----------------

# Colours of the statuses in the charts: greens for good, ambers for slow, reds for bad, grey for no data. A status
# the method adds later gets the neutral blue until it is given one; every chart says the status's name too.
STATUS_COLOURS = {
    "achieved": "#1e7a3c",
    "on_track": "#6fb57f",
    "needs_acceleration": "#e3a008",
    "limited": "#f3cd6b",
    "deteriorating": "#d9534f",
    "target_missed": "#8e1b12",
    "single_value": "#7aa5d8",  # one value: trend unknown (the badge's blue)
    "no_data": "#c3c9d1",
}
OTHER_COLOUR = "#5b8fc7"


def _statuses_in_order() -> list[str]:
    """The method's statuses in its order (the labels' own order for any status it names beyond them)."""
    return list(dict.fromkeys([*STATUSES, *STATUS_LABELS]))


def status_legend() -> list[dict]:
    """[{status, label, colour}] of every status, in the method's order, in the page's language."""
    return [
        {"status": s, "label": status_text(s), "colour": STATUS_COLOURS.get(s, OTHER_COLOUR)}
        for s in _statuses_in_order()
    ]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def glance_statuses(rows: list[OverviewRow]) -> dict:
    """The statuses of a unit's indicators by objective, for one stacked bar chart: the objectives (rows of the
    table too), and for each status somebody has, how many indicators of each objective have it."""
    objectives = {r.indicator.objective.number: r.indicator.objective for r in rows}
    counts = Counter((r.indicator.objective.number, r.status) for r in rows)
    numbers = sorted(objectives)
    legend = [item for item in status_legend() if any(counts[(n, item["status"])] for n in numbers)]
    return {
        "kind": "status-bars",
        "objectives": [
            {"number": n, "label": str(_("Objective %(n)s") % {"n": n}), "name": objectives[n].name}
            for n in numbers
        ],
        "series": [{**item, "data": [counts[(n, item["status"])] for n in numbers]} for item in legend],
        "totals": [sum(counts[(n, item["status"])] for item in legend) for n in numbers],
    }


def glance_trends(rows: list[OverviewRow]) -> dict:
    """Each indicator with values, its series and the target its status is measured against, for small
    multiples (sparklines); the codes of those without a value apart."""
    items = []
    for r in rows:
        series = [(y, v) for y, v in r.progress["series"] if v is not None]
        if not series:
            continue
        main = r.main
        target = None
        for t, source in zip(r.progress["targets"], r.progress["target_sources"], strict=True):
            if t.year == main.get("target_year") and source == main.get("source"):
                target = t
        items.append(
            {
                "code": r.indicator.code,
                "name": r.indicator.name,
                "unit": unit_label(r.indicator.unit_label),
                "series": [[y, float(v)] for y, v in series],
                "target": (
                    {"year": target.year, "comparator": target.comparator, "value": float(target.value)}
                    if target is not None
                    else None
                ),
                "status": r.status,
                "colour": STATUS_COLOURS.get(r.status, OTHER_COLOUR),
            }
        )
    years = sorted({y for item in items for y, _v in item["series"]})
    return {
        "kind": "sparklines",
        "items": items,
        "years": years,
        "without": [
            r.indicator.code for r in rows if not any(v is not None for _y, v in r.progress["series"])
        ],
    }


def glance_funding(unit: AdminUnit, year: int) -> dict:
    """A province's (or, for the nation, every province's) amounts planned, allocated and spent in ``year`` by
    funding source (``plans.funding``), kept until the plans or the year's data change."""
    from plans import funding

    def compute() -> dict:
        if is_nation(unit):
            by_source = funding.funding_totals_nation(year)["by_source"]
        else:
            by_source = funding.funding_totals(unit, year)["by_source"]
        return {
            "kind": "funding",
            "sources": [
                {
                    "source": s["source"],
                    "label": s["label"],
                    "planned": int(s["planned"]) if s["planned"] is not None else None,
                    "allocated": int(s["allocated"]) if s["allocated"] is not None else None,
                    "spent": int(s["spent"]) if s["spent"] is not None else None,
                }
                for s in by_source
            ],
        }

    from plans.models import FundingSource

    result = rollup_cache.cached(
        "glance-funding", (unit.pk, year), compute, years=[year], province=rollup_cache.scope_of(unit)
    )
    # the sources' names in the page's language (plans.funding names them in Vietnamese, as documents do)
    sources = [{**s, "label": str(FundingSource(s["source"]).label)} for s in result["sources"]]
    return {
        **result,
        "sources": sources,
        "any": any(s[k] for s in sources for k in ("planned", "allocated", "spent")),
    }


def glance_completeness(unit: AdminUnit, summary: dict) -> dict:
    """How complete the year's figures are: by department for a province (``agency_debts`` in its summary), by
    province for the nation (the cockpit's rows), the least complete first."""
    items = []
    if is_nation(unit):
        for row in summary["rows"]:
            c = row.data
            items.append({"label": row.province.name, "expected": c.expected, "entered": c.entered})
    else:
        for debt in summary["debts"]:
            c = debt.completeness
            label = c.label if debt.agency is not None else str(_("Not assigned to a department"))
            items.append({"label": label, "expected": c.expected, "entered": c.entered})
    items = [i for i in items if i["expected"]]
    for i in items:
        i["share"] = round(100 * i["entered"] / i["expected"], 1)
    items.sort(key=lambda i: (i["share"], i["label"]))
    return {"kind": "completeness", "items": items}


def vi_sort_key(text: str) -> tuple[str, str]:
    """A key that orders Vietnamese names as the alphabet does: letters without their tone and vowel marks first
    (Đ just after D), then the marks."""
    import unicodedata

    plain = "".join(
        c
        for c in unicodedata.normalize("NFD", text.replace("Đ", "D~").replace("đ", "d~"))
        if not unicodedata.combining(c)
    )
    return plain.casefold(), text


def short_name(name: str) -> str:
    """A province's name without "Tỉnh" or "Thành phố", for a tile: "Tỉnh Tây Ninh" → "Tây Ninh"."""
    for prefix in ("Thành phố ", "Tỉnh ", "TP. "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def tile_positions() -> dict[str, tuple[int, int]]:
    """Province code → (row, column) of its tile in the tile grid, north at the top: ``dashboards/data/tiles.csv``,
    an editable file (one line a province of today)."""
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parent / "data" / "tiles.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: (int(row["row"]), int(row["col"])) for row in csv.DictReader(handle)}


def tile_grid(indicator: Indicator, year: int) -> dict:
    """The 34 provinces as tiles placed by their geography, each with its value of ``indicator`` for ``year``
    and its status (``comparison``: cached, a fixed number of queries); provinces without a tile position are
    listed apart so that none is lost."""
    data = comparison(indicator, year)
    positions = tile_positions()
    tiles, unplaced = [], []
    for r in data["rows"]:
        item = {
            "code": r.province.code,
            "name": r.province.name,
            "short": short_name(r.province.name),
            "value": _number(r.value),
            "status": r.status,
            "status_label": status_text(r.status),
            "colour": STATUS_COLOURS.get(r.status, OTHER_COLOUR),
        }
        if r.province.code in positions:
            item["row"], item["col"] = positions[r.province.code]
            tiles.append(item)
        else:
            unplaced.append(item)
    tiles.sort(key=lambda t: vi_sort_key(t["short"]))
    return {
        "kind": "tiles",
        "indicator": {
            "code": indicator.code,
            "name": indicator.name,
            "unit": unit_label(indicator.unit_label),
        },
        "tiles": tiles,
        "unplaced": unplaced,
        "legend": [item for item in status_legend() if any(t["status"] == item["status"] for t in tiles)],
        "rows": max((t["row"] for t in tiles), default=0) + 1,
        "cols": max((t["col"] for t in tiles), default=0) + 1,
    }


def ranked(indicator: Indicator, data: dict) -> dict:
    """The provinces with a value for the year, the best first (the highest, or the lowest for an indicator where
    lower is better), with the national target of the milestone as a line; the provinces without one apart."""
    sign = 1 if indicator.direction == "decrease" else -1
    have = sorted(
        (r for r in data["rows"] if r.value is not None),
        key=lambda r: (sign * cast(Decimal, r.value), vi_sort_key(r.province.name)),
    )
    target = data["nation"]["target"]
    return {
        "kind": "ranked",
        "unit": unit_label(indicator.unit_label),
        "bars": [
            {
                "code": r.province.code,
                "name": short_name(r.province.name),
                "value": float(cast(Decimal, r.value)),
                "status": r.status,
                "colour": STATUS_COLOURS.get(r.status, OTHER_COLOUR),
            }
            for r in have
        ],
        "target": (
            {"year": target.year, "comparator": target.comparator, "value": float(target.value)}
            if target
            else None
        ),
        "nation": _number(data["nation"]["value"]),
        "legend": [item for item in status_legend() if any(r.status == item["status"] for r in have)],
    }


def without_values(data: dict) -> list[AdminUnit]:
    """The provinces with no value of the comparison's year, by name."""
    return sorted(
        (r.province for r in data["rows"] if r.value is None), key=lambda p: vi_sort_key(short_name(p.name))
    )
