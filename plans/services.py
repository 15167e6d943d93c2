"""Writes of plans: creation and copies, targets with their checks, tasks, progress, budget, the programme
register, and the workflow draft → submitted → issued, with revisions. Every write is audited."""

import csv
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from agencies.models import Agency
from agencies.selectors import usual_provider
from audit.services import log_action
from indicators.models import MILESTONE_YEARS, Direction, Indicator, IndicatorPart, NationalTarget, PartKind
from indicators.services import check_code, check_comparator, indicator_snapshot, parse_decimal
from lib.errors import DomainError
from lib.locking import STALE, bump_version
from plans.checks import Bar, is_weaker
from plans.funding import plan_in_force, plans_in_force, spending_flag
from plans.models import (
    BudgetLine,
    FundingSource,
    Plan,
    PlanIndicator,
    PlanKind,
    PlanStatus,
    PlanTarget,
    Programme,
    Task,
    TaskProgress,
)
from plans.selectors import TEXT_FIELDS, plan_snapshot
from units.models import AdminUnit, Level

DATA = Path(__file__).resolve().parent / "data"
TASK_FIELDS = (
    "order",
    "category",
    "model_type",
    "title",
    "description",
    "lead_agency",
    "start_date",
    "end_date",
    "expected_outputs",
)
FIVE_YEAR_PERIODS = ((2021, 2025), (2026, 2030))


def _log(plan: Plan, action: str, by: User, obj: Model | None = None, **kwargs: Any) -> None:
    log_action(actor=by, action=action, obj=obj or plan, unit=plan.province, **kwargs)


