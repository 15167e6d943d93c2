"""Section I.2 and Annex I: each indicator's values against its national and provincial targets, with its
status and the inputs the status was computed from (``progress.method``); the charts of the main ones.

A value is the roll-up of ``datavalues.selectors``: parts summed over the units below, then the formula, so ratios
are never averaged."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString

from agencies.models import Agency
from datavalues.selectors import Rolled, assignments_of
from documents.charts import ChartSpec, indicator_charts_png
from documents.official import Figure, Table
from indicators.models import MILESTONE_YEARS, Indicator, NationalTarget
from lib.exporters import NUMBER, Sheet
from plans.models import PlanTarget
from progress.labels import effective_status, source_vi, status_vi
from progress.method import STATUSES, Assessment, Target
from progress.selectors import progress_for
from reports.models import REVIEW_YEARS, ReportKind
from reports.sections.base import AnnexPart, BuildContext, PageContext, Section
from reports.sections.text import bar, fmt, is_national, number, period_of, shown_years, subject_of, unit_of
from units.models import AdminUnit, Level

SEX_VI = {"total": "Tổng số", "female": "Nữ", "male": "Nam"}
PART_ORDER = {"numerator": 0, "denominator": 1, "value": 2}
ORDER = STATUSES


def num(value: Decimal | float | str | None) -> str | None:
    """A decimal as an exact string, rounded to 4 places (ratios have long expansions); None stays None."""
    if value is None:
        return None
    value = Decimal(value)
    if value != value.to_integral_value():
        value = value.quantize(Decimal("0.0001"))
    return f"{value.normalize():f}"


# --- building -------------------------------------------------------------------------------------------------------


def _target(target: NationalTarget | PlanTarget | Target | None) -> list[str | None] | None:
    return None if target is None else [target.comparator, num(target.value)]


def _inputs(assessment: Assessment) -> dict:
    """What the status was computed from (progress.method's Assessment), JSON-safe."""
    a = assessment
    return {
        "method": a.method,
        "t0": a.t0,
        "y0": num(a.y0),
        "tc": a.tc,
        "yc": num(a.yc),
        "target": None if a.target is None else [a.target.year, a.target.comparator, num(a.target.value)],
        "direction": a.direction,
        "observed": num(a.observed),
        "required": num(a.required),
        "ratio": num(a.ratio),
        "flags": list(a.flags),
        "reason": a.reason,
    }


def _status(entry: dict | None) -> dict:
    if entry is None:
        return {"status": "no_data", "label": status_vi("no_data"), "target_year": None, "source": None}
    return {
        "status": entry["status"],
        "label": status_vi(entry["status"], entry["assessment"]),
        "target_year": entry["target_year"],
        "source": entry["source"],
        "source_label": source_vi(entry["source"]) if entry["source"] else "",
        "inputs": _inputs(entry["assessment"]),
    }


def _parts(indicator: Indicator, rolled: dict[int, Rolled], years: list[int]) -> list[dict]:
    """The parts behind a value (numerator and denominator of a ratio), by sex, for the years shown."""
    names = {p.kind: p.name_vi for p in indicator.parts.all()}
    sexes = ["total", "female", "male"] if indicator.by_sex else ["total"]
    rows = []
    for kind in sorted(names, key=lambda k: PART_ORDER.get(k, 9)):
        for sex in sexes:
            values = {str(y): num(rolled[y].parts.get((kind, sex))) if y in rolled else None for y in years}
            rows.append(
                {"part": kind, "name": names[kind], "sex": sex, "sex_label": SEX_VI[sex], "values": values}
            )
    return rows


def _agency_names(indicator: Indicator, assigned: dict[int, Agency | None]) -> str:
    names = []
    for part in indicator.parts.all():
        agency = assigned.get(part.pk)
        if agency is not None and agency.name not in names:
            names.append(agency.name)
    return ", ".join(names) or indicator.usual_provider


def _plan_baselines(province: AdminUnit) -> dict[int, dict]:
    """indicator id → the baseline the 2021-2025 plan recorded, for reviews when no 2020 value was entered."""
    from plans.models import PlanIndicator, PlanKind, PlanStatus

    rows = (
        PlanIndicator.objects.filter(
            plan__province=province,
            plan__kind=PlanKind.FIVE_YEAR,
            plan__start_year=2021,
            baseline_value__isnull=False,
        )
        .exclude(plan__status=PlanStatus.SUPERSEDED)
        .order_by("plan__version")
    )
    return {
        pi.indicator_id: {"year": pi.baseline_year, "value": num(pi.baseline_value), "source": "plan"}
        for pi in rows
    }


def _main_status(row: dict, kind: str) -> dict:
    """The status the report leads with: the year's, or for a review the milestone's (the province's target
    first)."""
    if kind == ReportKind.ANNUAL:
        main = row["main"]
        return _status(main) if main["target_year"] else _status(main | {"source": None})
    milestone = REVIEW_YEARS[ReportKind(kind)]
    pick = next(
        (s for s in row["statuses"] if s["target_year"] == milestone and s["source"] == "province"), None
    ) or next(
        (s for s in row["statuses"] if s["target_year"] == milestone and s["source"] == "national"), None
    )
    return _status(pick) if pick else _status(row["main"] | {"source": None, "target_year": None})


def indicator_rows(unit: AdminUnit, kind: str, year: int) -> list[dict]:
    base_year = getattr(settings, "STRATEGY_BASE_YEAR", 2020)
    province = unit if unit.level == Level.PROVINCE else None
    assigned = assignments_of(province) if province is not None else {}
    shown = [year - 1, year] if kind == ReportKind.ANNUAL else [base_year, year]
    baselines = _plan_baselines(province) if province is not None and kind != ReportKind.ANNUAL else {}
    rows = []
    for row in progress_for(unit, year):
        indicator: Indicator = row["indicator"]
        rolled: dict[int, Rolled] = row["rolled"]
        values = {str(y): num(rolled[y].value()) if y in rolled else None for y in shown}
        national = {str(t.year): _target(t) for t in sorted(indicator.targets.all(), key=lambda t: t.year)}
        provincial = {
            str(t.year): _target(t)
            for t, source in sorted(
                zip(row["targets"], row["target_sources"], strict=True), key=lambda p: p[0].year
            )
            if source != "national"
        }
        baseline = None
        if kind != ReportKind.ANNUAL:
            if values.get(str(base_year)) is not None:
                baseline = {"year": base_year, "value": values[str(base_year)], "source": "data"}
            elif indicator.pk in baselines:
                baseline = baselines[indicator.pk]
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name_vi.strip(),
                "objective": indicator.objective.number if indicator.objective_id else None,
                "objective_name": indicator.objective.name_vi.strip() if indicator.objective_id else "",
                "local": indicator.province_id is not None,
                "unit": indicator.unit_label,
                "direction": indicator.direction,
                "yes_no": indicator.unit_label == "yes/no",
                "national_targets": national,
                "province_targets": provincial,
                "values": values,
                "baseline": baseline,
                "series": [[y, num(v)] for y, v in row["series"]],
                "status": _main_status(row, kind),
                "statuses": [_status(s) for s in row["statuses"]],
                "agency": _agency_names(indicator, assigned)
                if province is not None
                else indicator.usual_provider,
                "parts": _parts(indicator, rolled, shown),
            }
        )
    return rows


