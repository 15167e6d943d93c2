"""Plan pages: thin views that load, ask ``accounts.access``, call one service and render or redirect."""

from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core.decorators import load_and_check, role_required
from core.form_post import act, form_post
from documents.official import DOCX_TYPE
from indicators.models import MILESTONE_YEARS, Comparator, Indicator
from lib.errors import DomainError
from lib.forms import add_domain_error
from lib.numbers import format_number
from plans import services
from plans.forms import (
    ExecutionForm,
    ImportForm,
    IssueForm,
    LocalIndicatorForm,
    PlanCreateForm,
    PlanIndicatorForm,
    PlannedBudgetForm,
    PlanTextForm,
    ProgrammeForm,
    ProgressForm,
    ReasonForm,
    TargetsForm,
    TaskForm,
)
from plans.models import FundingSource, Plan, PlanIndicator, PlanStatus, Programme, Task
from plans.selectors import (
    climate_programme_counts,
    indicators_led_by,
    plan_baselines,
    plan_indicators,
    plan_tasks,
    plans_all,
    plans_of,
    programme_register,
    target_flags,
    tasks_led_by,
)
from units.selectors import provinces_on

PLAN = Plan.objects.select_related("province", "previous")
TASK = Task.objects.select_related("plan", "plan__province", "lead_agency")
plan_viewer = load_and_check(PLAN, access.can_view_plans, of="province")  # the plan named by ``pk``, to read
plan_editor = load_and_check(PLAN, access.can_edit_plans, of="province")  # ... to change
task_editor = load_and_check(TASK, access.can_edit_plans, arg="task_pk", of="plan.province")


def _to_plan(plan: Plan, anchor: str = ""):
    return redirect(reverse("plan_detail", args=[plan.pk]) + (f"#{anchor}" if anchor else ""))


def _form_page(request, plan: Plan, form, save, *, success: str, title: str, anchor: str = ""):
    """A plan's form page: saved through ``save``, then back to the plan (to the new one, for a revision); or the
    form again with what was refused."""

    def to(saved):
        return _to_plan(saved if isinstance(saved, Plan) else plan, anchor)

    done = form_post(request, form, save, success=success, to=to)
    return done or render(request, "plans/form.html", {"plan": plan, "form": form, "title": title})


# --- lists ----------------------------------------------------------------------------------------------------------


@require_GET
@role_required()
def plan_list(request):
    user = request.user
    province = access.province_of(user)
    if access.is_ministry(user):
        plans = plans_all()
        code = request.GET.get("province", "")
        if code:
            plans = plans.filter(province__code=code, province__valid_to__isnull=True)
        return render(
            request,
            "plans/list.html",
            {
                "plans": plans,
                "provinces": provinces_on(date.today()),
                "selected": code,
                "ministry": True,
            },
        )
    if province is None:
        raise PermissionDenied
    plans = plans_of(province)
    form = PlanCreateForm(plans=plans) if access.can_edit_plans(user, province) else None
    return render(request, "plans/list.html", {"plans": plans, "province": province, "form": form})


@require_POST
@role_required()
def plan_create(request):
    province = access.province_of(request.user)
    if province is None or not access.can_edit_plans(request.user, province):
        raise PermissionDenied
    form = PlanCreateForm(request.POST, plans=plans_of(province))
    done = form_post(
        request,
        form,
        lambda data: services.plan_start(
            province=province,
            kind=data["kind"],
            start_year=data["start_year"],
            copy_from=data["copy_from"] or None,
            by=request.user,
        ),
        success=_("The draft plan is created."),
        to=_to_plan,
    )
    return done or render(
        request, "plans/list.html", {"plans": plans_of(province), "province": province, "form": form}
    )


# --- one plan -------------------------------------------------------------------------------------------------------


