from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Comparator, Dimension, Indicator, PartKind
from indicators.reference_texts import TEXTS, in_words
from indicators.services import EDITABLE_FIELDS
from lib.forms import VersionedForm
from lib.widgets import FilePicker


class IndicatorForm(VersionedForm, forms.ModelForm):
    dimensions = forms.ModelMultipleChoiceField(
        label=_("Other disaggregations"),
        queryset=Dimension.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Indicator
        fields = [f for f in EDITABLE_FIELDS if f != "disaggregation_note"]
        widgets = {
            "name_vi": forms.Textarea(attrs={"rows": 2}),
            "name_en": forms.Textarea(attrs={"rows": 2, "lang": "en"}),
            "definition_vi": forms.Textarea(attrs={"rows": 3}),
            "definition_en": forms.Textarea(attrs={"rows": 3, "lang": "en"}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A note as the framework's reference file writes it is English: marked so, with its Vietnamese beside it.
        for name in ("collection_level", "note"):
            value = self.initial.get(name) or ""
            if value in TEXTS:
                self.fields[name].widget.attrs["lang"] = "en"
                self.fields[name].help_text = _(
                    "As the framework's reference file writes it, meaning: %(text)s"
                ) % {"text": in_words(value)}


class IndicatorCreateForm(IndicatorForm):
    code = forms.CharField(label=_("Code"), max_length=20)
    shape = forms.ChoiceField(
        label=_("Formula"),
        choices=[("ratio", _("Ratio: factor × numerator / denominator")), ("value", _("A single value"))],
        widget=forms.RadioSelect,
    )
    numerator_vi = forms.CharField(
        label=_("Numerator"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    denominator_vi = forms.CharField(
        label=_("Denominator"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = ["code", "objective", "name_vi", "name_en", "shape", "numerator_vi", "denominator_vi"]

    def clean(self):
        data = super().clean()
        if data.get("shape") == "ratio":
            for field in ("numerator_vi", "denominator_vi"):
                if not data.get(field, "").strip():
                    self.add_error(field, _("A ratio needs a numerator and a denominator."))
        return data

    def parts(self) -> dict[str, str]:
        data = self.cleaned_data
        if data["shape"] == "ratio":
            return {PartKind.NUMERATOR: data["numerator_vi"], PartKind.DENOMINATOR: data["denominator_vi"]}
        return {PartKind.VALUE: data["name_vi"]}


class TargetForm(VersionedForm):
    comparator = forms.ChoiceField(label=_("Comparator"), choices=Comparator.choices)
    value = forms.CharField(
        label=_("Target value"), max_length=30, help_text=_("Use a comma for decimals, for example 1,7.")
    )
    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FrameworkImportForm(forms.Form):
    no_version = "a whole file; its confirmation is refused once the framework differs from the one previewed"
    file = forms.FileField(
        widget=FilePicker(attrs={"accept": ".json,.xlsx"}),
        label=_("Framework file (JSON or XLSX)"),
        help_text=_("A file exported from this page, edited; what it does not list is left as it is."),
    )
    reason = forms.CharField(
        label=_("Reason for the changes"),
        max_length=500,
        help_text=_(
            "It goes with every change in the audit log, for example the decision that amended the framework."
        ),
    )