# --- charts ---------------------------------------------------------------------------------------------------------


def chart_specs(snapshot: dict, limit: int = 6) -> list[ChartSpec]:
    """The main indicators (the national ones with data, first of each objective first) against their targets."""
    rows = [r for r in snapshot["indicators"] if not r["local"] and r["series"] and not r["yes_no"]]
    firsts: list[dict] = []
    rest: list[dict] = []
    seen: set[int | None] = set()
    for row in rows:
        (rest if row["objective"] in seen else firsts).append(row)
        seen.add(row["objective"])
    specs = []
    for row in (firsts + rest)[:limit]:
        targets: list[tuple[int, str, Decimal | float, str]] = [
            (int(y), t[0], Decimal(t[1]), "Quốc gia") for y, t in sorted(row["national_targets"].items()) if t
        ]
        targets += [
            (int(y), t[0], Decimal(t[1]), "Tỉnh")
            for y, t in sorted(row["province_targets"].items())
            if t and int(y) in MILESTONE_YEARS
        ]
        specs.append(
            ChartSpec(
                title=f"{row['code']}. {row['name']}",
                unit=unit_of(row),
                series=[(y, Decimal(v)) for y, v in row["series"]],
                targets=targets,
            )
        )
    return specs


_DRAWN: OrderedDict[str, bytes] = OrderedDict()


def charts_png(specs: list[ChartSpec]) -> bytes:
    """The same figures draw the same picture (charts are deterministic), so a process keeps the last few."""
    key = repr(specs)
    if key in _DRAWN:
        _DRAWN.move_to_end(key)
        return _DRAWN[key]
    png = _DRAWN[key] = indicator_charts_png(specs)
    while len(_DRAWN) > 16:
        _DRAWN.popitem(last=False)
    return png


