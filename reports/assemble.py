"""A report's contents read from the data: one JSON-safe dictionary (the "snapshot") that the page, the Word
document, the PDF and the Excel annex are all drawn from, and that a submission freezes as it is.

Numbers are strings of decimals (exact, never floats). A value is the roll-up of ``datavalues.selectors``: parts
summed over the units below, then the formula, so ratios are never averaged. Each status comes with the inputs of
``progress.method`` that produced it.

Kinds: ``annual`` (the year and the one before it, against the annual and milestone targets), ``midterm`` (2025,
since the 2020 baseline, against the 2025 targets) and ``final`` (2030, against the 2030 targets). The unit is a
province, or the nation for the ministry's consolidation (each indicator by province, the provinces that have not
submitted or have no data)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from agencies.models import Agency
from communication.selectors import communication_summary
from datavalues.models import DataValue
from datavalues.selectors import Rolled, assignments_of, parts_by_province, primary_series
from indicators.models import Indicator
from plans.models import FundingSource, Plan, PlanKind, PlanStatus, Task
from plans.selectors import derived_value, plan_tasks
from progress.labels import source_vi, status_vi
from progress.method import ConfigurationError, Target, assess
from progress.selectors import cached_to_year, nearest_milestone, progress_for
from reports.content import SCHEMA, build
from reports.models import REVIEW_YEARS, Report, ReportKind, Submission
from units.models import AdminUnit, Level

NARRATIVE = ("achievements", "shortcomings", "causes", "communication", "inspections", "recommendations")
SEX_VI = {"total": "Tổng số", "female": "Nữ", "male": "Nam"}
PART_ORDER = {"numerator": 0, "denominator": 1, "value": 2}


def num(value) -> str | None:
    """A decimal as an exact string, rounded to 4 places (ratios have long expansions); None stays None."""
    if value is None:
        return None
    value = Decimal(value)
    if value != value.to_integral_value():
        value = value.quantize(Decimal("0.0001"))
    return f"{value.normalize():f}"


def _target(target: Target | None):
    return None if target is None else [target.comparator, num(target.value)]


def _inputs(assessment) -> dict:
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
        "label": status_vi(entry["status"]),
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


def _indicator_rows(unit: AdminUnit, kind: str, year: int) -> list[dict]:
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
        if province is not None and indicator.derivation == "programme_register":
            values = {str(y): num(derived_value(indicator, province, y)) for y in shown}
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
        statuses = [_status(s) for s in row["statuses"]]
        if kind == ReportKind.ANNUAL:
            main = (
                _status(row["main"])
                if row["main"]["target_year"]
                else _status(row["main"] | {"source": None})
            )
        else:
            milestone = REVIEW_YEARS[kind]
            pick = next(
                (s for s in row["statuses"] if s["target_year"] == milestone and s["source"] == "province"),
                None,
            ) or next(
                (s for s in row["statuses"] if s["target_year"] == milestone and s["source"] == "national"),
                None,
            )
            main = _status(pick) if pick else _status(row["main"] | {"source": None, "target_year": None})
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
                "status": main,
                "statuses": statuses,
                "agency": _agency_names(indicator, assigned)
                if province is not None
                else indicator.usual_provider,
                "parts": _parts(indicator, rolled, shown),
            }
        )
    return rows


def _plan_baselines(province: AdminUnit) -> dict[int, dict]:
    """indicator id → the baseline the 2021-2025 plan recorded, for reviews when no 2020 value was entered."""
    from plans.models import PlanIndicator

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


def _tasks(plans: list[Plan], until) -> list[dict]:
    rows = []
    for plan in plans:
        for task in plan_tasks(plan):
            updates = [p for p in task.progress.all() if p.reported_on <= until]
            last = updates[-1] if updates else None
            rows.append(
                {
                    "title": task.title.strip(),
                    "category": task.category,
                    "lead": task.lead_agency.name if task.lead_agency_id else "",
                    "percent": last.percent if last else None,
                    "note": last.note.strip() if last else "",
                    "as_of": last.reported_on.isoformat() if last else None,
                }
            )
    return rows


def _plan_info(plan: Plan | None) -> dict | None:
    if plan is None:
        return None
    return {
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "number": plan.document_number,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "version": plan.version,
    }


def _years_of(kind: str, year: int) -> list[int]:
    """The years whose tasks and funds a report covers: the year, or the whole period of a review."""
    if kind == ReportKind.MIDTERM:
        return list(range(2021, 2026))
    if kind == ReportKind.FINAL:
        return list(range(2021, 2031))
    return [year]


def _province_plans(province: AdminUnit, kind: str, year: int) -> list[Plan]:
    if kind == ReportKind.ANNUAL:  # the plan in force: issued before drafts (plans.funding)
        from plans.funding import plan_in_force

        plan = plan_in_force(province, year)
        return [plan] if plan else []
    current = Plan.objects.filter(province=province, kind=PlanKind.FIVE_YEAR).exclude(
        status=PlanStatus.SUPERSEDED
    )
    periods = [(2021, 2025)] if kind == ReportKind.MIDTERM else [(2021, 2025), (2026, 2030)]
    plans = []
    for start, _end in periods:
        plan = current.filter(start_year=start).order_by("-version").first()
        if plan is not None:
            plans.append(plan)
    return plans


def submission_states(kind: str, year: int) -> dict[int, Submission]:
    """province id → the latest submission of its report of this kind and year."""
    latest: dict[int, Submission] = {}
    subs = (
        Submission.objects.filter(report__kind=kind, report__year=year, report__unit__level=Level.PROVINCE)
        .select_related("report")
        .defer("docx", "snapshot", "changes")
        .order_by("report__unit_id", "number")
    )
    for sub in subs:
        latest[sub.report.unit_id] = sub
    return latest


def _by_province(year: int, kind: str) -> tuple[dict[str, list[dict]], list[dict]]:
    """For the nation: each indicator's value and status in each current province (two grouped queries per
    indicator), and each province's submission and whether it has any data for the year."""
    base_year = getattr(settings, "STRATEGY_BASE_YEAR", 2020)
    provinces = list(
        AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
        .prefetch_related("names")  # each cell names its province: one query, not one per cell
        .order_by("code")
    )
    ids = [p.pk for p in provinces]
    years = list(range(base_year, year + 1))
    milestone = REVIEW_YEARS.get(kind) or nearest_milestone(year)
    has_data: dict[int, bool] = defaultdict(bool)
    table: dict[str, list[dict]] = {}
    indicators = (
        Indicator.objects.filter(active=True, province__isnull=True)
        .prefetch_related("targets", "parts")
        .order_by("objective__number", "order")
    )
    for indicator in indicators:
        series = primary_series(indicator)
        target = next((t for t in indicator.targets.all() if t.year == milestone), None)
        goal = Target(target.year, target.comparator, target.value) if target else None
        parts = {}
        if series is not None:
            base = DataValue.objects.filter(series=series, year__in=years, option="")
            parts = parts_by_province(base, ids, years)
        cells = []
        for province in provinces:
            rolled = {y: Rolled(indicator, province, y, parts.get((province.pk, y), {})) for y in years}
            if rolled[year].parts:
                has_data[province.pk] = True
            observed = [(y, rolled[y].value()) for y in years if rolled[y].value() is not None]
            try:
                assessment = assess(observed, direction=indicator.direction, target=goal)
                status = assessment.status
            except ConfigurationError:
                status = "no_data"
            cells.append(
                {
                    "code": province.code,
                    "name": province.name,
                    "value": num(rolled[year].value()),
                    "status": status,
                    "label": status_vi(status),
                }
            )
        table[indicator.code] = cells
    latest = submission_states(kind, year)
    states = []
    for province in provinces:
        sub = latest.get(province.pk)
        states.append(
            {
                "code": province.code,
                "name": province.name,
                "submitted": sub is not None,
                "version": sub.number if sub else None,
                "submitted_at": sub.submitted_at.isoformat() if sub else None,
                "on_time": sub.on_time if sub else None,
                "status": sub.status if sub else None,
                "has_data": has_data[province.pk],
            }
        )
    return table, states


