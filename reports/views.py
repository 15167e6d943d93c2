from datetime import date

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts import access
from core.decorators import role_required
from lib.errors import DomainError
from lib.forms import add_domain_error
from reports.models import ReportingCycle
from reports.services import cycle_set


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_lazy("Year reported on"), min_value=2021, max_value=2030)
    deadline = forms.DateField(
        label=_lazy("Deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    call_letter = forms.CharField(label=_lazy("Call letter"), max_length=200, required=False)
    outline = forms.CharField(
        label=_lazy("Outline of the report"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


@role_required()
def cycle_list(request):
    can_manage = access.can_manage_cycles(request.user)
    year = date.today().year
    form = CycleForm(request.POST or None, initial={"year": year, "deadline": date(year, 12, 10)})
    if request.method == "POST":
        if not can_manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if form.is_valid():
            try:
                cycle_set(by=request.user, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The reporting cycle is saved."))
                return redirect("cycle_list")
    return render(
        request,
        "reports/cycles.html",
        {
            "cycles": ReportingCycle.objects.all(),
            "form": form if can_manage else None,
        },
    )
