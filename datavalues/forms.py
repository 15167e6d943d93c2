from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from indicators.models import IndicatorPart
from lib.forms import VersionedForm

CHOOSE = _("Choose the part and the agency from the lists.")


class AssignmentForm(VersionedForm):
    """Which of the province's agencies provides a part; the version is the assignment's (0 while the part
    still goes to the framework's usual provider)."""

    part = forms.ModelChoiceField(
        queryset=IndicatorPart.objects.all(), error_messages={"required": CHOOSE, "invalid_choice": CHOOSE}
    )
    agency = forms.ModelChoiceField(
        queryset=None, error_messages={"required": CHOOSE, "invalid_choice": CHOOSE}
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(province=province)