def draft_snapshot(report: Report, *, stamped: bool = False):
    """``assemble(report)`` for the report's page: kept in the shared cache until the values it reads (the unit's,
    the base year to the report's), the work (plans, tasks, funds, inspections, the report's own text, ...) or
    reference data change (``rollup_cache.cached``), so the page shows every change at once. ``stamped``: with
    the stamp of that state (``rollup_cache.fragment``)."""
    last = max(report.year, *_years_of(report.kind, report.year))
    return cached_to_year(
        "draft-report",
        report.unit,
        last,
        (report.kind, report.year, report.pk, report.lock_version),
        lambda: assemble(report),
        stamped=stamped,
    )


def assemble(report: Report, *, date=None) -> dict:
    """The snapshot of ``report`` from the data as it is now. ``date`` is the document's date (the day of
    submission); a draft has none."""
    unit, kind, year = report.unit, report.kind, report.year
    national = unit.level == Level.NATION
    years = _years_of(kind, year)
    if national:
        plans: list[Plan] = []
        province_plans = [
            p
            for province in AdminUnit.objects.filter(level=Level.PROVINCE, valid_to__isnull=True)
            for p in _province_plans(province, kind, year)
        ]
        tasks = Task.objects.filter(plan__in=province_plans)
        task_rows = []
        by_category: dict[str, int] = defaultdict(int)
        for category in tasks.values_list("category", flat=True):
            by_category[category] += 1
        task_summary = dict(by_category)
    else:
        plans = _province_plans(unit, kind, year)
        task_rows = _tasks(plans, until=min(timezone.localdate(), dt.date(max(years), 12, 31)))
        task_summary = {}
    funds = _funding(unit, years, national)
    snapshot = {
        "schema": SCHEMA,
        "kind": kind,
        "year": year,
        "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
        "date": date.isoformat() if date else None,
        "assembled_at": timezone.now().isoformat(timespec="seconds"),
        "plans": [_plan_info(p) for p in plans],
        "indicators": _indicator_rows(unit, kind, year),
        "tasks": task_rows,
        "task_counts": task_summary,
        "funds": funds,
        "funds_total": num(sum((Decimal(f["amount"] or 0) for f in funds), Decimal(0))),
        "funds_totals": _funding_totals(funds),
        "narrative": {name: getattr(report, name).strip() for name in NARRATIVE},
        "document": {
            "number": report.document_number.strip(),
            "signer_name": report.signer_name.strip(),
            "signer_title": report.signer_title.strip(),
        },
    }
    # Communication activities of the period, summed (a review sums its years).
    snapshot["communication"] = communication_summary(
        None if national else unit, year, since=years[0] if len(years) > 1 else None
    )
    snapshot["inspections"] = _inspections(unit, years, national)
    if national:
        snapshot["by_province"], snapshot["provinces"] = _by_province(year, kind)
    return build(snapshot)  # checked against reports.content's schema


