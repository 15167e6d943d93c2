from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import VersionedForm
from lib.widgets import MultipleFilePicker
from questions.files import ACCEPTED
from questions.models import Topic

ACCEPT = ",".join(f".{extension}" for extension in ACCEPTED)
FILES_HELP = _("Up to 5 files: PDF, DOCX, XLSX, JPG or PNG, at most 10 MB each.")


class MultipleFileInput(MultipleFilePicker):
    """Several files, in the page's language (``lib.widgets.FilePicker``)."""


class FilesField(forms.Field):
    """Several files in one input. The files are checked by the service (``questions.files.check_files``),
    which names each file it refuses."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", FILES_HELP)
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ACCEPT

    def clean(self, value):
        if not value:
            return []
        return [f for f in (value if isinstance(value, list | tuple) else [value]) if f]


class QuestionForm(forms.Form):
    no_version = "creates a question"

    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "—"), *Topic.choices])
    title = forms.CharField(
        label=_("Title of the question"),
        max_length=200,
        help_text=_("One line that says what the question is about, e.g. “Which figure goes in M2.3?”."),
    )
    text = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Describe the difficulty: what you are doing, what is unclear and what you need from the ministry."
        ),
    )
    attachments = FilesField(label=_("Files"))


class ReplyForm(forms.Form):
    no_version = "adds a message to the thread; messages are never edited"

    text = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}))
    attachments = FilesField(label=_("Files"))


class CloseForm(VersionedForm):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. “Resolved by the answer of 12 March.”"),
    )


class ReopenForm(VersionedForm):
    reason = forms.CharField(
        label=_("Why reopen it?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The ministry sees the reason in the thread."),
    )


class GuidanceForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    title = forms.CharField(label=_("Title of the guidance"), max_length=200)
    question_text = forms.CharField(
        label=_("Question as published"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Edit it for every province to read: leave out names and what only concerns the province that asked."
        ),
    )
    answer_text = forms.CharField(label=_("Answer as published"), widget=forms.Textarea(attrs={"rows": 10}))
    attachments = forms.ModelMultipleChoiceField(
        label=_("Files published with it"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only the files ticked here are published. The province's files stay private unless you tick them."
        ),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, attachments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].queryset = attachments
        self.fields["attachments"].label_from_instance = self._label

    @staticmethod
    def _label(attachment) -> str:
        side = _("ministry") if attachment.message.from_ministry else _("province")
        return f"{attachment.name} ({side})"


class UnpublishForm(VersionedForm):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=500)
