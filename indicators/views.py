from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from core.decorators import role_required
from core.form_post import form_post
from datavalues.models import Series
from indicators.forms import IndicatorCreateForm, IndicatorForm, TargetForm
from indicators.models import Indicator
from indicators.selectors import indicator_history, indicators_catalogue, objectives_with_indicators
from indicators.services import MILESTONES, indicator_create, indicator_update, target_set
from lib.numbers import format_number


@require_GET
@role_required(access.can_view_reference)
def catalogue(request):
    return render(
        request,
        "indicators/catalogue.html",
        {"objectives": objectives_with_indicators(), "can_edit": access.can_edit_framework(request.user)},
    )


@require_GET
@role_required(access.can_view_reference)
def detail(request, code: str):
    indicator = get_object_or_404(indicators_catalogue(), code=code)
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "history": indicator_history(indicator)[:50]
            if access.can_view_framework_history(request.user)
            else [],
            "can_edit": access.can_edit_framework(request.user),
            "milestones": MILESTONES,
            "series": Series.objects.filter(indicator=indicator).order_by("-is_primary", "code"),
        },
    )


@role_required(access.can_edit_framework)
def edit(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorForm(
        request.POST or None, instance=indicator, initial={"dimensions": list(indicator.dimensions.all())}
    )
    # the form's instance was already changed by validation; the service reloads it and compares
    done = form_post(
        request,
        form,
        lambda data: indicator_update(
            indicator=indicator,
            by=request.user,
            data={k: v for k, v in data.items() if k not in ("dimensions", "reason")},
            dimensions=data["dimensions"],
            reason=data["reason"],
            expected_version=form.expected_version,
        ),
        success=_("The indicator is saved; the change is in the audit log."),
        to=lambda saved: redirect("indicator_detail", code=indicator.code),
    )
    return done or render(request, "indicators/form.html", {"form": form, "indicator": indicator})


@role_required(access.can_edit_framework)
def create(request):
    form = IndicatorCreateForm(
        request.POST or None, initial={"shape": "ratio", "factor": 100, "confirmed": "no"}
    )
    left_out = ("dimensions", "reason", "code", "shape", "numerator_vi", "denominator_vi", "objective")
    done = form_post(
        request,
        form,
        lambda data: indicator_create(
            by=request.user,
            objective=data["objective"],
            code=data["code"],
            dimensions=data["dimensions"],
            parts=form.parts(),
            **{k: v for k, v in data.items() if k not in left_out},
        ),
        success=_("The indicator is added. Set its targets next."),
        to=lambda indicator: redirect("indicator_detail", code=indicator.code),
    )
    return done or render(request, "indicators/form.html", {"form": form, "indicator": None})


@role_required(access.can_edit_framework)
def target_edit(request, code: str, year: int):
    indicator = get_object_or_404(Indicator, code=code)
    if year not in MILESTONES:
        return redirect("indicator_detail", code=code)
    target = indicator.targets.filter(year=year).first()
    initial = {"lock_version": indicator.lock_version}  # the targets are part of the indicator's record
    if target is not None:
        initial |= {
            "comparator": target.comparator,
            "value": format_number(target.value, lang="vi", grouping=False),
        }
    form = TargetForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: target_set(
            indicator=indicator,
            year=year,
            by=request.user,
            expected_version=form.expected_version,
            **data,
        ),
        success=_("The target is saved; the previous value is kept in the history."),
        to=lambda saved: redirect("indicator_detail", code=code),
    )
    return done or render(
        request,
        "indicators/target_form.html",
        {"form": form, "indicator": indicator, "year": year, "target": target},
    )