def charts_kept() -> int:
    """How many pictures the process keeps (the bench checks it draws afresh)."""
    return len(_DRAWN)


def forget_charts() -> None:
    """Drop the pictures the process keeps, so the next document draws its charts (the bench's first run)."""
    _DRAWN.clear()


# --- the section ----------------------------------------------------------------------------------------------------


def status_summary(rows: list[dict]) -> str:
    counts: dict[str, int] = {}
    for row in rows:
        code = effective_status(row["status"]["status"], row["status"].get("inputs"))
        counts[code] = counts.get(code, 0) + 1
    parts = [f"{counts[s]} chỉ tiêu {status_vi(s).lower()}" for s in ORDER if counts.get(s)]
    return f"Trong {len(rows)} chỉ tiêu được theo dõi: " + "; ".join(parts) + "."


def _indicator_line(row: dict, year: int) -> str:
    """One indicator: this period's value against its target, with the status."""
    value = row["values"].get(str(year))
    name = row["name"].rstrip(".")
    if value is None:
        return f"- {row['code']}. {name}: chưa có số liệu năm {year}."
    unit = unit_of(row)
    shown = fmt(value, yes_no=row["yes_no"])
    if not row["yes_no"]:
        shown += unit if unit == "%" else f" {unit}"
    status = row["status"]
    against = ""
    if status.get("target_year"):
        targets = row["province_targets"] if status.get("source") == "province" else row["national_targets"]
        goal = bar(targets.get(str(status["target_year"])), yes_no=row["yes_no"])
        against = f", so với chỉ tiêu năm {status['target_year']} ({goal})"
    label = status_vi(status["status"], status.get("inputs")) if status.get("inputs") else status["label"]
    return f"- {row['code']}. {name}: năm {year} đạt {shown}{against}: {label[0].lower()}{label[1:]}."


def _without_data_line(rows: list[dict], year: int) -> str:
    """ "- Chưa có số liệu năm 2026 của 3 chỉ tiêu: M3.1, M4.2 và M5.2 (tên chỉ tiêu tại Phụ lục I)." """
    codes = [row["code"] for row in rows]
    listed = codes[0] if len(codes) == 1 else ", ".join(codes[:-1]) + " và " + codes[-1]
    count = "chỉ tiêu" if len(codes) == 1 else f"{len(codes)} chỉ tiêu"
    return f"- Chưa có số liệu năm {year} của {count}: {listed} (tên chỉ tiêu tại Phụ lục I)."


def _baseline_text(row: dict) -> str:
    """A review's starting point: the 2020 value from the data, else the baseline the 2021-2025 plan recorded."""
    baseline = row.get("baseline")
    if not baseline:
        return "-"
    text = fmt(baseline["value"], yes_no=row["yes_no"])
    return f"{text} ({baseline['year']})" if baseline.get("year") else text