@require_GET
@plan_viewer
def plan_detail(request, plan):
    pis = list(plan_indicators(plan))
    flags = target_flags(plan, pis)
    baselines = plan_baselines(plan, pis)
    tasks = list(plan_tasks(plan))
    budget: dict[str, int] = {}
    for task in tasks:
        for line in task.budget_lines.all():
            budget[line.source] = budget.get(line.source, 0) + line.amount
    years = sorted({t.year for pi in pis for t in pi.targets.all()})
    rows = [
        (pi, [(year, next((t for t in pi.targets.all() if t.year == year), None)) for year in years])
        for pi in pis
    ]
    context = {
        "plan": plan,
        "baselines": baselines,
        "rows": rows,
        "years": years,
        "flags": flags,
        "tasks": tasks,
        "budget": [(FundingSource(s).label, budget.get(s, 0)) for s in FundingSource.values],
        "budget_total": sum(budget.values()),
        "can_edit": access.can_edit_plans(request.user, plan.province),
        "versions": Plan.objects.filter(
            province=plan.province, kind=plan.kind, start_year=plan.start_year
        ).order_by("-version"),
        "problems": services.plan_problems(plan) if plan.status == PlanStatus.DRAFT else [],
        "revision": Plan.objects.filter(previous=plan).first(),
        "import_form": ImportForm(),
    }
    return render(request, "plans/detail.html", context)


@plan_editor
def plan_edit(request, plan):
    initial = {f: getattr(plan, f) for f in services.TEXT_FIELDS} | {"lock_version": plan.lock_version}
    form = PlanTextForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        plan,
        form,
        lambda data: services.plan_update(
            plan=plan, by=request.user, data=data, expected_version=form.expected_version
        ),
        success=_("The plan is saved."),
        title=_("Objectives and texts"),
    )


@require_POST
@plan_editor
def plan_add_national(request, plan):
    return act(
        request,
        lambda: services.plan_add_national_indicators(plan=plan, by=request.user),
        success=lambda added: _("%(n)s national indicators added with the national targets.") % {"n": added},
        to=_to_plan(plan, "indicators"),
    )


def _target_years(plan: Plan) -> list[int]:
    return sorted(set(plan.years) | {y for y in MILESTONE_YEARS if y >= plan.start_year})


@plan_editor
def plan_indicator_edit(request, plan, pi_pk: int):
    pi = get_object_or_404(PlanIndicator.objects.select_related("indicator"), pk=pi_pk, plan=plan)
    indicator = pi.indicator
    targets = {t.year: t for t in pi.targets.all()}
    initial = {
        "baseline_value": format_number(pi.baseline_value, grouping=False)
        if pi.baseline_value is not None
        else "",
        "baseline_year": pi.baseline_year,
        "lead_agency": pi.lead_agency,
        "partner_agencies": list(pi.partner_agencies.all()),
    }
    initial["lock_version"] = pi.lock_version
    form = PlanIndicatorForm(request.POST or None, initial=initial, province=plan.province)
    years = _target_years(plan)
    targets_form = TargetsForm(request.POST or None, years=years)
    errors = {}
    if request.method == "POST" and form.is_valid() and targets_form.is_valid():
        try:
            services.plan_indicator_save(
                plan=plan,
                indicator=indicator,
                by=request.user,
                expected_version=form.expected_version,
                targets=targets_form.targets(),
                **form.data_for_service(),
            )
        except DomainError as exc:
            errors = getattr(exc, "years", {})
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Indicator %(code)s is saved.") % {"code": indicator.code})
            return _to_plan(plan, "indicators")
    national = {t.year: t for t in indicator.targets.all()} if indicator.province_id is None else {}
    posted = targets_form.data
    target_rows = []
    for year in years:
        t = targets.get(year)
        target_rows.append(
            {
                "year": year,
                "comparator": posted.get(f"comparator-{year}", t.comparator if t else ""),
                "value": posted.get(f"value-{year}", format_number(t.value, grouping=False) if t else ""),
                "reason": posted.get(f"reason-{year}", t.reason if t else ""),
                "national": national.get(year),
                "error": errors.get(year),
            }
        )
    return render(
        request,
        "plans/indicator.html",
        {
            "plan": plan,
            "pi": pi,
            "form": form,
            "target_rows": target_rows,
            "comparators": Comparator.choices,
        },
    )


