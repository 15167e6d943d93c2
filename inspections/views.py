"""Inspection pages: thin views that load, ask ``accounts.access``, call one service and render or redirect."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import access
from core.decorators import load_and_check, role_required
from core.form_post import act, form_post
from documents.official import DOCX_TYPE
from inspections import services
from inspections.forms import (
    CancelForm,
    InspectionForm,
    InspectionPlanForm,
    RecommendationForm,
    ResultsForm,
    StatusForm,
    UnitChoiceField,
)
from inspections.models import FollowUp, Inspection, InspectionPlan, Recommendation
from inspections.selectors import (
    follow_up_status,
    inspection_plan_of,
    inspection_summary,
    inspection_summary_nation,
    inspections_of,
    recommendation_history,
    recommendations_of,
    recommendations_query,
    with_follow_up,
)
from units.selectors import province_today

YEARS = range(services.FIRST_YEAR, services.LAST_YEAR + 1)
FILTERS = ("not_done", FollowUp.OVERDUE.value, FollowUp.DONE.value)  # the recommendations list's filters


def _year(raw, default: int | None = None) -> int:
    fallback = default or min(max(date.today().year, YEARS.start), YEARS.stop - 1)
    return int(raw) if str(raw or "").isdigit() and int(raw) in YEARS else fallback


def _to_page(plan: InspectionPlan, anchor: str = ""):
    url = reverse("inspection_plan", args=[plan.province.code, plan.year])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _to_inspection(inspection: Inspection, anchor: str = ""):
    return redirect(reverse("inspection_detail", args=[inspection.pk]) + (f"#{anchor}" if anchor else ""))


PLAN_RELATED = ("province",)
INSPECTION_RELATED = ("plan", "plan__province", "agency", "commune", "lead_agency")
RECOMMENDATION_RELATED = (
    "inspection",
    "inspection__plan",
    "inspection__plan__province",
    "responsible_agency",
    "responsible_commune",
)

PLANS = InspectionPlan.objects.select_related(*PLAN_RELATED)
INSPECTIONS = Inspection.objects.select_related(*INSPECTION_RELATED)
RECOMMENDATIONS = Recommendation.objects.select_related(*RECOMMENDATION_RELATED)
plan_viewer = load_and_check(PLANS, access.can_view_inspections, of="province")
plan_editor = load_and_check(PLANS, access.can_edit_inspections, of="province")
inspection_viewer = load_and_check(INSPECTIONS, access.can_view_inspections, of="plan.province")
inspection_editor = load_and_check(INSPECTIONS, access.can_edit_inspections, of="plan.province")
recommendation_editor = load_and_check(
    RECOMMENDATIONS, access.can_edit_inspections, of="inspection.plan.province"
)


# --- the year's page --------------------------------------------------------------------------------------------


@require_GET
@role_required()
def inspection_home(request):
    """The ministry sees every province's inspections of the year; a province sees its own plan."""
    user = request.user
    year = _year(request.GET.get("year"))
    if access.can_view_national_inspections(user):
        summary = inspection_summary_nation(year)
        return render(
            request, "inspections/national.html", {"summary": summary, "year": year, "years": YEARS}
        )
    province = access.province_of(user)
    if province is None:
        raise PermissionDenied
    return _plan_page(request, province, year)


@require_GET
@load_and_check(province_today, access.can_view_inspections, arg="code")
def inspection_plan(request, province, year: int):
    if year not in YEARS:
        raise Http404
    return _plan_page(request, province, year)


def _plan_page(request, province, year: int):
    today = date.today()
    plan = inspection_plan_of(province, year)
    follow_up = request.GET.get("follow_up", "")
    if follow_up not in FILTERS:
        follow_up = ""
    inspections = list(inspections_of(plan)) if plan else []
    context = {
        "province": province,
        "year": year,
        "years": YEARS,
        "plan": plan,
        "inspections": inspections,
        "summary": inspection_summary(province, year, today=today),
        "recommendations": recommendations_of(plan, today=today, follow_up=follow_up) if plan else [],
        "follow_up": follow_up,
        "can_edit": access.can_edit_inspections(request.user, province),
        "ministry": access.is_ministry(request.user),
    }
    return render(request, "inspections/plan.html", context)


@require_POST
@load_and_check(province_today, access.can_edit_inspections, arg="code")
def inspection_plan_create(request, province, year: int):
    return act(
        request,
        lambda: services.inspection_plan_create(province=province, year=year, by=request.user),
        success=_("The inspection plan for %(year)s is created; add its inspections.") % {"year": year},
        to=_to_page,
        back="inspection_home",
    )


