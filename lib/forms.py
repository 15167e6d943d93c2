"""Form helpers shared by the views."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lib.errors import DomainError


def add_domain_error(form, error: DomainError) -> None:
    """Show a service's refusal on the field it names, or above the form when the form has no such field."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


class VersionedForm(forms.Form):
    """A form that edits a stored record carries the version of the record it was opened at, in a hidden field
    the view hands to the service (``expected_version``); the service refuses the save if the record changed in
    between (``lib.locking.bump_version``). Also a base for ModelForms: ``class F(VersionedForm, ModelForm)``.

    The field is required when the form edits a stored record: a post without it (an old page, a hand-made
    request) is refused, never saved blindly. A ModelForm creating its record needs none, nor does a form that
    ``also_creates`` when its view gives no version (the view of a stored record always gives its version).
    Unless the view gives one, the version shown is the instance's (0 for a record not created yet).

    Every form of the project is either a VersionedForm or says why it needs no version (``no_version``, a
    sentence: it only creates, only reads, or acts on a record that carries no version); a test walks them all."""

    lock_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2_147_483_647,
        error_messages={
            "required": _("This form was opened from an old page; reload it and enter your changes again."),
            "invalid": _("This form was opened from an old page; reload it and enter your changes again."),
        },
    )

    also_creates = False  # a plain form used both to create its record and to edit it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None:
            creating = instance.pk is None  # a ModelForm creating the record: nothing to compare
        else:
            creating = self.also_creates and "lock_version" not in self.initial
        if creating:
            self.fields["lock_version"].required = False
        if "lock_version" not in self.initial:
            self.initial["lock_version"] = getattr(instance, "lock_version", 0) if instance is not None else 0

    @property
    def expected_version(self) -> int:
        version = self.cleaned_data.get("lock_version")
        return 0 if version is None else version

    def data_for_service(self) -> dict:
        """What the form cleaned, but the version (given to the service as ``expected_version``)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "lock_version"}

    def clean(self):
        cleaned = super().clean()
        if "lock_version" in self.errors:  # say it once, above the form, rather than on a field nobody sees
            self.add_error(None, self.errors.pop("lock_version"))
        return cleaned