@plan_editor
def plan_local_indicator(request, plan):
    form = LocalIndicatorForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.local_indicator_add(
            plan=plan,
            by=request.user,
            **(data | {"template": data["template"] or None, "unit_label": data["unit_label"] or "%"}),
        ),
        success=_("The local indicator is added; set its baseline and targets."),
        to=lambda pi: redirect("plan_indicator_edit", pk=plan.pk, pi_pk=pi.pk),
    )
    if done:
        return done
    existing = Indicator.objects.filter(province=plan.province).exclude(
        pk__in=plan.plan_indicators.values("indicator")
    )
    return render(request, "plans/local_indicator.html", {"plan": plan, "form": form, "existing": existing})


@require_POST
@plan_editor
def plan_indicator_add_existing(request, plan):
    indicator = get_object_or_404(Indicator, pk=request.POST.get("indicator"), province=plan.province)
    return act(
        request,
        lambda: services.plan_indicator_set(plan=plan, indicator=indicator, by=request.user),
        success=None,
        to=lambda pi: redirect("plan_indicator_edit", pk=plan.pk, pi_pk=pi.pk),
        back=_to_plan(plan, "indicators"),
    )


@plan_editor
def plan_indicator_remove(request, plan, pi_pk: int):
    pi = get_object_or_404(PlanIndicator.objects.select_related("indicator"), pk=pi_pk, plan=plan)
    if request.method == "POST":
        return act(
            request,
            lambda: services.plan_indicator_remove(plan_indicator=pi, by=request.user),
            success=None,
            to=_to_plan(plan, "indicators"),
        )
    return render(
        request,
        "plans/confirm.html",
        {
            "plan": plan,
            "question": _("Remove indicator %(code)s and its targets from this plan?")
            % {"code": pi.indicator.code},
            "button": _("Remove"),
        },
    )


# --- tasks ----------------------------------------------------------------------------------------------------------


@plan_editor
def task_new(request, plan):
    form = TaskForm(request.POST or None, plan=plan, initial={"order": plan.tasks.count() + 1})
    return _form_page(
        request,
        plan,
        form,
        lambda data: services.task_create(plan=plan, by=request.user, **data),
        success=_("The task is added."),
        title=_("New task"),
        anchor="tasks",
    )


@task_editor
def task_edit(request, task):
    plan = task.plan
    form = TaskForm(request.POST or None, instance=task, plan=plan)
    return _form_page(
        request,
        plan,
        form,
        lambda data: services.task_update(
            task=Task.objects.get(pk=task.pk), by=request.user, expected_version=form.expected_version, **data
        ),
        success=_("The task is saved."),
        title=task.title,
        anchor="tasks",
    )


@task_editor
def task_delete(request, task):
    if request.method == "POST":
        return act(
            request,
            lambda: services.task_delete(task=task, by=request.user),
            success=_("The task is deleted."),
            to=_to_plan(task.plan, "tasks"),
        )
    return render(
        request,
        "plans/confirm.html",
        {
            "plan": task.plan,
            "question": _("Delete the task “%(title)s” with its budget lines?") % {"title": task.title},
            "button": _("Delete"),
        },
    )