@plan_editor
def inspection_plan_edit(request, plan):
    initial = {f: getattr(plan, f) for f in services.PLAN_FIELDS} | {"lock_version": plan.lock_version}
    form = InspectionPlanForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.inspection_plan_update(
            plan=plan,
            by=request.user,
            data=data,
            expected_version=form.expected_version,
        ),
        success=_("The inspection plan is saved."),
        to=lambda saved: _to_page(plan),
    )
    return done or render(
        request,
        "inspections/form.html",
        {"plan": plan, "form": form, "title": _("The plan's texts and document")},
    )


@require_GET
@plan_viewer
def inspection_plan_download(request, plan, fmt: str):
    from inspections.xlsx import InspectionPlanExport

    export = InspectionPlanExport(plan)
    if fmt == "xlsx":
        return export.xlsx_response()
    if fmt != "docx":
        raise Http404
    from inspections.documents import inspection_plan_docx

    response = HttpResponse(inspection_plan_docx(plan), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}.docx"'
    return response


# --- inspections ------------------------------------------------------------------------------------------------


@plan_editor
def inspection_new(request, plan):
    form = InspectionForm(request.POST or None, plan=plan, initial={"lead_agency": _focal_agency(plan)})
    done = form_post(
        request,
        form,
        lambda data: services.inspection_create(plan=plan, by=request.user, **data),
        success=_("The inspection is added to the plan."),
        to=lambda saved: _to_page(plan, "inspections"),
    )
    return done or render(
        request, "inspections/form.html", {"plan": plan, "form": form, "title": _("New inspection")}
    )


def _focal_agency(plan):
    return plan.province.agencies.filter(is_focal=True).first()


@require_GET
@inspection_viewer
def inspection_detail(request, inspection):
    today = date.today()
    inspection = inspections_of(inspection.plan).get(pk=inspection.pk)
    recommendations = with_follow_up(list(inspection.recommendations.all()), today)
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "plan": inspection.plan,
            "recommendations": recommendations,
            "can_edit": access.can_edit_inspections(request.user, inspection.plan.province),
        },
    )


@inspection_editor
def inspection_edit(request, inspection):
    initial = {
        "lock_version": inspection.lock_version,
        "unit": UnitChoiceField.initial_for(inspection.agency, inspection.commune),
        "topics": inspection.topics,
        "planned_from": inspection.planned_from,
        "planned_to": inspection.planned_to,
        "lead_agency": inspection.lead_agency,
        "team_members": inspection.team_members,
        "tasks": list(inspection.tasks.all()),
        "indicators": list(inspection.indicators.all()),
    }
    form = InspectionForm(request.POST or None, plan=inspection.plan, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.inspection_update(
            inspection=inspection,
            by=request.user,
            expected_version=form.expected_version,
            **data,
        ),
        success=_("The inspection is saved."),
        to=lambda saved: _to_inspection(inspection),
    )
    return done or render(
        request,
        "inspections/form.html",
        {"plan": inspection.plan, "inspection": inspection, "form": form, "title": _("Edit the inspection")},
    )


@inspection_editor
def inspection_results(request, inspection):
    initial = {
        "lock_version": inspection.lock_version,
        "done_on": inspection.done_on or min(date.today(), inspection.planned_to),
        "findings": inspection.findings,
        "violations_count": inspection.violations_count,
        "violations": inspection.violations,
    }
    form = ResultsForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.inspection_record_results(
            inspection=inspection, by=request.user, expected_version=form.expected_version, **data
        ),
        success=_("The results are recorded; add the recommendations made."),
        to=lambda saved: _to_inspection(inspection, "recommendations"),
    )
    return done or render(
        request,
        "inspections/form.html",
        {
            "plan": inspection.plan,
            "inspection": inspection,
            "form": form,
            "title": _("Results of the inspection"),
        },
    )


@inspection_editor
def inspection_cancel(request, inspection):
    form = CancelForm(request.POST or None, initial={"lock_version": inspection.lock_version})
    done = form_post(
        request,
        form,
        lambda data: services.inspection_cancel(
            inspection=inspection,
            by=request.user,
            reason=data["reason"],
            expected_version=form.expected_version,
        ),
        success=_("The inspection is cancelled."),
        to=lambda saved: _to_page(inspection.plan, "inspections"),
    )
    return done or render(
        request,
        "inspections/form.html",
        {
            "plan": inspection.plan,
            "inspection": inspection,
            "form": form,
            "title": _("Cancel the inspection"),
            "button": _("Cancel the inspection"),
        },
    )


