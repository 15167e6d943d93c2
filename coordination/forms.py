from django import forms
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from coordination.models import DecisionStatus
from lib.forms import VersionedForm


class MeetingForm(VersionedForm):
    also_creates = True
    held_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    chair = forms.ModelChoiceField(
        label=gettext_lazy("Chaired by"), queryset=Agency.objects.none(), required=False
    )
    participants = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Participating agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_participants = forms.CharField(
        label=gettext_lazy("Other participants"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = (
            Agency.objects.filter(province=province, active=True)
            .prefetch_related("names")
            .order_by("-is_focal", "kind__order")
        )
        for name in ("chair", "participants"):
            self.fields[name].queryset = agencies
            self.fields[name].label_from_instance = lambda agency: agency.name


class DecisionForm(forms.Form):
    no_version = "adds a decision to the meeting"

    text = forms.CharField(label=gettext_lazy("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.ModelChoiceField(
        label=gettext_lazy("Responsible agency"), queryset=Agency.objects.none(), required=False
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Agency.objects.filter(
            province=province, active=True
        ).prefetch_related("names")
        self.fields["responsible"].label_from_instance = lambda agency: agency.name


class FollowUpForm(forms.Form):
    no_version = "adds a follow-up entry; entries are appended, none is overwritten"

    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=DecisionStatus.choices)
    note = forms.CharField(label=gettext_lazy("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(
        label=gettext_lazy("Done on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