def _budget_page(request, task: Task, *, posted: str = "", planned_errors=None, execution_errors=None):
    """The task's budget: the planned grid (a draft's focal officer edits it) and, per line, what was allocated
    and spent (recorded on the plan in force that year by the focal officer and the lead agency), flagged."""
    from plans.funding import FLAG_LABELS, plans_in_force, spending_flag

    plan = task.plan
    planned_errors, execution_errors = planned_errors or {}, execution_errors or {}
    posted_planned, posted_execution = posted == "planned", posted == "execution"
    lines = list(task.budget_lines.all())
    amounts = {(b.year, b.source): b.amount for b in lines}
    grid = [
        (
            year,
            [
                (
                    source,
                    label,
                    request.POST.get(f"amount-{year}-{source}", "")
                    if posted_planned
                    else (format_number(amounts[(year, source)]) if (year, source) in amounts else ""),
                    planned_errors.get((year, source)),
                )
                for source, label in FundingSource.choices
            ],
        )
        for year in plan.years
    ]
    can_record = access.can_record_spending(request.user, task)
    in_force = plans_in_force(plan.province, plan.years)
    order = {source: i for i, source in enumerate(FundingSource.values)}
    rows = []
    for line in sorted(lines, key=lambda b: (b.year, order[b.source])):
        flag = spending_flag(line.allocated, line.spent)
        current = in_force.get(line.year)
        rows.append(
            {
                "line": line,
                "label": FundingSource(line.source).label,
                "allocated": request.POST.get(f"allocated-{line.pk}", "")
                if posted_execution
                else format_number(line.allocated),
                "spent": request.POST.get(f"spent-{line.pk}", "")
                if posted_execution
                else format_number(line.spent),
                "version": request.POST.get(f"version-{line.pk}", line.lock_version)
                if posted_execution
                else line.lock_version,
                "flag": flag,
                "flag_label": FLAG_LABELS.get(flag, ""),
                "editable": can_record and current is not None and current.pk == plan.pk,
                "in_force": current,
                "errors": execution_errors.get(line.pk, []),
            }
        )
    return render(
        request,
        "plans/budget.html",
        {
            "plan": plan,
            "task": task,
            "grid": grid,
            "sources": FundingSource.choices,
            "can_plan": access.can_edit_plans(request.user, plan.province) and plan.is_editable,
            "rows": rows,
            "any_editable": any(r["editable"] for r in rows),
            "totals": {
                "planned": sum((b.amount for b in lines), Decimal(0)),
                "allocated": _total(b.allocated for b in lines),
                "spent": _total(b.spent for b in lines),
            },
        },
    )


def _total(values) -> Decimal | None:
    """The sum of the recorded amounts; None when none is recorded."""
    recorded = [v for v in values if v is not None]
    return sum(recorded, Decimal(0)) if recorded else None