@inspection_editor
def inspection_delete(request, inspection):
    if request.method == "POST":
        return act(
            request,
            lambda: services.inspection_delete(inspection=inspection, by=request.user),
            success=_("The inspection is deleted."),
            to=_to_page(inspection.plan, "inspections"),
            back=_to_inspection(inspection),
        )
    refused = inspection.has_results or inspection.recommendations.exists()
    return render(
        request,
        "inspections/confirm.html",
        {
            "plan": inspection.plan,
            "back": reverse("inspection_detail", args=[inspection.pk]),
            "question": _("Delete the inspection of %(unit)s from the plan?")
            % {"unit": inspection.unit_name},
            "refused": _(
                "This inspection has results and cannot be deleted; cancel it instead, with the reason."
            )
            if refused
            else "",
            "alternative": (reverse("inspection_cancel", args=[inspection.pk]), _("Cancel the inspection"))
            if refused and inspection.status != "cancelled"
            else None,
            "button": _("Delete"),
        },
    )


# --- recommendations --------------------------------------------------------------------------------------------


@inspection_editor
def recommendation_new(request, inspection):
    initial = {"responsible": UnitChoiceField.initial_for(inspection.agency, inspection.commune)}
    form = RecommendationForm(request.POST or None, province=inspection.plan.province, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.recommendation_create(inspection=inspection, by=request.user, **data),
        success=_("The recommendation is recorded."),
        to=lambda saved: _to_inspection(inspection, "recommendations"),
    )
    return done or render(
        request,
        "inspections/form.html",
        {"plan": inspection.plan, "inspection": inspection, "form": form, "title": _("New recommendation")},
    )


@recommendation_editor
def recommendation_edit(request, recommendation):
    inspection = recommendation.inspection
    initial = {
        "lock_version": recommendation.lock_version,
        "text": recommendation.text,
        "responsible": UnitChoiceField.initial_for(
            recommendation.responsible_agency, recommendation.responsible_commune
        ),
        "due_on": recommendation.due_on,
    }
    form = RecommendationForm(request.POST or None, province=inspection.plan.province, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.recommendation_update(
            recommendation=recommendation,
            by=request.user,
            expected_version=form.expected_version,
            **data,
        ),
        success=_("The recommendation is saved."),
        to=lambda saved: _to_inspection(inspection, "recommendations"),
    )
    return done or render(
        request,
        "inspections/form.html",
        {
            "plan": inspection.plan,
            "inspection": inspection,
            "form": form,
            "title": _("Edit the recommendation"),
        },
    )


@load_and_check(
    recommendations_query().select_related(*RECOMMENDATION_RELATED),
    access.can_edit_inspections,
    of="inspection.plan.province",
)
def recommendation_status(request, recommendation):
    inspection = recommendation.inspection
    recommendation.follow_up = follow_up_status(recommendation, date.today())
    next_status = {"open": "in_progress", "in_progress": "done", "done": "in_progress"}[recommendation.status]
    form = StatusForm(
        request.POST or None,
        current=recommendation.status,
        initial={"lock_version": recommendation.lock_version, "status": next_status},
    )
    done = form_post(
        request,
        form,
        lambda data: services.recommendation_set_status(
            recommendation=recommendation,
            by=request.user,
            status=data["status"],
            note=data["note"],
            expected_version=form.expected_version,
        ),
        success=_("The follow-up is recorded."),
        to=lambda saved: _to_inspection(inspection, "recommendations"),
    )
    return done or render(
        request,
        "inspections/status.html",
        {
            "plan": inspection.plan,
            "inspection": inspection,
            "recommendation": recommendation,
            "history": recommendation_history(recommendation),
            "form": form,
        },
    )


@recommendation_editor
def recommendation_delete(request, recommendation):
    inspection = recommendation.inspection
    if request.method == "POST":
        return act(
            request,
            lambda: services.recommendation_delete(recommendation=recommendation, by=request.user),
            success=_("The recommendation is deleted."),
            to=_to_inspection(inspection, "recommendations"),
        )
    refused = recommendation.updates.exists()
    return render(
        request,
        "inspections/confirm.html",
        {
            "plan": inspection.plan,
            "back": reverse("inspection_detail", args=[inspection.pk]),
            "question": _("Delete the recommendation “%(text)s”?") % {"text": recommendation.text[:120]},
            "refused": _("This recommendation has a follow-up history and cannot be deleted.")
            if refused
            else "",
            "button": _("Delete"),
        },
    )
