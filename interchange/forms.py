from django import forms
from django.utils.translation import gettext_lazy as _

from interchange.models import UID_PATTERN, uid_validator
from lib.forms import VersionedForm


class MappingForm(VersionedForm):
    """One row of the DHIS2 mapping: the key is fixed by the page (hidden), the two identifiers are edited."""

    # the page always gives the version: the row's, or 0 for a key still on its generated default

    part = forms.CharField(widget=forms.HiddenInput)
    sex = forms.CharField(widget=forms.HiddenInput)
    option = forms.CharField(widget=forms.HiddenInput, required=False)
    data_element = forms.CharField(
        label=_("data element"),
        max_length=11,
        validators=[uid_validator],
        widget=forms.TextInput(attrs={"pattern": UID_PATTERN[1:-1], "size": 12}),
    )
    category_option_combo = forms.CharField(
        label=_("category option combo"),
        max_length=11,
        validators=[uid_validator],
        widget=forms.TextInput(attrs={"pattern": UID_PATTERN[1:-1], "size": 12}),
    )
