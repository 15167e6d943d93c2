from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import VersionedForm
from portal.services import NOTE_MAX


class PublishForm(forms.Form):
    no_version = "creates a publication; the one it replaces is superseded, not changed"

    note = forms.CharField(
        label=_("Note for the public (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the portal beside the year, e.g. what changed since the last publication."),
    )
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


class WithdrawForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the audit log; not shown on the portal."),
    )
    publication = forms.IntegerField(widget=forms.HiddenInput)


class DownloadForm(forms.Form):
    no_version = "only reads"

    """Narrowing a download: each choice is something published, so nothing else can be asked for."""

    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    unit = forms.ChoiceField(label=_("Administrative unit"), required=False)
    disaggregation = forms.ChoiceField(label=_("Disaggregation"), required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["indicator"].choices = everything + [
            (i.code, f"{i.code}. {i.name[:90]}") for i in choices["indicators"]
        ]
        self.fields["year"].choices = everything + [(str(y), str(y)) for y in choices["years"]]
        self.fields["unit"].choices = everything + [(u.code, u.name) for u in choices["units"]]
        self.fields["disaggregation"].choices = [
            ("", _("All: totals and disaggregations")),
            ("total", _("Totals only")),
            *choices.get("disaggregations", []),
        ]

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "indicator": data["indicator"],
            "year": data["year"],
            "unit": data["unit"],
            "disaggregation": data["disaggregation"],
        }


class ProvinceYearForm(forms.Form):
    no_version = "only reads"

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(str(y), str(y)) for y in reversed(years)]