def _require_draft(plan: Plan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(
            _("This version is %(status)s; an issued plan changes only by revision.")
            % {"status": PlanStatus(plan.status).label.lower()}
        )


def _bump(plan: Plan, expected_version: int | None) -> None:
    """Optimistic locking: the save fails if someone else saved the plan since the form was opened."""
    bump_version(
        plan,
        expected_version,
        _("Someone else saved this plan after you opened it. Reload the page to see their changes."),
    )


# --- plans ------------------------------------------------------------------------------------------------------


def default_title(kind: str, province: AdminUnit, start_year: int, end_year: int) -> str:
    name = province.name[:1].lower() + province.name[1:]  # "trên địa bàn tỉnh Tây Ninh"
    if kind == PlanKind.FIVE_YEAR:
        return f"Kế hoạch thực hiện công tác bình đẳng giới giai đoạn {start_year} - {end_year} trên địa bàn {name}"
    return f"Kế hoạch thực hiện công tác bình đẳng giới năm {start_year} trên địa bàn {name}"


@transaction.atomic
def plan_create(*, province: AdminUnit, kind: str, start_year: int, by: User, title: str = "") -> Plan:
    # Today's provinces carry their plans across 2025 (history rolls up into them); a former province can
    # only hold plans of the years it existed.
    if province.level != Level.PROVINCE or not (
        province.valid_to is None or province.valid_on(date(start_year, 1, 1))
    ):
        raise DomainError(_("Plans belong to a province in force in the plan's years."), field="province")
    if kind == PlanKind.FIVE_YEAR:
        periods = {start: end for start, end in FIVE_YEAR_PERIODS}
        if start_year not in periods:
            raise DomainError(_("A five-year plan covers 2021-2025 or 2026-2030."), field="start_year")
        end_year = periods[start_year]
    elif kind == PlanKind.ANNUAL:
        if not 2021 <= start_year <= 2030:
            raise DomainError(_("An annual plan is for a year from 2021 to 2030."), field="start_year")
        end_year = start_year
    else:
        raise DomainError(_("Choose the kind of plan."), field="kind")
    if Plan.objects.filter(province=province, kind=kind, start_year=start_year).exists():
        raise DomainError(_("This province already has that plan; open it or revise it."), field="start_year")
    plan = Plan.objects.create(
        province=province,
        kind=kind,
        start_year=start_year,
        end_year=end_year,
        title=title.strip() or default_title(kind, province, start_year, end_year),
    )
    _log(plan, "plan.create", by, after={"kind": kind, "start_year": start_year, "title": plan.title})
    return plan


@transaction.atomic
def plan_start(
    *, province: AdminUnit, kind: str, start_year: int, by: User, copy_from: Plan | None = None
) -> Plan:
    """A new draft plan, filled from an earlier plan's contents when ``copy_from`` is given: both or neither."""
    plan = plan_create(province=province, kind=kind, start_year=start_year, by=by)
    if copy_from is not None:
        plan_copy_from(plan=plan, source=copy_from, by=by)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, by: User, data: dict, expected_version: int | None = None) -> Plan:
    _require_draft(plan)
    unknown = set(data) - set(TEXT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = {f: getattr(plan, f) for f in data}
    _bump(plan, expected_version)
    for field, value in data.items():
        setattr(plan, field, value)
    plan.save(update_fields=[*data.keys(), "updated_at"])
    after = {f: getattr(plan, f) for f in data}
    if before != after:
        _log(plan, "plan.update", by, before=before, after=after)
    return plan


@transaction.atomic
def plan_copy_from(*, plan: Plan, source: Plan, by: User) -> Plan:
    """Start a draft as a copy of another plan of the province (last year's annual plan, typically): texts,
    indicators with baselines and agencies, targets (a target for the source's first year moves to this plan's
    first year), tasks and budget lines (moved by the same number of years)."""
    _require_draft(plan)
    if source.province_id != plan.province_id:
        raise DomainError(_("A plan can only be copied within its province."))
    if plan.plan_indicators.exists() or plan.tasks.exists():
        raise DomainError(_("This draft already has indicators or tasks; copy into an empty draft."))
    shift = plan.start_year - source.start_year
    for field in TEXT_FIELDS[1:]:
        setattr(plan, field, getattr(source, field))
    plan.save()
    _copy_contents(source, plan, year_shift=shift)
    _log(plan, "plan.copy", by, after={"from": str(source), "year_shift": shift})
    return plan


def _copy_contents(source: Plan, target: Plan, *, year_shift: int = 0) -> None:
    for pi in source.plan_indicators.prefetch_related("targets", "partner_agencies"):
        new_pi = PlanIndicator.objects.create(
            plan=target,
            indicator=pi.indicator,
            baseline_value=pi.baseline_value,
            baseline_year=pi.baseline_year,
            lead_agency=pi.lead_agency,
        )
        new_pi.partner_agencies.set(pi.partner_agencies.all())
        for t in pi.targets.all():
            year = t.year + year_shift if t.year not in MILESTONE_YEARS else t.year
            if target.start_year <= year <= max(target.end_year, *MILESTONE_YEARS):
                PlanTarget.objects.update_or_create(
                    plan_indicator=new_pi,
                    year=year,
                    defaults={"comparator": t.comparator, "value": t.value, "reason": t.reason},
                )
    for task in source.tasks.prefetch_related("partner_agencies", "indicators", "budget_lines"):
        new = Task.objects.create(
            plan=target, lineage=task.lineage, **{f: getattr(task, f) for f in TASK_FIELDS}
        )
        if year_shift:
            new.start_date = _shift(task.start_date, year_shift)
            new.end_date = _shift(task.end_date, year_shift)
            new.save(update_fields=["start_date", "end_date"])
        new.partner_agencies.set(task.partner_agencies.all())
        new.indicators.set(task.indicators.all())
        BudgetLine.objects.bulk_create(
            [
                BudgetLine(
                    task=new,
                    year=b.year + year_shift,
                    source=b.source,
                    amount=b.amount,
                    # a revision keeps what was allocated and spent; a copy for another year starts empty
                    allocated=None if year_shift else b.allocated,
                    spent=None if year_shift else b.spent,
                )
                for b in task.budget_lines.all()
                # only the target's years: an annual plan copied from a five-year plan takes its own year
                if target.start_year <= b.year + year_shift <= target.end_year
            ]
        )


def _shift(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def plan_add_national_indicators(*, plan: Plan, by: User) -> int:
    """Add every national indicator the plan lacks, with the national targets for the plan's milestone years
    (for an annual plan: the target of the next milestone as a starting value) and the usual provider as lead."""
    _require_draft(plan)
    have = set(plan.plan_indicators.values_list("indicator_id", flat=True))
    agencies = list(
        Agency.objects.filter(province=plan.province).select_related("kind").prefetch_related("names")
    )
    added = 0
    national = Indicator.objects.filter(province__isnull=True, active=True).prefetch_related("targets")
    for indicator in national.exclude(pk__in=have):
        pi = PlanIndicator.objects.create(
            plan=plan, indicator=indicator, lead_agency=usual_provider(indicator.usual_provider, agencies)
        )
        targets = {t.year: t for t in indicator.targets.all()}
        for year in _target_years(plan):
            milestone = next((m for m in MILESTONE_YEARS if m >= year), None)
            source = targets.get(milestone) if milestone is not None else None
            if source is not None:
                PlanTarget.objects.create(
                    plan_indicator=pi, year=year, comparator=source.comparator, value=source.value
                )
        added += 1
    _log(plan, "plan.add_national", by, after={"indicators_added": added})
    return added


def _target_years(plan: Plan) -> list[int]:
    if plan.kind == PlanKind.FIVE_YEAR:
        return [plan.end_year]
    return [plan.start_year]


# --- indicators and targets -------------------------------------------------------------------------------------


@transaction.atomic
def plan_indicator_set(
    *,
    plan: Plan,
    indicator: Indicator,
    by: User,
    baseline_value: object = None,
    baseline_year: int | None = None,
    lead_agency: Agency | None = None,
    partner_agencies: Iterable[Agency] = (),
    expected_version: int | None = None,
) -> PlanIndicator:
    """``expected_version``: the plan indicator's ``lock_version`` when the form was opened (0: not in the plan yet);
    it covers the targets saved from the same form."""
    _require_draft(plan)
    if indicator.province_id not in (None, plan.province_id):
        raise DomainError(_("This local indicator belongs to another province."), field="indicator")
    for agency in [lead_agency, *partner_agencies]:
        if agency is not None and agency.province_id != plan.province_id:
            raise DomainError(_("Agencies must be of the plan's province."), field="lead_agency")
    baseline: Decimal | None = None  # empty: none
    if isinstance(baseline_value, Decimal):
        baseline = baseline_value
    elif baseline_value not in (None, ""):
        baseline = parse_decimal(baseline_value, field="baseline_value")
    if baseline_year is not None and not 2015 <= baseline_year <= plan.end_year:
        raise DomainError(_("The baseline year must be before the plan ends."), field="baseline_year")
    pi, created = PlanIndicator.objects.get_or_create(plan=plan, indicator=indicator)
    if not created:
        bump_version(pi, expected_version, STALE)
    elif expected_version not in (None, 0):
        raise DomainError(_("This indicator was removed from the plan after you opened it; reload the page."))
    before = None if created else _pi_state(pi)
    pi.baseline_value, pi.baseline_year, pi.lead_agency = baseline, baseline_year, lead_agency
    pi.save()
    pi.partner_agencies.set(partner_agencies)
    _log(plan, "plan.indicator", by, obj=plan, before=before, after=_pi_state(pi))
    return pi


@transaction.atomic
def plan_indicator_save(
    *,
    plan: Plan,
    indicator: Indicator,
    by: User,
    targets: dict[int, dict[str, str]],
    expected_version: int | None = None,
    **data: Any,
) -> PlanIndicator:
    """An indicator of the plan with its targets, as one form saves them: all or none. ``targets`` maps each year
    to its ``comparator``, ``value`` and ``reason``; an empty value removes that year's target. ``data`` are
    ``plan_indicator_set``'s fields. A refusal of targets names their years (``DomainError.years``)."""
    pi = plan_indicator_set(plan=plan, indicator=indicator, by=by, expected_version=expected_version, **data)
    stored = {target.year: target for target in pi.targets.all()}
    years = {}
    for year, target in targets.items():
        if not target["value"]:
            if year in stored:
                plan_target_remove(target=stored[year], by=by)
            continue
        try:
            plan_target_set(
                plan_indicator=pi,
                year=year,
                comparator=target["comparator"],
                value=target["value"],
                reason=target["reason"],
                by=by,
            )
        except DomainError as exc:
            years[year] = exc.message
    if years:
        error = DomainError(_("Nothing was saved: correct the targets marked below."))
        error.years = years
        raise error
    return pi


def _pi_state(pi: PlanIndicator) -> dict:
    return {
        "indicator": pi.indicator.code,
        "baseline_value": pi.baseline_value,
        "baseline_year": pi.baseline_year,
        "lead_agency": pi.lead_agency.name if pi.lead_agency else None,
        "partner_agencies": sorted(a.name for a in pi.partner_agencies.all()),
    }


@transaction.atomic
def plan_indicator_remove(*, plan_indicator: PlanIndicator, by: User) -> None:
    plan = plan_indicator.plan
    _require_draft(plan)
    before = _pi_state(plan_indicator)
    plan_indicator.delete()
    _log(plan, "plan.indicator_remove", by, before=before)


def national_target_for(indicator: Indicator, year: int) -> NationalTarget | None:
    """The national target a province's target for ``year`` is compared with: only milestone years have one."""
    if indicator.province_id is not None or year not in MILESTONE_YEARS:
        return None
    return next((t for t in indicator.targets.all() if t.year == year), None)


@transaction.atomic
def plan_target_set(
    *, plan_indicator: PlanIndicator, year: int, comparator: str, value: object, by: User, reason: str = ""
) -> PlanTarget:
    """Set a target. One weaker than the national target is allowed, with a written reason."""
    plan = plan_indicator.plan
    _require_draft(plan)
    indicator = plan_indicator.indicator
    if not (plan.start_year <= year <= plan.end_year or year in MILESTONE_YEARS):
        raise DomainError(
            _("The year %(year)s is outside the plan (%(start)s-%(end)s).")
            % {"year": year, "start": plan.start_year, "end": plan.end_year},
            field="year",
        )
    check_comparator(indicator.direction, comparator)
    value = value if isinstance(value, Decimal) else parse_decimal(value, field="value")
    national = national_target_for(indicator, year)
    reason = reason.strip()
    if (
        national is not None
        and is_weaker(indicator.direction, Bar(comparator, value), Bar(national.comparator, national.value))
        and not reason
    ):
        raise DomainError(
            _("This target is weaker than the national target (%(comparator)s %(value)s); give the reason.")
            % {"comparator": national.get_comparator_display(), "value": _plain(national.value)},
            field="reason",
        )
    existing = PlanTarget.objects.filter(plan_indicator=plan_indicator, year=year).first()
    before = None if existing is None else {"comparator": existing.comparator, "value": existing.value}
    target, _created = PlanTarget.objects.update_or_create(
        plan_indicator=plan_indicator,
        year=year,
        defaults={"comparator": comparator, "value": value, "reason": reason},
    )
    _log(
        plan,
        "plan.target",
        by,
        before=before,
        after={"indicator": indicator.code, "year": year, "comparator": comparator, "value": value},
        reason=reason,
    )
    return target


def _plain(value: Decimal) -> str:
    from lib.numbers import format_number

    return format_number(value)


@transaction.atomic
def plan_target_remove(*, target: PlanTarget, by: User) -> None:
    plan = target.plan_indicator.plan
    _require_draft(plan)
    before = {"indicator": target.plan_indicator.indicator.code, "year": target.year, "value": target.value}
    target.delete()
    _log(plan, "plan.target_remove", by, before=before)


# --- local indicators ---------------------------------------------------------------------------------------------


@cache
def local_templates() -> dict[str, dict[str, str]]:
    with (DATA / "local-indicator-templates.csv").open(encoding="utf-8", newline="") as f:
        return {row["key"]: row for row in csv.DictReader(f)}


@transaction.atomic
def local_indicator_create(
    *,
    province: AdminUnit,
    by: User,
    template: str | None = None,
    code: str = "",
    tag: str = "",
    name_vi: str = "",
    name_en: str = "",
    unit_label: str = "%",
    factor: Decimal | int = 100,
    direction: str = "",
    numerator_vi: str = "",
    denominator_vi: str = "",
    provider: str = "",
) -> Indicator:
    """A local indicator of the province, from one of the letter's templates or written by the province."""
    from indicators.models import Objective

    derivation = ""
    if template:
        row = local_templates().get(template)
        if row is None:
            raise DomainError(_("Unknown template."), field="template")
        tag, name_vi, name_en, unit_label = row["tag"], row["name_vi"], row["name_en"], row["unit"]
        factor, direction, numerator_vi = Decimal(row["factor"]), row["direction"], row["numerator_vi"]
        denominator_vi, provider, derivation = row["denominator_vi"], row["provider"], row["derivation"]
        code = code or row["code"]
    code = code.strip()
    if not code.startswith(f"{province.code}-"):
        code = f"{province.code}-{code}"
    check_code(code)
    if Indicator.objects.filter(code__iexact=code).exists():
        raise DomainError(
            _("The province already has an indicator with the code %(code)s.") % {"code": code}, field="code"
        )
    if direction not in Direction.values:
        raise DomainError(_("Set whether higher or lower is better."), field="direction")
    if not name_vi.strip():
        raise DomainError(_("Give the indicator's name."), field="name_vi")
    objective = Objective.objects.earliest("number")  # the framework is loaded before any plan
    indicator = Indicator.objects.create(
        objective=objective,
        code=code,
        order=900,
        name_vi=name_vi.strip(),
        name_en=name_en.strip(),
        unit_label=unit_label,
        factor=Decimal(factor),
        direction=direction,
        additive=True,
        part_of_whole=unit_label == "%",  # a local share: its numerator is counted within its denominator
        usual_provider=provider,
        source=provider,
        confirmed="yes",
        province=province,
        local_tag=tag or "other",
        derivation=derivation,
    )
    if numerator_vi or denominator_vi:
        IndicatorPart.objects.create(indicator=indicator, kind=PartKind.NUMERATOR, name_vi=numerator_vi)
        IndicatorPart.objects.create(indicator=indicator, kind=PartKind.DENOMINATOR, name_vi=denominator_vi)
    else:
        IndicatorPart.objects.create(indicator=indicator, kind=PartKind.VALUE, name_vi=name_vi)
    log_action(
        actor=by,
        action="indicator.local_create",
        obj=indicator,
        unit=province,
        after={
            **indicator_snapshot(indicator),
            "code": code,
            "tag": indicator.local_tag,
            "template": template or "",
        },
    )
    return indicator


# --- tasks, progress, budget ------------------------------------------------------------------------------------


@transaction.atomic
def local_indicator_add(*, plan: Plan, by: User, **data: Any) -> PlanIndicator:
    """A new local indicator of the plan's province (``local_indicator_create``'s fields), put in the plan."""
    indicator = local_indicator_create(province=plan.province, by=by, **data)
    return plan_indicator_set(plan=plan, indicator=indicator, by=by)


def _clean_task(plan: Plan, data: dict) -> dict:
    unknown = set(data) - set(TASK_FIELDS) - {"partner_agencies", "indicators"}
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    lead = data.get("lead_agency")
    if lead is None:
        raise DomainError(_("Every task has a lead agency."), field="lead_agency")
    for agency in [lead, *data.get("partner_agencies", [])]:
        if agency.province_id != plan.province_id:
            raise DomainError(_("Agencies must be of the plan's province."), field="lead_agency")
    if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
        raise DomainError(_("The task ends before it starts."), field="end_date")
    if not str(data.get("title", "")).strip():
        raise DomainError(_("Name the task."), field="title")
    return data


def _task_state(task: Task) -> dict:
    state = {f: getattr(task, f) for f in TASK_FIELDS if f != "lead_agency"}
    state["lead_agency"] = task.lead_agency.name
    state["partner_agencies"] = sorted(a.name for a in task.partner_agencies.all())
    state["indicators"] = sorted(i.code for i in task.indicators.all())
    return state


@transaction.atomic
def task_create(*, plan: Plan, by: User, **data: Any) -> Task:
    _require_draft(plan)
    data = _clean_task(plan, data)
    partners, indicators = data.pop("partner_agencies", []), data.pop("indicators", [])
    task = Task.objects.create(plan=plan, **data)
    task.partner_agencies.set(partners)
    task.indicators.set(indicators)
    _log(plan, "plan.task_create", by, obj=task, after=_task_state(task))
    return task


@transaction.atomic
def task_update(*, task: Task, by: User, expected_version: int | None = None, **data: Any) -> Task:
    """``expected_version``: the task's ``lock_version`` when the form was opened."""
    plan = task.plan
    _require_draft(plan)
    bump_version(task, expected_version, STALE)
    data = _clean_task(plan, {**{f: getattr(task, f) for f in ("title", "lead_agency")}, **data})
    before = _task_state(task)
    partners, indicators = data.pop("partner_agencies", None), data.pop("indicators", None)
    for field, value in data.items():
        setattr(task, field, value)
    task.save()
    if partners is not None:
        task.partner_agencies.set(partners)
    if indicators is not None:
        task.indicators.set(indicators)
    _log(plan, "plan.task_update", by, obj=task, before=before, after=_task_state(task))
    return task


@transaction.atomic
def task_delete(*, task: Task, by: User) -> None:
    plan = task.plan
    _require_draft(plan)
    before = _task_state(task)
    task.delete()
    _log(plan, "plan.task_delete", by, before=before)


@transaction.atomic
def task_progress_add(*, task: Task, by: User, reported_on: date, percent: int, note: str) -> TaskProgress:
    """Progress is reported on tasks of an issued plan (or one being drafted) by the lead agency."""
    if task.plan.status == PlanStatus.SUPERSEDED:
        raise DomainError(_("This plan was replaced by a revision; report on the current version."))
    if not 0 <= percent <= 100:
        raise DomainError(_("Give a share between 0 and 100."), field="percent")
    if not note.strip():
        raise DomainError(_("Say what was done."), field="note")
    progress = TaskProgress.objects.create(
        task=task, by=by, reported_on=reported_on, percent=percent, note=note.strip()
    )
    _log(
        task.plan,
        "plan.task_progress",
        by,
        obj=task,
        after={"reported_on": reported_on, "percent": percent, "note": note.strip()},
    )
    return progress


@transaction.atomic
def task_budget_set(
    *, task: Task, amounts: dict[tuple[int, str], str], by: User, expected_version: int | None = None
) -> None:
    """Every planned amount of a task at once (year and source → amount; empty or zero removes the line), all or
    none. ``expected_version`` is the task's ``lock_version`` when the budget was opened, so two people saving
    the same budget do not overwrite each other. A refusal names the cells (``DomainError.cells``)."""
    bump_version(task, expected_version, STALE)
    cells = {}
    for (year, source), amount in amounts.items():
        try:
            budget_line_set(task=task, year=year, source=source, amount=amount, by=by)
        except DomainError as exc:
            cells[(year, source)] = exc.message
    if cells:
        error = DomainError(_("Nothing was saved: correct the amounts marked below."))
        error.cells = cells
        raise error


@transaction.atomic
def budget_line_set(*, task: Task, year: int, source: str, amount: object, by: User) -> BudgetLine | None:
    """Set the planned amount (VND) for a task, year and source; zero or empty removes the line."""
    plan = task.plan
    _require_draft(plan)
    if source not in FundingSource.values:
        raise DomainError(_("Choose one of the five funding sources."), field="source")
    if not plan.start_year <= year <= plan.end_year:
        raise DomainError(_("The year is outside the plan."), field="year")
    amount = (
        Decimal(0)
        if amount in (None, "")
        else (amount if isinstance(amount, Decimal) else parse_decimal(amount, field="amount"))
    )
    if amount < 0 or amount != amount.to_integral_value():
        raise DomainError(_("Give a whole, non-negative amount in đồng."), field="amount")
    existing = BudgetLine.objects.filter(task=task, year=year, source=source).first()
    before = None if existing is None else {"year": year, "source": source, "amount": existing.amount}
    if amount == 0 and (existing is None or (existing.allocated is None and existing.spent is None)):
        if existing is not None:
            existing.delete()
            _log(plan, "plan.budget", by, obj=task, before=before, after=None)
        return None
    # a line with money allocated or spent stays, at zero planned, so that execution is not lost
    line, _created = BudgetLine.objects.update_or_create(
        task=task, year=year, source=source, defaults={"amount": amount}
    )
    _log(
        plan,
        "plan.budget",
        by,
        obj=task,
        before=before,
        after={"year": year, "source": source, "amount": amount},
    )
    return line


VND_FIELDS = {"allocated": gettext_lazy("Allocated"), "spent": gettext_lazy("Spent")}


def _vnd(raw: object, *, field: str) -> Decimal | None:
    """A whole, non-negative amount of đồng from a form or a caller: empty is None; "1.234.567" is accepted."""
    label = VND_FIELDS[field]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise DomainError(
            _("%(field)s: “%(raw)s” is not an amount.") % {"field": label, "raw": raw}, field=field
        )
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
    else:
        try:
            value = parse_decimal(raw, field=field)
        except DomainError:
            raise DomainError(
                _("%(field)s: “%(raw)s” is not an amount; write whole đồng, for example 1.234.567.")
                % {"field": label, "raw": raw},
                field=field,
            ) from None
    if not value.is_finite() or value < 0 or value != value.to_integral_value():
        raise DomainError(
            _("%(field)s: give a whole, non-negative amount in đồng.") % {"field": label}, field=field
        )
    if value >= Decimal(10) ** 18:
        raise DomainError(_("%(field)s: the amount is too large.") % {"field": label}, field=field)
    return value.quantize(Decimal(1))


def _require_in_force(plan: Plan, year: int, read: dict[int, Plan] | None = None) -> None:
    """``read``: the plans in force by year, when the caller read them already (one query for many lines)."""
    if plan.status == PlanStatus.SUPERSEDED:
        raise DomainError(_("This plan was replaced by a revision; record on the current version."))
    in_force = read.get(year) if read is not None else plan_in_force(plan.province, year)
    if in_force is None or in_force.pk != plan.pk:
        raise DomainError(
            _("Allocations and spending for %(year)s are recorded on the plan in force that year: %(plan)s.")
            % {"year": year, "plan": in_force or "—"}
        )


@transaction.atomic
def budget_execution_set(
    *,
    line: BudgetLine,
    allocated: object,
    spent: object,
    by: User,
    expected_version: int | None = None,
    reason: str = "",
) -> BudgetLine:
    """Record what was allocated and what was spent (đồng; empty for not known yet) on a budget line of the plan
    in force that year, issued or not: that is execution, not a change of the plan, so the planned amount stays
    as it is. Spent above allocated is allowed and flagged (``plans.funding.spending_flag``), never refused.
    ``expected_version`` is the line's ``lock_version`` when the form was opened."""
    line = BudgetLine.objects.select_related("task__plan__province").get(pk=line.pk)
    _require_in_force(line.task.plan, line.year)
    return _record_execution(
        line=line, allocated=allocated, spent=spent, by=by, expected_version=expected_version, reason=reason
    )


def _record_execution(
    *,
    line: BudgetLine,
    allocated: object,
    spent: object,
    by: User,
    expected_version: int | None,
    reason: str = "",
) -> BudgetLine:
    """``budget_execution_set`` on a line just read, whose plan is in force in its year."""
    plan = line.task.plan
    allocated, spent = _vnd(allocated, field="allocated"), _vnd(spent, field="spent")
    if (allocated, spent) == (line.allocated, line.spent):
        return line
    before = {"allocated": line.allocated, "spent": line.spent}
    updated = BudgetLine.objects.filter(
        pk=line.pk, **({} if expected_version is None else {"lock_version": expected_version})
    ).update(allocated=allocated, spent=spent, lock_version=F("lock_version") + 1)
    if not updated:
        raise DomainError(
            _(
                "Someone else saved this budget line after you opened it. Reload the page to see their changes."
            )
        )
    line.refresh_from_db(fields=["allocated", "spent", "lock_version"])
    _log(
        plan,
        "plan.budget_execution",
        by,
        obj=line,
        before=before,
        after={
            "year": line.year,
            "source": line.source,
            "allocated": allocated,
            "spent": spent,
            "flag": spending_flag(allocated, spent),
        },
        reason=reason.strip(),
    )
    return line


@transaction.atomic
def budget_execution_save(*, task: Task, amounts: dict[int, dict[str, Any]], by: User) -> int:
    """Allocated and spent amounts of several lines of a task (line id → ``allocated``, ``spent`` and the
    ``version`` the form was opened at), all or none; returns how many lines changed. Lines of other tasks are
    refused. A refusal names the lines (``DomainError.lines``)."""
    lines = {line.pk: line for line in task.budget_lines.select_related("task__plan__province")}
    if any(pk not in lines for pk in amounts):
        raise DomainError(_("This budget line is not one of the task's; reload the page."))
    in_force = plans_in_force(task.plan.province, {lines[pk].year for pk in amounts})  # one query
    saved = 0
    errors: dict[int, list[str]] = {}
    for pk, entry in amounts.items():
        line = lines[pk]
        try:
            _require_in_force(line.task.plan, line.year, in_force)
            before = line.lock_version
            line = _record_execution(
                line=line,
                allocated=entry["allocated"],
                spent=entry["spent"],
                by=by,
                expected_version=entry["version"],
            )
            saved += int(line.lock_version != before)
        except DomainError as exc:
            errors.setdefault(pk, []).append(exc.message)
    if errors:
        error = DomainError(_("Nothing was saved: correct the amounts marked below."))
        error.lines = errors
        raise error
    return saved


def _carry_execution(previous: Plan, plan: Plan, by: User) -> int:
    """When a revision is issued, the allocations and spending recorded on the version it replaces (the one in
    force until now) move to the matching lines of the revision (same task lineage, year and source)."""
    old = {
        (b.task.lineage, b.year, b.source): b
        for b in BudgetLine.objects.filter(task__plan=previous).select_related("task")
    }
    moved = 0
    for line in BudgetLine.objects.filter(task__plan=plan).select_related("task"):
        source = old.get((line.task.lineage, line.year, line.source))
        if source is None or (source.allocated, source.spent) == (line.allocated, line.spent):
            continue
        BudgetLine.objects.filter(pk=line.pk).update(
            allocated=source.allocated, spent=source.spent, lock_version=F("lock_version") + 1
        )
        moved += 1
    if moved:
        _log(plan, "plan.budget_carry", by, after={"from_version": previous.version, "lines": moved})
    return moved


# --- programme register -----------------------------------------------------------------------------------------

PROGRAMME_FIELDS = (
    "name",
    "decision",
    "start_year",
    "end_year",
    "climate_related",
    "gender_mainstreamed",
    "note",
)


@transaction.atomic
def programme_save(
    *,
    province: AdminUnit,
    by: User,
    programme: Programme | None = None,
    expected_version: int | None = None,
    **data: Any,
) -> Programme:
    """Create a programme (``programme`` None) or change one; ``expected_version`` is its ``lock_version`` when
    the form was opened."""
    unknown = set(data) - set(PROGRAMME_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if programme is not None and programme.province_id != province.pk:
        raise DomainError(_("This programme belongs to another province."))
    merged = {f: getattr(programme, f) for f in PROGRAMME_FIELDS} if programme else {}
    merged.update(data)
    if not str(merged.get("name", "")).strip():
        raise DomainError(_("Name the programme."), field="name")
    if merged.get("start_year") is None or merged.get("end_year") is None:
        raise DomainError(_("Give the programme's first and last year."), field="start_year")
    if merged["end_year"] < merged["start_year"]:
        raise DomainError(_("The programme ends before it starts."), field="end_year")
    before = None if programme is None else {f: getattr(programme, f) for f in PROGRAMME_FIELDS}
    if programme is None:
        programme = Programme.objects.create(province=province, **merged)
    else:
        bump_version(programme, expected_version, STALE)
        for field, value in merged.items():
            setattr(programme, field, value)
        programme.save()
    log_action(
        actor=by,
        action="programme.save",
        obj=programme,
        unit=province,
        before=before,
        after={f: getattr(programme, f) for f in PROGRAMME_FIELDS},
    )
    return programme


# --- workflow -----------------------------------------------------------------------------------------------------


def plan_problems(plan: Plan) -> list[str]:
    """What stops a draft from being submitted."""
    problems = []
    if not plan.plan_indicators.exists():
        problems.append(_("The plan has no indicator."))
    missing_lead = plan.plan_indicators.filter(lead_agency__isnull=True).select_related("indicator")
    for pi in missing_lead:
        problems.append(_("Indicator %(code)s has no lead agency.") % {"code": pi.indicator.code})
    without_targets = plan.plan_indicators.filter(targets__isnull=True).select_related("indicator")
    for pi in without_targets:
        problems.append(_("Indicator %(code)s has no target.") % {"code": pi.indicator.code})
    if not plan.tasks.exists():
        problems.append(_("The plan has no task."))
    return problems


@transaction.atomic
def plan_submit(*, plan: Plan, by: User) -> Plan:
    _require_draft(plan)
    problems = plan_problems(plan)
    if problems:
        raise DomainError(" ".join(str(p) for p in problems))
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    _bump(plan, None)
    _log(plan, "plan.submit", by, before={"status": PlanStatus.DRAFT}, after={"status": plan.status})
    return plan


@transaction.atomic
def plan_return_to_draft(*, plan: Plan, by: User, reason: str) -> Plan:
    if plan.status != PlanStatus.SUBMITTED:
        raise DomainError(_("Only a submitted plan can be sent back to draft."))
    if not reason.strip():
        raise DomainError(_("Give the reason for sending the plan back."), field="reason")
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    _bump(plan, None)
    _log(
        plan,
        "plan.return",
        by,
        before={"status": PlanStatus.SUBMITTED},
        after={"status": plan.status},
        reason=reason.strip(),
    )
    return plan


@transaction.atomic
def plan_issue(
    *, plan: Plan, by: User, document_number: str, issued_on: date, signer_name: str, signer_title: str
) -> Plan:
    """Record that the People's Committee issued the plan; a revised plan supersedes the version it revises."""
    if plan.status != PlanStatus.SUBMITTED:
        raise DomainError(_("Only a submitted plan can be issued."))
    if not document_number.strip():
        raise DomainError(_("Give the document number, for example 123/KH-UBND."), field="document_number")
    if not signer_name.strip():
        raise DomainError(_("Give the name of the signer."), field="signer_name")
    if issued_on > date.today():
        raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
    plan.status = PlanStatus.ISSUED
    plan.document_number, plan.issued_on = document_number.strip(), issued_on
    plan.signer_name, plan.signer_title = signer_name.strip(), signer_title.strip()
    plan.save()
    _bump(plan, None)
    if plan.previous is not None:
        _carry_execution(plan.previous, plan, by)
        Plan.objects.filter(pk=plan.previous.pk).update(status=PlanStatus.SUPERSEDED)
        _log(
            plan.previous,
            "plan.supersede",
            by,
            before={"status": PlanStatus.ISSUED},
            after={"status": PlanStatus.SUPERSEDED, "by_version": plan.version},
        )
    _log(
        plan,
        "plan.issue",
        by,
        before={"status": PlanStatus.SUBMITTED},
        after={
            "status": plan.status,
            "document_number": plan.document_number,
            "issued_on": issued_on,
            "signer": plan.signer_name,
        },
    )
    return plan


@transaction.atomic
def plan_revise(*, plan: Plan, by: User, reason: str) -> Plan:
    """Open a revision of an issued plan: a new draft version with the same contents. The issued version stays
    as it is (and in force) until the revision is issued."""
    if plan.status != PlanStatus.ISSUED:
        raise DomainError(_("Only an issued plan is revised; a draft is edited directly."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the revision."), field="reason")
    if Plan.objects.filter(previous=plan).exists():
        raise DomainError(_("A revision of this version is already open."))
    new = Plan.objects.create(
        province=plan.province,
        kind=plan.kind,
        start_year=plan.start_year,
        end_year=plan.end_year,
        version=plan.version + 1,
        previous=plan,
        revision_reason=reason.strip(),
        **{f: getattr(plan, f) for f in TEXT_FIELDS},
    )
    _copy_contents(plan, new)
    _log(new, "plan.revise", by, after={"revises_version": plan.version}, reason=reason.strip())
    return new


def plan_diff(old: Plan, new: Plan) -> list[dict]:
    """The differences between two versions: what changed, before and after, one row each."""
    a, b = plan_snapshot(old), plan_snapshot(new)
    rows = []
    for field in TEXT_FIELDS:
        if a["texts"][field] != b["texts"][field]:
            rows.append(
                {"kind": "text", "item": field, "before": a["texts"][field], "after": b["texts"][field]}
            )
    for code in sorted(set(a["indicators"]) | set(b["indicators"])):
        before, after = a["indicators"].get(code), b["indicators"].get(code)
        if before is None or after is None:
            rows.append({"kind": "indicator", "item": code, "before": before, "after": after})
            continue
        for key in ("baseline_value", "baseline_year", "lead_agency", "partner_agencies"):
            if before[key] != after[key]:
                rows.append(
                    {"kind": "indicator", "item": f"{code} {key}", "before": before[key], "after": after[key]}
                )
        for year in sorted(set(before["targets"]) | set(after["targets"])):
            if before["targets"].get(year) != after["targets"].get(year):
                rows.append(
                    {
                        "kind": "target",
                        "item": f"{code} {year}",
                        "before": before["targets"].get(year),
                        "after": after["targets"].get(year),
                    }
                )
    for lineage in sorted(set(a["tasks"]) | set(b["tasks"]), key=str):
        before, after = a["tasks"].get(lineage), b["tasks"].get(lineage)
        if before != after:
            title = (after or before)["title"]
            rows.append({"kind": "task", "item": title, "before": before, "after": after})
    return rows
