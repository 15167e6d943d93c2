"""Communication pages: thin views that load, ask ``accounts.access``, call one service and render or redirect."""

import contextlib
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from communication import services
from communication.forms import ActivityForm, CampaignForm, KeyDateCreateForm, KeyDateForm
from communication.models import ActivityType, Campaign, KeyDateRule
from communication.selectors import (
    activities_of,
    activity_get,
    calendar_of,
    communication_summary,
    in_action_month,
    key_date_rules,
    key_dates_for,
    m61_preview,
    province_totals,
)
from core.decorators import load_and_check, role_required
from core.form_post import act, form_post
from lib.errors import DomainError
from lib.forms import VersionedForm, add_domain_error
from units.models import AdminUnit
from units.selectors import province_today

FIRST_YEAR, LAST_YEAR = 2021, 2030


def _this_year() -> int:
    return min(max(date.today().year, FIRST_YEAR), LAST_YEAR)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return _this_year()
    return min(max(year, FIRST_YEAR), LAST_YEAR)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


def province_page(*checks):
    """The current province the address names (``code``), which the user reads and ``checks`` allow."""
    return load_and_check(province_today, access.can_view_communication, *checks, arg="code")


def _to_province(province: AdminUnit, year: int, anchor: str = ""):
    url = reverse("communication_province", args=[province.code, year])
    return redirect(url + (f"#{anchor}" if anchor else ""))


def _rights(user, province: AdminUnit) -> dict:
    return {
        "can_record": access.can_record_communication(user, province),
        "can_manage_campaigns": access.can_manage_campaigns(user, province),
        "can_write_m61": access.can_write_m61_from_communication(user, province),
    }


# --- the year's page ---------------------------------------------------------------------------------------------


@require_GET
@role_required()
def communication_home(request):
    """A province's people land on their province's page of this year; the ministry on every province's
    totals."""
    user = request.user
    year = _year(request.GET.get("year"))
    if access.is_ministry(user):
        return render(
            request,
            "communication/national.html",
            {
                "year": year,
                "years": range(FIRST_YEAR, LAST_YEAR + 1),
                "summary": communication_summary(None, year),
                "rows": province_totals(year),
            },
        )
    province = access.province_of(user)
    if province is None:
        raise PermissionDenied
    return _province_page(request, province, year)


@require_GET
@province_page()
def communication_province(request, province, year: int):
    _check_year(year)
    return _province_page(request, province, year)


def _province_page(request, province: AdminUnit, year: int):
    dates = key_dates_for(year)
    activities = activities_of(province, year=year)
    chosen = request.GET.get("type", "")
    if chosen in ActivityType.values:
        activities = activities.filter(activity_type=chosen)
    rows = [(a, in_action_month(a, dates)) for a in activities]
    context = {
        "province": province,
        "year": year,
        "years": range(FIRST_YEAR, LAST_YEAR + 1),
        "summary": communication_summary(province, year),
        "rows": rows,
        "types": ActivityType.choices,
        "chosen": chosen,
        "key_dates": dates,
        **_rights(request.user, province),
    }
    if request.headers.get("HX-Request") and request.GET.get("partial") == "activities":
        return render(request, "communication/_activities.html", context)
    return render(request, "communication/province.html", context)


@require_GET
@province_page()
def communication_calendar(request, province, year: int):
    _check_year(year)
    return render(
        request,
        "communication/calendar.html",
        {
            "province": province,
            "year": year,
            "months": calendar_of(province, year),
            "years": range(FIRST_YEAR, LAST_YEAR + 1),
            **_rights(request.user, province),
        },
    )


@province_page(access.can_write_m61_from_communication)
def communication_m61(request, province, year: int):
    """Preview the sum of people reached, then, on confirmation, write it as the province's M6.1 numerator."""
    _check_year(year)
    if request.method == "POST":
        try:
            expected_total = int(request.POST.get("total", ""))
            expected_version = int(request.POST.get("version", ""))
        except ValueError:
            raise Http404 from None
        try:
            value = services.m61_numerator_write(
                province=province,
                year=year,
                by=request.user,
                expected_total=expected_total,
                expected_version=expected_version,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "The M6.1 numerator of %(year)s is now %(value)s. It is entered: submit and approve it "
                    "with the other values."
                )
                % {"year": year, "value": f"{int(value.value):,}".replace(",", ".")},
            )
            return _to_province(province, year)
    preview = m61_preview(province, year)
    from indicators.models import Indicator

    return render(
        request,
        "communication/m61.html",
        {
            "province": province,
            "year": year,
            "preview": preview,
            "summary": preview["summary"],
            "indicator": Indicator.objects.filter(code="M6.1", province__isnull=True).first(),
        },
    )