@load_and_check(TASK, access.can_view_task, arg="task_pk")
def task_budget(request, task):
    plan = task.plan
    if request.method != "POST":
        return _budget_page(request, task)
    if not access.can_edit_plans(request.user, plan.province):
        raise PermissionDenied
    form = PlannedBudgetForm(request.POST, years=plan.years)
    if not form.is_valid():  # an old page without the task's version: refused, never saved blind
        messages.error(request, " ".join(form.non_field_errors()))
        return _budget_page(request, task)
    try:
        services.task_budget_set(
            task=task, amounts=form.amounts(), by=request.user, expected_version=form.expected_version
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        task.refresh_from_db(fields=["lock_version"])  # the refusal rolled back the version it raised
        if not hasattr(exc, "cells"):  # saved by someone else meanwhile: show what is stored now
            return _budget_page(request, task)
        return _budget_page(request, task, posted="planned", planned_errors=exc.cells)
    messages.success(request, _("The budget of the task is saved."))
    return _to_plan(plan, "tasks")


@require_POST
@load_and_check(TASK, access.can_record_spending, arg="task_pk")
def task_budget_execution(request, task):
    """Save what was allocated and spent on the task's lines: every changed line or none."""
    form = ExecutionForm(
        request.POST,
        lines=list(task.budget_lines.all()),
        shown=lambda line: (format_number(line.allocated), format_number(line.spent)),
    )
    form.is_valid()  # every field is optional text: the service checks the amounts
    try:
        saved = services.budget_execution_save(task=task, amounts=form.amounts(), by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _budget_page(request, task, posted="execution", execution_errors=getattr(exc, "lines", {}))
    if saved:
        messages.success(request, _("Allocated and spent amounts are saved."))
    else:
        messages.info(request, _("Nothing changed."))
    return redirect("task_budget", task_pk=task.pk)


@load_and_check(TASK, access.can_view_task, arg="task_pk")
def task_progress(request, task):
    can_report = access.can_report_progress(request.user, task)
    form = ProgressForm(request.POST or None)
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied
        done = form_post(
            request,
            form,
            lambda data: services.task_progress_add(task=task, by=request.user, **data),
            success=_("The progress update is recorded."),
            to=lambda progress: redirect("task_progress", task_pk=task.pk),
        )
        if done:
            return done
    return render(
        request,
        "plans/progress.html",
        {
            "task": task,
            "plan": task.plan,
            "form": form if can_report else None,
            "history": task.progress.select_related("by").order_by("-reported_on", "-id"),
        },
    )


@require_GET
@role_required(access.can_list_own_tasks)
def my_tasks(request):
    agency = request.user.agency
    return render(
        request,
        "plans/my_tasks.html",
        {
            "agency": agency,
            "tasks": tasks_led_by(agency),
            "indicators": indicators_led_by(agency),
        },
    )


# --- workflow -------------------------------------------------------------------------------------------------------


@require_POST
@plan_editor
def plan_submit(request, plan):
    return act(
        request,
        lambda: services.plan_submit(plan=plan, by=request.user),
        success=_("The plan is submitted to the People's Committee."),
        to=_to_plan(plan),
    )


@plan_editor
def plan_return(request, plan):
    form = ReasonForm(request.POST or None)
    return _form_page(
        request,
        plan,
        form,
        lambda data: services.plan_return_to_draft(plan=plan, by=request.user, **data),
        success=_("The plan is back in draft."),
        title=_("Send back to draft"),
    )


@plan_editor
def plan_issue(request, plan):
    form = IssueForm(request.POST or None, initial={"issued_on": date.today()})
    return _form_page(
        request,
        plan,
        form,
        lambda data: services.plan_issue(plan=plan, by=request.user, **data),
        success=_("The plan is recorded as issued."),
        title=_("Record the issued plan"),
    )


@plan_editor
def plan_revise(request, plan):
    form = ReasonForm(request.POST or None)
    return _form_page(
        request,
        plan,
        form,
        lambda data: services.plan_revise(plan=plan, by=request.user, **data),
        success=_("A revision is open as a new draft; the issued version stays in force."),
        title=_("Revise the issued plan"),
    )


@require_GET
@plan_viewer
def plan_diff(request, plan):
    rows = services.plan_diff(plan.previous, plan) if plan.previous else []
    return render(request, "plans/diff.html", {"plan": plan, "old": plan.previous, "rows": _labelled(rows)})


def _verbose(model, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except Exception:  # noqa: BLE001 - a key that is not a model field (budget) keeps its own label
        return {"budget": _("budget lines")}.get(field, field)


def _labelled(rows: list[dict]) -> list[tuple[str, object, object]]:
    """Diff rows with translated labels: field names become the fields' names, dictionaries become pairs."""

    def pairs(model, value):
        if value is None:
            return None
        if isinstance(value, dict):
            return {"pairs": [(_verbose(model, k), v) for k, v in value.items()]}
        return {"text": value}

    out = []
    for row in rows:
        kind, item = row["kind"], row["item"]
        if kind == "text":
            label, model = _verbose(Plan, item), Plan
        elif kind == "target":
            code, year = item.split(" ")
            label, model = _("Target of %(code)s for %(year)s") % {"code": code, "year": year}, PlanIndicator
        elif kind == "indicator" and " " in item:
            code, field = item.split(" ", 1)
            label, model = f"{code}: {_verbose(PlanIndicator, field)}", PlanIndicator
        elif kind == "indicator":
            label, model = _("Indicator %(code)s") % {"code": item}, PlanIndicator
        else:
            label, model = _("Task: %(title)s") % {"title": item}, Task
        out.append((label, pairs(model, row["before"]), pairs(model, row["after"])))
    return out


# --- documents ------------------------------------------------------------------------------------------------------


@require_GET
@plan_viewer
def plan_download(request, plan, fmt: str):
    from plans.xlsx import PlanExport

    export = PlanExport(plan)
    if fmt == "xlsx":
        return export.xlsx_response()
    if fmt != "docx":
        raise Http404
    from plans.documents import plan_docx

    response = HttpResponse(plan_docx(plan), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}.docx"'
    return response


@require_POST
@plan_editor
def plan_import_targets(request, plan):
    from plans.xlsx import TargetImportError, plan_targets_import

    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an Excel file (.xlsx) to upload."))
        return _to_plan(plan, "indicators")
    upload = form.cleaned_data["file"]
    if upload.size > 5 * 1024 * 1024:
        messages.error(request, _("The file is larger than 5 MB."))
        return _to_plan(plan, "indicators")
    try:
        count = plan_targets_import(plan=plan, data=upload.read(), by=request.user)
    except TargetImportError as exc:
        return render(request, "plans/import_errors.html", {"plan": plan, "error": exc}, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)s targets imported.") % {"n": count})
    return _to_plan(plan, "indicators")


# --- programme register ---------------------------------------------------------------------------------------------


@require_GET
@role_required()
def programme_list(request):
    province = access.province_of(request.user)
    if access.is_ministry(request.user):
        code = request.GET.get("province") or "80"
        province = provinces_on(date.today()).filter(code=code).first()
    if province is None or not access.can_view_plans(request.user, province):
        raise PermissionDenied
    year = date.today().year
    numerator, denominator = climate_programme_counts(province, year)
    return render(
        request,
        "plans/programmes.html",
        {
            "province": province,
            "programmes": programme_register(province),
            "year": year,
            "numerator": numerator,
            "denominator": denominator,
            "share": (100 * numerator / denominator) if denominator else None,
            "can_edit": access.can_edit_plans(request.user, province),
            "provinces": provinces_on(date.today()) if access.is_ministry(request.user) else None,
        },
    )


@role_required()
def programme_edit(request, programme_pk: int | None = None):
    programme = (
        get_object_or_404(Programme.objects.select_related("province"), pk=programme_pk)
        if programme_pk
        else None
    )
    province = programme.province if programme else access.province_of(request.user)
    if province is None or not access.can_edit_plans(request.user, province):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=programme)
    done = form_post(
        request,
        form,
        lambda data: services.programme_save(
            province=province,
            by=request.user,
            programme=Programme.objects.get(pk=programme.pk) if programme else None,
            expected_version=form.expected_version,
            **data,
        ),
        success=_("The programme register is saved."),
        to="programme_list",
    )
    return done or render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": programme.name if programme else _("New programme"),
            "back": reverse("programme_list"),
        },
    )


# --- the ministry's comparison -------------------------------------------------------------------------------------


@require_GET
@role_required(access.is_ministry)
def plan_compare(request):
    from plans.selectors import province_targets

    indicators = Indicator.objects.filter(province__isnull=True, active=True).order_by(
        "objective__number", "order"
    )
    code = request.GET.get("indicator") or "M2.1"
    indicator = get_object_or_404(indicators.prefetch_related("targets"), code=code)
    year = int(request.GET.get("year") or 2030) if request.GET.get("year", "2030").isdigit() else 2030
    if year not in MILESTONE_YEARS:
        year = 2030
    return render(
        request,
        "plans/compare.html",
        {
            "indicators": indicators,
            "indicator": indicator,
            "year": year,
            "milestones": MILESTONE_YEARS,
            "national": next((t for t in indicator.targets.all() if t.year == year), None),
            "rows": province_targets(indicator, year),
        },
    )