def _funding(unit: AdminUnit, years: list[int], national: bool) -> list[dict]:
    """Funds by source over the report's years, from the plan in force each year (plans.funding): planned,
    allocated and spent, with the flag when more was spent than allocated. ``amount`` is the planned sum (the
    name older snapshots use)."""
    from plans.funding import funding_totals, funding_totals_nation, spending_flag

    sums: dict[str, dict[str, Decimal | None]] = {}
    labels: dict[str, str] = {}

    def add(rows):
        for row in rows:
            into = sums.setdefault(row["source"], {"planned": None, "allocated": None, "spent": None})
            labels[row["source"]] = row["label"]
            for measure in ("planned", "allocated", "spent"):
                if row[measure] is not None:
                    into[measure] = (into[measure] or Decimal(0)) + Decimal(row[measure])

    if national:
        for y in years:
            add(funding_totals_nation(y)["by_source"])
    else:
        totals = funding_totals(unit)
        add(cell for cell in totals["cells"] if cell["year"] in years)
    out = []
    for source in FundingSource.values:
        figures = sums.get(source)
        if not figures or not any(figures.values()):
            continue
        out.append(
            {
                "source": source,
                "label": labels[source],
                "amount": num(figures["planned"]),
                "allocated": num(figures["allocated"]),
                "spent": num(figures["spent"]),
                "flag": spending_flag(figures["allocated"], figures["spent"]),
            }
        )
    return out