# --- activities ------------------------------------------------------------------------------------------------


def _activity_form(request, province, *, activity=None):
    agency = None
    user = request.user
    if not access.can_manage_campaigns(user, province):  # a department officer: their agency's tasks only
        agency = user.agency
    initial = ActivityForm.initial_of(activity) if activity else {"languages": ["vi"], "agency": agency}
    if activity is None:
        day = request.GET.get("date", "")
        with contextlib.suppress(ValueError):
            initial["start_date"] = date.fromisoformat(day)
        campaign = request.GET.get("campaign", "")
        if campaign.isdigit():
            initial["campaign"] = Campaign.objects.filter(pk=campaign, province=province).first()
    return ActivityForm(request.POST or None, initial=initial, province=province, agency=agency)


@province_page(access.can_record_communication)
def activity_new(request, province):
    form = _activity_form(request, province)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        if not access.can_record_activity_for(request.user, province, data["task"]):
            form.add_error("task", _("You may record activities only under your agency's tasks."))
        else:
            try:
                activity = services.activity_create(province=province, by=request.user, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The activity is recorded."))
                return redirect("activity_detail", pk=activity.pk)
    return render(
        request,
        "communication/activity_form.html",
        {"province": province, "form": form, "title": _("Record a communication activity")},
    )


@require_GET
@load_and_check(activity_get, access.can_view_communication, of="province")
def activity_detail(request, activity):
    from audit.models import AuditEntry

    dates = key_dates_for(activity.start_date.year)
    return render(
        request,
        "communication/activity_detail.html",
        {
            "activity": activity,
            "province": activity.province,
            "year": activity.start_date.year,
            "action_month": in_action_month(activity, dates),
            "can_edit": access.can_edit_activity(request.user, activity),
            "history": AuditEntry.objects.for_object(activity).order_by("-at")[:20]
            if access.can_view_audit(request.user)
            else [],
        },
    )


@load_and_check(activity_get, access.can_edit_activity)  # who may edit may read
def activity_edit(request, activity):
    province = activity.province
    form = _activity_form(request, province, activity=activity)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        version = form.cleaned_data.get("lock_version")
        if not access.can_record_activity_for(request.user, province, data["task"]):
            form.add_error("task", _("You may record activities only under your agency's tasks."))
        else:
            try:
                services.activity_update(activity=activity, by=request.user, expected_version=version, **data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The activity is saved."))
                return redirect("activity_detail", pk=activity.pk)
    return render(
        request,
        "communication/activity_form.html",
        {"province": province, "form": form, "activity": activity, "title": activity.title},
    )


@load_and_check(activity_get, access.can_edit_activity)  # who may edit may read
def activity_delete(request, activity):
    year = activity.start_date.year
    if request.method == "POST":
        form = VersionedForm(request.POST)  # a post without the version is refused, never deleted blindly
        return act(
            request,
            lambda: services.activity_delete(
                activity=activity, by=request.user, expected_version=form.expected_version
            ),
            form=form,
            success=_("The activity is deleted."),
            to=_to_province(activity.province, year, "activities"),
            back=redirect("activity_detail", pk=activity.pk),
        )
    return render(
        request,
        "communication/confirm.html",
        {
            "question": _(
                "Delete the activity “%(title)s” with its people reached, products and costs? The audit log keeps "
                "a copy."
            )
            % {"title": activity.title},
            "button": _("Delete"),
            "lock_version": activity.lock_version,
            "back": reverse("activity_detail", args=[activity.pk]),
        },
    )


# --- campaigns ----------------------------------------------------------------------------------------------------


CAMPAIGNS = Campaign.objects.select_related("province")


@province_page(access.can_manage_campaigns)
def campaign_new(request, province):
    year = _year(request.GET.get("year"))
    form = CampaignForm(request.POST or None)
    done = form_post(
        request,
        form,
        lambda data: services.campaign_create(province=province, by=request.user, **data),
        success=_("The campaign is created. Record its activities."),
        to=lambda campaign: redirect("campaign_detail", pk=campaign.pk),
    )
    return done or render(
        request,
        "communication/form.html",
        {
            "province": province,
            "form": form,
            "title": _("New campaign"),
            "back": reverse("communication_province", args=[province.code, year]),
        },
    )


@require_GET
@load_and_check(CAMPAIGNS, access.can_view_communication, of="province")
def campaign_detail(request, campaign):
    activities = activities_of(campaign.province).filter(campaign=campaign)
    year = campaign.start_date.year
    summary = communication_summary(campaign.province, year)
    totals = next((c for c in summary["campaigns"] if c["id"] == campaign.pk), None)
    other_years = [y for y in {a.start_date.year for a in activities} if y != year]
    return render(
        request,
        "communication/campaign_detail.html",
        {
            "campaign": campaign,
            "province": campaign.province,
            "year": year,
            "activities": activities,
            "totals": totals,
            "other_years": other_years,
            **_rights(request.user, campaign.province),
        },
    )


@load_and_check(CAMPAIGNS, access.can_view_communication, access.can_manage_campaigns, of="province")
def campaign_edit(request, campaign):
    initial = {
        "name": campaign.name,
        "start_date": campaign.start_date,
        "end_date": campaign.end_date,
        "description": campaign.description,
        "lock_version": campaign.lock_version,
    }
    form = CampaignForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.campaign_update(
            campaign=campaign,
            by=request.user,
            expected_version=form.expected_version,
            **data,
        ),
        success=_("The campaign is saved."),
        to=lambda saved: redirect("campaign_detail", pk=campaign.pk),
    )
    return done or render(
        request,
        "communication/form.html",
        {
            "province": campaign.province,
            "form": form,
            "title": campaign.name,
            "back": reverse("campaign_detail", args=[campaign.pk]),
        },
    )


@load_and_check(CAMPAIGNS, access.can_view_communication, access.can_manage_campaigns, of="province")
def campaign_delete(request, campaign):
    if request.method == "POST":
        services.campaign_delete(campaign=campaign, by=request.user)
        messages.success(request, _("The campaign is deleted; its activities are kept."))
        return _to_province(campaign.province, campaign.start_date.year, "campaigns")
    count = campaign.activities.count()
    return render(
        request,
        "communication/confirm.html",
        {
            "question": _(
                "Delete the campaign “%(name)s”? Its %(n)s activities are kept, without a campaign."
            )
            % {"name": campaign.name, "n": count},
            "button": _("Delete"),
            "back": reverse("campaign_detail", args=[campaign.pk]),
        },
    )


# --- key dates ---------------------------------------------------------------------------------------------------


@require_GET
@role_required()
def key_date_list(request):
    year = _year(request.GET.get("year"))
    return render(
        request,
        "communication/key_dates.html",
        {
            "rules": key_date_rules(),
            "dates": key_dates_for(year),
            "year": year,
            "years": range(FIRST_YEAR, LAST_YEAR + 1),
            "can_edit": access.can_edit_key_dates(request.user),
        },
    )


@role_required(access.can_edit_key_dates)
def key_date_new(request):
    form = KeyDateCreateForm(request.POST or None, initial={"active": True})
    done = form_post(
        request,
        form,
        lambda data: services.key_date_create(by=request.user, order=KeyDateRule.objects.count() + 1, **data),
        success=_("The key date is added to every year's calendar."),
        to=lambda saved: redirect("key_date_list"),
    )
    return done or render(
        request,
        "communication/form.html",
        {"form": form, "title": _("New key date"), "back": reverse("key_date_list")},
    )


@role_required(access.can_edit_key_dates)
def key_date_edit(request, pk: int):
    rule = get_object_or_404(KeyDateRule, pk=pk)
    initial = {f: getattr(rule, f) for f in services.KEY_DATE_FIELDS} | {"lock_version": rule.lock_version}
    form = KeyDateForm(request.POST or None, initial=initial)
    done = form_post(
        request,
        form,
        lambda data: services.key_date_update(
            rule=rule,
            by=request.user,
            expected_version=form.expected_version,
            **data,
        ),
        success=_("The key date is saved."),
        to=lambda saved: redirect("key_date_list"),
    )
    return done or render(
        request,
        "communication/form.html",
        {"form": form, "title": rule.name_vi, "back": reverse("key_date_list")},
    )
