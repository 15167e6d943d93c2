from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import VersionedForm


class RenameForm(VersionedForm):
    name = forms.CharField(label=_("New name"), max_length=200)
    name_en = forms.CharField(label=_("New name in English"), max_length=200, required=False)
    valid_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(
        label=_("Reason (for example the decision that made the change)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
