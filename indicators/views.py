import json
import secrets
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from core.decorators import role_required
from core.form_post import form_post
from datavalues.models import Series
from indicators import metadata
from indicators.forms import FrameworkImportForm, IndicatorCreateForm, IndicatorForm, TargetForm
from indicators.history import framework_as_of
from indicators.models import Indicator
from indicators.selectors import indicator_history, indicators_catalogue, objectives_with_indicators
from indicators.services import MILESTONES, indicator_create, indicator_update, target_set
from lib.errors import DomainError, quoted
from lib.numbers import format_number


def as_of_day(raw: str) -> date | None:
    """The day of ``?as_of=YYYY-MM-DD`` (None when empty); a DomainError naming the field otherwise."""
    raw = raw.strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise DomainError(
            _("“%(raw)s” is not a date: choose a day, for example 2023-06-01.") % {"raw": quoted(raw)},
            field="as_of",
        ) from None
    if day > timezone.localdate():
        raise DomainError(_("The date is after today: choose today or a day before."), field="as_of")
    return day


@require_GET
@role_required(access.can_view_reference)
def catalogue(request):
    """The framework today, or as it stood at the end of ``?as_of=`` (rebuilt from the audit log, read only)."""
    error, as_of = "", None
    try:
        as_of = as_of_day(request.GET.get("as_of", ""))
    except DomainError as refused:
        error = refused.message
    past = as_of is not None and as_of < timezone.localdate()
    return render(
        request,
        "indicators/catalogue.html",
        {
            "objectives": framework_as_of(as_of).objectives if past else objectives_with_indicators(),
            "as_of": as_of if past else None,
            "as_of_raw": request.GET.get("as_of", "")[:40],
            "as_of_error": error,
            "today": timezone.localdate(),
            "can_edit": access.can_edit_framework(request.user) and not past,
        },
        status=400 if error else 200,
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


@require_GET
@role_required(access.can_view_reference)
def metadata_export(request, fmt: str):
    """The whole framework (today's, or as of ``?as_of=``) as a JSON or XLSX file."""
    try:
        as_of = as_of_day(request.GET.get("as_of", ""))
    except DomainError as refused:
        return HttpResponseBadRequest(str(refused.message), content_type="text/plain; charset=utf-8")
    if fmt not in ("json", "xlsx"):
        raise Http404
    framework = framework_as_of(as_of)
    exporter = metadata.FrameworkExporter(framework)
    if fmt == "xlsx":
        return exporter.xlsx_response()
    response = HttpResponse(metadata.framework_json(framework), content_type="application/json")
    response["Content-Disposition"] = content_disposition_header(True, f"{exporter.file_name}.json")
    return response


SESSION_KEY = "framework_import"


@role_required(access.can_edit_framework)
def metadata_import(request):
    """Upload a framework file: a dry run shows what would change (created, changed fields, unchanged); confirming
    applies the same file, kept in the session meanwhile, through the services in one transaction."""
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and "confirm" in request.POST:
        kept = request.session.get(SESSION_KEY)
        if not kept or kept["token"] != request.POST.get("confirm"):
            messages.error(request, _("The file to confirm is no longer here; upload it again."))
            return redirect("indicator_metadata_import")
        if kept["stamp"] != metadata.framework_stamp():
            del request.session[SESSION_KEY]
            messages.error(
                request,
                _(
                    "The framework was changed by someone else since the preview; upload the file again to see "
                    "what it would change now."
                ),
            )
            return redirect("indicator_metadata_import")
        try:
            result = metadata.framework_import(
                data=kept["data"], by=request.user, reason=kept["reason"], dry_run=False
            )
        except metadata.ImportRefused as refused:
            context["errors"] = refused.errors
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _(
                    "The framework file is imported: %(created)s created, %(changed)s changed, %(same)s unchanged."
                )
                % {
                    "created": result.count("created"),
                    "changed": result.count("changed"),
                    "same": result.count("unchanged"),
                },
            )
            return redirect("indicator_catalogue")
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = metadata.read_file(upload.read(), upload.name)
            result = metadata.framework_import(
                data=data, by=request.user, reason=form.cleaned_data["reason"], dry_run=True
            )
        except metadata.ImportRefused as refused:
            context["errors"] = refused.errors
        else:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {
                "token": token,
                "data": json.loads(json.dumps(data, default=str)),
                "reason": form.cleaned_data["reason"],
                "file": upload.name,
                "stamp": metadata.framework_stamp(),
            }
            context |= {"result": result, "token": token, "file_name": upload.name}
    status = 400 if context.get("errors") else 200
    return render(request, "indicators/metadata_import.html", context, status=status)
