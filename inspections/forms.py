from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.selectors import agencies_of
from inspections.models import RecommendationStatus
from inspections.selectors import indicators_for, tasks_for
from inspections.services import TRANSITIONS
from lib.forms import VersionedForm
from units.selectors import communes_of

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ChoiceField):
    """One list with the province's agencies and its communes; the value is ``agency:<id>`` or
    ``commune:<id>`` and cleans to ``(agency, commune)``, one of them None."""

    def __init__(self, *args, province=None, on: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies_of(province).filter(active=True)} if province else {}
        self.communes = {str(c.pk): c for c in communes_of(province, on=on)} if province else {}
        self.choices = [
            ("", "---------"),
            (_("Agencies of the province"), [(f"agency:{k}", a.name) for k, a in self.agencies.items()]),
            (_("Communes of the province"), [(f"commune:{k}", c.name) for k, c in self.communes.items()]),
        ]

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None, None
        kind, _sep, pk = value.partition(":")
        if kind == "agency" and pk in self.agencies:
            return self.agencies[pk], None
        if kind == "commune" and pk in self.communes:
            return None, self.communes[pk]
        raise forms.ValidationError(_("Choose an agency or a commune from the list."))

    @staticmethod
    def initial_for(agency, commune) -> str:
        if agency is not None:
            return f"agency:{agency.pk}"
        if commune is not None:
            return f"commune:{commune.pk}"
        return ""


class InspectionPlanForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    purpose = forms.CharField(
        label=_("Purpose and requirements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One paragraph per line; used in the DOCX."),
    )
    organisation = forms.CharField(
        label=_("Organisation of implementation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("Once the plan is issued, as on the signed document, for example 45/KH-SNV."),
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, required=False)


class InspectionForm(VersionedForm):
    also_creates = True
    unit = UnitChoiceField(label=_("Unit inspected"))
    topics = forms.CharField(
        label=_("Topics"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is inspected, for example the plan's tasks on statistics and communication."),
    )
    planned_from = forms.DateField(label=_("Planned from"), widget=DATE_WIDGET)
    planned_to = forms.DateField(
        label=_("Planned until"), required=False, widget=DATE_WIDGET, help_text=_("Empty for one day.")
    )
    lead_agency = forms.ModelChoiceField(label=_("Team lead agency"), queryset=None)
    team_members = forms.CharField(
        label=_("Team members"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names, positions and agencies, one per line."),
    )
    tasks = forms.ModelMultipleChoiceField(
        label=_("Linked plan tasks"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Linked indicators"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        province = plan.province
        self.fields["unit"] = UnitChoiceField(
            label=_("Unit inspected"), province=province, on=date(plan.year, 12, 31)
        )
        self.fields["lead_agency"].queryset = agencies_of(province).filter(active=True)
        self.fields["tasks"].queryset = tasks_for(province, plan.year)
        self.fields["tasks"].label_from_instance = lambda t: (
            f"{t.title[:90]} ({t.plan.start_year}-{t.plan.end_year})"
        )
        self.fields["indicators"].queryset = indicators_for(province)
        self.fields["indicators"].label_from_instance = lambda i: f"{i.code} {i.name_vi[:80]}"

    def data_for_service(self) -> dict:
        data = {k: v for k, v in super().data_for_service().items() if k != "unit"}
        data["agency"], data["commune"] = self.cleaned_data["unit"]
        return data


class ResultsForm(VersionedForm):
    done_on = forms.DateField(label=_("Date done"), widget=DATE_WIDGET)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))
    violations_count = forms.IntegerField(label=_("Number of violations"), min_value=0, initial=0)
    violations = forms.CharField(
        label=_("Violations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was found in breach, when the number is not 0."),
    )


class CancelForm(VersionedForm):
    reason = forms.CharField(label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(VersionedForm):
    also_creates = True
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = UnitChoiceField(label=_("Responsible agency or commune"))
    due_on = forms.DateField(label=_("Due date"), widget=DATE_WIDGET)

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"] = UnitChoiceField(
            label=_("Responsible agency or commune"), province=province, on=date.today()
        )

    def data_for_service(self) -> dict:
        agency, commune = self.cleaned_data["responsible"]
        return {
            "text": self.cleaned_data["text"],
            "due_on": self.cleaned_data["due_on"],
            "responsible_agency": agency,
            "responsible_commune": commune,
        }


class StatusForm(VersionedForm):
    status = forms.ChoiceField(label=_("New status"), choices=RecommendationStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was done, or why the status changes."),
    )

    def __init__(self, *args, current: str = RecommendationStatus.OPEN, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[RecommendationStatus(current)]
        self.fields["status"].choices = [
            (v, label) for v, label in RecommendationStatus.choices if v in allowed
        ]
