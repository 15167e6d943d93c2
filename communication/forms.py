from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from communication.models import ActivityType, Audience, Campaign, Language, MediaKind
from communication.selectors import linkable_tasks, task_label
from lib.forms import VersionedForm
from plans.models import FundingSource
from units.selectors import communes_of

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return task_label(obj)


class ActivityForm(VersionedForm):
    also_creates = True
    title = forms.CharField(label=_("Name of the activity"), max_length=300)
    activity_type = forms.ChoiceField(label=_("Type"), choices=ActivityType.choices)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"), queryset=Campaign.objects.none(), required=False, empty_label=_("— none —")
    )
    task = TaskChoiceField(
        label=_("Plan task"),
        queryset=None,
        required=False,
        empty_label=_("— not linked to a task —"),
        help_text=_("★ marks the plan's communication tasks."),
    )
    agency = forms.ModelChoiceField(
        label=_("Organised by"), queryset=None, required=False, empty_label=_("— not said —")
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    end_date = forms.DateField(
        label=_("End"), widget=DATE_WIDGET, required=False, help_text=_("Leave empty for a one-day activity.")
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, required=False, empty_label=_("— the whole province —")
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    channel = forms.CharField(
        label=_("Channel"),
        max_length=200,
        required=False,
        help_text=_(
            "e.g. provincial radio and television, commune loudspeakers, the Women's Union's Facebook page"
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, initial=["vi"]
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audience groups"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reached_female = forms.IntegerField(label=_("Women and girls reached"), min_value=0, required=False)
    reached_male = forms.IntegerField(label=_("Men and boys reached"), min_value=0, required=False)
    reached_unknown = forms.IntegerField(
        label=_("Reached, sex not known"),
        min_value=0,
        required=False,
        help_text=_("For broadcasts and loudspeakers, where listeners cannot be counted by sex."),
    )
    description = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, province=None, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(province=province).order_by("-start_date")
        self.fields["task"].queryset = linkable_tasks(province, agency=agency)
        if agency is not None:
            self.fields["task"].required = True
            self.fields["task"].empty_label = None
            self.fields["task"].help_text = _("Your agency's tasks in the province's plans.")
        agencies = Agency.objects.filter(province=province, active=True).select_related("kind")
        self.fields["agency"].queryset = agencies.prefetch_related("names")
        self.fields["commune"].queryset = communes_of(province)
        self.fields["commune"].label_from_instance = lambda unit: unit.name
        self.product_fields = []
        for kind, label in MediaKind.choices:
            name = f"product_{kind}"
            self.fields[name] = forms.IntegerField(label=label, min_value=0, required=False)
            self.product_fields.append(name)
        self.cost_fields = []
        for source, label in FundingSource.choices:
            name = f"cost_{source}"
            self.fields[name] = forms.IntegerField(label=label, min_value=0, required=False)
            self.cost_fields.append(name)

    MAIN = (
        "title",
        "activity_type",
        "campaign",
        "task",
        "agency",
        "start_date",
        "end_date",
        "commune",
        "place",
        "channel",
        "languages",
        "audiences",
        "reached_female",
        "reached_male",
        "reached_unknown",
        "description",
    )

    def field_group(self, names):
        return [self[name] for name in names]

    def basics(self):
        return self.field_group(self.MAIN[:12])

    def reach(self):
        return self.field_group(("reached_female", "reached_male", "reached_unknown"))

    def products(self):
        return self.field_group(self.product_fields)

    def costs(self):
        return self.field_group(self.cost_fields)

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.MAIN}
        data["products"] = {name[len("product_") :]: self.cleaned_data[name] for name in self.product_fields}
        data["costs"] = {name[len("cost_") :]: self.cleaned_data[name] for name in self.cost_fields}
        return data

    @staticmethod
    def initial_of(activity) -> dict:
        initial = {name: getattr(activity, name) for name in ActivityForm.MAIN}
        initial["lock_version"] = activity.lock_version
        for product in activity.products.all():
            initial[f"product_{product.kind}"] = product.quantity
        for cost in activity.costs.all():
            initial[f"cost_{cost.source}"] = int(cost.amount)
        return initial


class CampaignForm(VersionedForm):
    also_creates = True
    name = forms.CharField(
        label=_("Name"),
        max_length=300,
        help_text=_(
            "e.g. Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới 2026"
        ),
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("End"), widget=DATE_WIDGET)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class KeyDateForm(VersionedForm):
    name_vi = forms.CharField(label=_("Name (Vietnamese)"), max_length=300)
    name_en = forms.CharField(label=_("Name (English)"), max_length=300, required=False)
    start_day = forms.IntegerField(label=_("Day"), min_value=1, max_value=31)
    start_month = forms.IntegerField(label=_("Month"), min_value=1, max_value=12)
    end_day = forms.IntegerField(
        label=_("Last day"), min_value=1, max_value=31, required=False, help_text=_("Only for a period.")
    )
    end_month = forms.IntegerField(label=_("Last month"), min_value=1, max_value=12, required=False)
    action_month = forms.BooleanField(
        label=_("This is the Action Month"),
        required=False,
        help_text=_("Activities overlapping this period are shown as part of the Action Month."),
    )
    active = forms.BooleanField(label=_("Shown on the calendar"), required=False, initial=True)


class KeyDateCreateForm(KeyDateForm):
    also_creates = True  # only creates: its view gives no version
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("A short name without spaces, e.g. family_day.")
    )
    field_order = ["code"]
