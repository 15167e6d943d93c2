from datetime import date

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import access
from agencies.forms import RenameForm
from agencies.models import Agency
from agencies.selectors import agencies_of
from agencies.services import agency_rename
from core.decorators import load_and_check, role_required
from core.form_post import form_post
from units.models import Level
from units.selectors import provinces_on, units_with_names


@require_GET
@role_required()
def agency_list(request):
    """The agencies of a province: the user's own, or for the ministry the one chosen (default: the first)."""
    user = request.user
    province = access.province_of(user)
    provinces = None
    if access.is_ministry(user):
        provinces = provinces_on(date.today())
        code = request.GET.get("province")
        province = provinces.filter(code=code).first() if code else provinces.first()
    if province is None or not access.can_view_agencies(user, province):
        raise PermissionDenied
    day = date.today()
    rows = [(agency, agency.name_on(day), list(agency.names.all())) for agency in agencies_of(province)]
    return render(
        request,
        "agencies/list.html",
        {
            "province": province,
            "provinces": provinces,
            "rows": rows,
            "can_manage": access.can_manage_agencies(user, province),
        },
    )


@load_and_check(Agency.objects.select_related("province", "kind"), access.can_manage_agencies, of="province")
def agency_rename_view(request, agency):
    form = RenameForm(
        request.POST or None, initial={"valid_from": date.today(), "lock_version": agency.lock_version}
    )
    done = form_post(
        request,
        form,
        lambda data: agency_rename(
            agency=agency, by=request.user, expected_version=form.expected_version, **data
        ),
        success=_("The new name is recorded; documents dated before keep the old one."),
        to=f"{reverse('agency_list')}?province={agency.province.code}",
    )
    if done:
        return done
    province = units_with_names().get(pk=agency.province_id, level=Level.PROVINCE)
    return render(request, "agencies/rename.html", {"agency": agency, "province": province, "form": form})