class IndicatorsSection(Section):
    key = "indicators"
    chapter = "I"
    heading = "Kết quả thực hiện các chỉ tiêu"
    template = "reports/sections/indicators.html"

    def build(self, ctx: BuildContext) -> dict[str, Any]:
        return {"indicators": indicator_rows(ctx.unit, ctx.kind, ctx.year)}

    def paragraphs(self, snapshot: dict) -> list[str]:
        """The summary, a line for each indicator with a value this period, then one line naming those without
        (rather than the same sentence for each)."""
        rows, year = snapshot["indicators"], snapshot["year"]
        summary = status_summary(rows) if rows else "Chưa có chỉ tiêu nào được theo dõi."
        measured = [row for row in rows if row["values"].get(str(year)) is not None]
        lines = [summary, *(_indicator_line(row, year) for row in measured)]
        if len(measured) < len(rows):
            lines.append(_without_data_line([row for row in rows if row not in measured], year))
        return lines

    def figures(self, snapshot: dict) -> list[Figure]:
        specs = chart_specs(snapshot)
        if not specs:
            return []
        return [
            Figure(
                png=charts_png(specs),
                width_cm=16.0,
                caption="Hình 1. Một số chỉ tiêu chủ yếu so với chỉ tiêu năm 2025 và năm 2030",
            )
        ]

    def annexes(self, snapshot: dict) -> list[AnnexPart]:
        title = f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU BÌNH ĐẲNG GIỚI {period_of(snapshot).upper()}"
        return [AnnexPart(title=title, table=self._table(snapshot))]

    def _table(self, snapshot: dict) -> Table:
        annual = snapshot["kind"] == "annual"
        first, second = shown_years(snapshot)
        national = is_national(snapshot)
        columns = [
            "TT",
            "Chỉ tiêu",
            "Đơn vị tính",
            *(f"Chỉ tiêu quốc gia {y}" for y in MILESTONE_YEARS),
            *(() if national else (f"Chỉ tiêu tỉnh {y}" for y in MILESTONE_YEARS)),
            f"Kết quả năm {first}" if annual else "Giá trị cơ sở (năm)",
            f"Kết quả năm {second}",
            "Đánh giá",
            "Cơ quan cung cấp số liệu",
        ]
        rows = []
        for n, row in enumerate(snapshot["indicators"], start=1):
            yn = row["yes_no"]
            status = row["status"]
            assessment = status["label"]
            if status.get("target_year"):
                against = "tỉnh" if status.get("source") == "province" else "quốc gia"
                assessment += f" (so với chỉ tiêu {against} {status['target_year']})"
            rows.append(
                [
                    str(n),
                    f"{row['code']}. {row['name']}",
                    unit_of(row),
                    *(bar(row["national_targets"].get(str(y)), yes_no=yn) for y in MILESTONE_YEARS),
                    *(
                        ()
                        if national
                        else (bar(row["province_targets"].get(str(y)), yes_no=yn) for y in MILESTONE_YEARS)
                    ),
                    fmt(row["values"].get(str(first)), yes_no=yn) if annual else _baseline_text(row),
                    fmt(row["values"].get(str(second)), yes_no=yn),
                    assessment,
                    row["agency"],
                ]
            )
        targets = 2 if national else 4
        widths = [1.0, 6.2, 1.9, *([1.6] * targets), 1.8, 1.8, 3.0, 3.4]
        align = ["center", "left", "center", *(["center"] * targets), "right", "right", "left", "left"]
        return Table(columns=columns, rows=rows, widths_cm=widths, landscape=True, align=align)

    def sheets(self, snapshot: dict) -> list[Sheet]:
        national = is_national(snapshot)
        annual = snapshot["kind"] == "annual"
        first, second = shown_years(snapshot)
        columns = [
            "TT",
            "Mã",
            "Chỉ tiêu",
            "Đơn vị tính",
            *(f"Chỉ tiêu quốc gia {y}" for y in MILESTONE_YEARS),
            *(() if national else (f"Chỉ tiêu tỉnh {y}" for y in MILESTONE_YEARS)),
            *((f"Kết quả năm {first}",) if annual else ("Giá trị cơ sở", "Năm cơ sở")),
            f"Kết quả năm {second}",
            "Đánh giá",
            "So với chỉ tiêu",
            "Cơ quan cung cấp số liệu",
        ]
        widths = [
            5,
            8,
            60,
            12,
            *([12] * (2 if national else 4)),
            *([12] if annual else [12, 10]),
            12,
            22,
            22,
            36,
        ]
        values = 4 + (2 if national else 4)  # the column before the first value
        numbers = [values + 1, values + 2] if annual else [values + 1, values + 3]  # not the base year

        def rows() -> Iterator[list]:
            for n, row in enumerate(snapshot["indicators"], start=1):
                yn = row["yes_no"]
                status = row["status"]
                against = ""
                if status.get("target_year"):
                    against = f"{status.get('source_label', '')} {status['target_year']}".strip()
                baseline = row.get("baseline") or {}
                yield [
                    n,
                    row["code"],
                    row["name"],
                    unit_of(row),
                    *(bar(row["national_targets"].get(str(y)), yes_no=yn) for y in MILESTONE_YEARS),
                    *(
                        ()
                        if national
                        else (bar(row["province_targets"].get(str(y)), yes_no=yn) for y in MILESTONE_YEARS)
                    ),
                    *(
                        (number(row["values"].get(str(first))),)
                        if annual
                        else (number(baseline.get("value")), baseline.get("year"))
                    ),
                    number(row["values"].get(str(second))),
                    status["label"],
                    against,
                    row["agency"],
                ]

        return [
            Sheet(
                name="Chỉ tiêu",
                headers=columns,
                rows=rows(),
                widths=widths,
                formats=dict.fromkeys(numbers, NUMBER),
                wrap=[3, len(columns)],
                title=[
                    f"Báo cáo: {subject_of(snapshot)}",
                    f"Kỳ báo cáo: {period_of(snapshot)}. Số liệu lấy ngày {snapshot['assembled_at'][:10]}.",
                ],
            )
        ]

    def html(self, page: PageContext) -> SafeString:
        from documents.charts import chart_json

        page.extra.setdefault("charts", chart_json(chart_specs(page.snapshot)))
        return super().html(page)