def _funding_totals(funds: list[dict]) -> dict:
    totals = {}
    for measure, key in (("planned", "amount"), ("allocated", "allocated"), ("spent", "spent")):
        present = [Decimal(f[key]) for f in funds if f.get(key) is not None]
        totals[measure] = num(sum(present, Decimal(0))) if present else None
    return totals


def _inspections(unit: AdminUnit, years: list[int], national: bool) -> dict:
    """Inspections of the report's years (inspections.selectors), counts summed over the years of a review; a
    province's report also lists the inspections done."""
    from inspections.selectors import inspection_summary, inspection_summary_nation

    summaries = [inspection_summary_nation(y) if national else inspection_summary(unit, y) for y in years]
    out = {"years": years, "plans": [], "inspections": {}, "recommendations": {}, "done": []}
    for summary in summaries:
        if summary.get("plan"):
            out["plans"].append({**summary["plan"], "year": summary["year"]})
        if national:
            out["provinces_with_plan"] = max(
                out.get("provinces_with_plan", 0), summary["provinces_with_plan"]
            )
        for group in ("inspections", "recommendations"):
            for key, value in summary[group].items():
                out[group][key] = out[group].get(key, 0) + value
        out["done"] += summary.get("done", [])
    return out


def figures(snapshot: dict) -> dict[str, str | None]:
    """Every figure of a snapshot (current schema: ``reports.content.canonical``) under a stable, readable key, to
    list what a correction changed."""
    out: dict[str, str | None] = {}
    for row in snapshot["indicators"]:
        for y, value in row["values"].items():
            out[f"{row['code']} · {y}"] = value
        for part in row["parts"]:
            for y, value in part["values"].items():
                out[f"{row['code']} · {part['name']} · {part['sex_label']} · {y}"] = value
        out[f"{row['code']} · đánh giá"] = row["status"]["label"]
    for fund in snapshot["funds"]:
        out[f"Kinh phí · {fund['label']}"] = fund["amount"]
        for measure, label in (("allocated", "được giao"), ("spent", "đã chi")):
            if fund[measure] is not None:
                out[f"Kinh phí {label} · {fund['label']}"] = fund[measure]
    inspections = snapshot["inspections"]
    if inspections:
        out["Kiểm tra · số cuộc đã thực hiện"] = str(inspections["inspections"].get("done", 0))
        out["Kiểm tra · kiến nghị chưa thực hiện"] = str(
            inspections["recommendations"].get("open", 0) + inspections["recommendations"].get("overdue", 0)
        )
    communication = snapshot["communication"]
    if communication:
        out["Truyền thông · số hoạt động"] = str(communication["activities"])
        for sex, label in (
            ("total", "tổng số"),
            ("female", "nữ"),
            ("male", "nam"),
            ("unknown", "không rõ giới tính"),
        ):
            out[f"Truyền thông · lượt người được tiếp cận · {label}"] = str(communication["reached"][sex])
        out["Truyền thông · kinh phí"] = communication["cost_total"]
    for code, cells in (snapshot["by_province"] or {}).items():
        for cell in cells:
            out[f"{code} · {cell['name']}"] = cell["value"]
    return out


def changed_figures(before: dict, after: dict) -> list[dict]:
    """The figures that differ between two snapshots, in the order of the newer one."""
    old, new = figures(before), figures(after)
    keys = list(new) + [k for k in old if k not in new]
    return [
        {"figure": k, "before": old.get(k), "after": new.get(k)} for k in keys if old.get(k) != new.get(k)
    ]
