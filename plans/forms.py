from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from indicators.models import Indicator
from lib.forms import VersionedForm
from lib.widgets import FilePicker
from plans.models import FundingSource, PlanKind, Programme, Task, TaskCategory
from plans.services import PROGRAMME_FIELDS, TEXT_FIELDS, local_templates

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def agency_choices(province):
    return (
        Agency.objects.filter(province=province, active=True).select_related("kind").prefetch_related("names")
    )


class PlanCreateForm(forms.Form):
    no_version = "creates a plan"

    kind = forms.ChoiceField(label=_("Kind of plan"), choices=PlanKind.choices)
    start_year = forms.IntegerField(
        label=_("First year"),
        min_value=2021,
        max_value=2030,
        help_text=_("2021 or 2026 for a five-year plan; the year for an annual plan."),
    )
    copy_from = forms.ModelChoiceField(
        label=_("Start as a copy of"), queryset=None, required=False, empty_label=_("— an empty plan —")
    )

    def __init__(self, *args, plans=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy_from"].queryset = plans


class PlanTextForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    general_objective = forms.CharField(
        label=_("General objective"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    specific_objectives = forms.CharField(
        label=_("Specific objectives"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    funding = forms.CharField(label=_("Funding"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    organisation = forms.CharField(
        label=_("Organisation of implementation"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    reporting = forms.CharField(
        label=_("Reporting schedule"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def texts(self) -> dict:
        return {f: self.cleaned_data[f] for f in TEXT_FIELDS}


class PlanIndicatorForm(VersionedForm):
    baseline_value = forms.CharField(
        label=_("Baseline value"),
        required=False,
        max_length=30,
        help_text=_("Use a comma for decimals, for example 42,5."),
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), required=False, min_value=2015, max_value=2030
    )
    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=None, required=False)
    partner_agencies = forms.ModelMultipleChoiceField(
        label=_("Partner agencies"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, province=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = agency_choices(province)
        self.fields["partner_agencies"].queryset = agency_choices(province)


class LocalIndicatorForm(forms.Form):
    no_version = "creates a local indicator"

    template = forms.ChoiceField(label=_("Start from"), required=False)
    code = forms.CharField(
        label=_("Short code"),
        max_length=12,
        required=False,
        help_text=_("Letters and digits; the province code is put in front."),
    )
    tag = forms.ChoiceField(
        label=_("Tag"),
        required=False,
        choices=[
            ("climate_change", _("Climate change")),
            ("ethnic_minority", _("Ethnic minorities")),
            ("other", _("Other")),
        ],
    )
    name_vi = forms.CharField(label=_("Name"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    unit_label = forms.CharField(label=_("Unit of measure"), required=False, initial="%")
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[("increase", _("Higher is better")), ("decrease", _("Lower is better"))],
    )
    numerator_vi = forms.CharField(label=_("Numerator"), required=False)
    denominator_vi = forms.CharField(label=_("Denominator"), required=False)
    provider = forms.CharField(label=_("Usual provider"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [("", _("— write my own —"))] + [
            (key, row["name_vi"]) for key, row in local_templates().items()
        ]


class TaskForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "order",
            "category",
            "model_type",
            "title",
            "description",
            "lead_agency",
            "partner_agencies",
            "start_date",
            "end_date",
            "indicators",
            "expected_outputs",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_outputs": forms.Textarea(attrs={"rows": 2}),
            "partner_agencies": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = TaskCategory.choices
        self.fields["lead_agency"].queryset = agency_choices(plan.province)
        self.fields["partner_agencies"].queryset = agency_choices(plan.province)
        self.fields["indicators"].queryset = Indicator.objects.filter(
            pk__in=plan.plan_indicators.values("indicator")
        ).order_by("province", "objective__number", "order")
        self.fields["indicators"].label_from_instance = lambda i: f"{i.code} {i.name_vi[:70]}"


class ProgressForm(forms.Form):
    no_version = "adds a progress report; reports are never edited"

    reported_on = forms.DateField(label=_("As of"), initial=date.today, widget=DATE_WIDGET)
    percent = forms.IntegerField(label=_("Per cent done"), min_value=0, max_value=100)
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    no_version = "a change of status, refused unless the plan is still in the status it leaves"

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class IssueForm(forms.Form):
    no_version = "a change of status, refused unless the plan is still in the status it leaves"

    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        help_text=_("As on the signed document, for example 45/KH-UBND."),
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Signed by"), max_length=200)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=200, initial="Phó Chủ tịch")


class ProgrammeForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Programme
        fields = list(PROGRAMME_FIELDS)
        widgets = {"name": forms.Textarea(attrs={"rows": 2}), "note": forms.Textarea(attrs={"rows": 2})}


class ImportForm(forms.Form):
    no_version = "a file of targets, checked against the plan's state as it is imported"

    file = forms.FileField(label=_("Excel file (.xlsx)"), widget=FilePicker(attrs={"accept": ".xlsx"}))


class TargetsForm(forms.Form):
    """The targets of an indicator of the plan, one row a year: comparator, value (empty removes the year's target)
    and the reason a target is weaker than the national one. The service checks each value."""

    no_version = "saved with the plan indicator's form, whose version covers its targets"

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        for year in years:
            self.fields[f"comparator-{year}"] = forms.CharField(required=False)
            self.fields[f"value-{year}"] = forms.CharField(required=False)
            self.fields[f"reason-{year}"] = forms.CharField(required=False)

    def targets(self) -> dict[int, dict]:
        return {
            year: {key: self.cleaned_data[f"{key}-{year}"] for key in ("comparator", "value", "reason")}
            for year in self.years
        }


class ExecutionForm(forms.Form):
    """Allocated and spent amounts of a task's budget lines, each with the version the line was shown at; lines
    not on the page (a year recorded on another plan) are left out, and so are lines whose amounts are unchanged."""

    no_version = "each line carries its own version (version-<line>), handed to the service"

    def __init__(self, *args, lines, shown, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines, self.shown = lines, shown
        for line in lines:
            self.fields[f"allocated-{line.pk}"] = forms.CharField(required=False)
            self.fields[f"spent-{line.pk}"] = forms.CharField(required=False)
            self.fields[f"version-{line.pk}"] = forms.CharField(required=False)

    def amounts(self) -> dict[int, dict]:
        """The changed lines: line id → allocated, spent and the version (-1 when missing: refused, never blind)."""
        changed = {}
        for line in self.lines:
            if f"allocated-{line.pk}" not in self.data and f"spent-{line.pk}" not in self.data:
                continue
            allocated, spent = (
                self.cleaned_data[f"allocated-{line.pk}"],
                self.cleaned_data[f"spent-{line.pk}"],
            )
            if (allocated, spent) == self.shown(line):
                continue
            version = self.cleaned_data[f"version-{line.pk}"]
            changed[line.pk] = {
                "allocated": allocated,
                "spent": spent,
                "version": int(version) if version.isdigit() else -1,
            }
        return changed


class PlannedBudgetForm(VersionedForm):
    """The planned amounts of a task, one cell a year of the plan and a source (empty: none); the version is the
    task's. The service checks each amount and names the cells it refuses."""

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = [(year, source) for year in years for source in FundingSource.values]
        for year, source in self.cells:
            self.fields[f"amount-{year}-{source}"] = forms.CharField(required=False)

    def amounts(self) -> dict[tuple[int, str], str | int]:
        return {
            (year, source): self.cleaned_data[f"amount-{year}-{source}"] or 0 for year, source in self.cells
        }
