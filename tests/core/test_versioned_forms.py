"""Every form that edits a stored record carries the record's version (lib.forms.VersionedForm, DEVELOPERS.md
rule 11); every other form says why it needs none. A new form that does neither fails here."""

import importlib
import importlib.util

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

from lib.forms import VersionedForm

# Forms that still declare the field themselves, and why.
HAND_DECLARED = {
    # carries NO_GUIDANCE (-1) when no guidance existed as it was opened; VersionedForm's versions start at 0
    "questions.forms.GuidanceForm",
}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_forms() -> list[type]:
    """Every form class the project defines, wherever it is (the URLconf imports every view and its forms)."""
    get_resolver().url_patterns  # noqa: B018 - imports every view module, and with them their forms
    ours = {c.name for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))}
    for name in ours:
        if importlib.util.find_spec(f"{name}.forms") is not None:
            importlib.import_module(f"{name}.forms")
    return sorted(
        {f for f in _subclasses(forms.BaseForm) if f.__module__.split(".")[0] in ours},
        key=lambda f: f"{f.__module__}.{f.__qualname__}",
    )


def problems_of(form: type) -> list[str]:
    name = f"{form.__module__}.{form.__qualname__}"
    model = getattr(getattr(form, "_meta", None), "model", None)
    if issubclass(form, VersionedForm):
        if model is not None and not any(f.name == "lock_version" for f in model._meta.fields):
            return [f"{name} edits {model.__name__}, which has no lock_version (use lib.models.Versioned)"]
        return []
    if "lock_version" in form.base_fields:  # declared by hand: only where VersionedForm cannot serve
        if name in HAND_DECLARED:
            return []
        return [f"{name} declares lock_version by hand (make it a lib.forms.VersionedForm)"]
    reason = getattr(form, "no_version", "")
    if not (isinstance(reason, str) and reason.strip()):
        return [f"{name} is neither a lib.forms.VersionedForm nor says why it needs no version (no_version)"]
    return []


def test_every_form_carries_its_records_version_or_says_why_not():
    found = project_forms()
    names = {f.__qualname__ for f in found}
    # the walk reaches the forms of every kind, so a pass is not an empty loop
    assert {
        "TaskForm",
        "ProgrammeForm",
        "IndicatorForm",
        "TargetForm",
        "RenameForm",
        "AssignmentForm",
    } <= names
    assert [p for f in found for p in problems_of(f)] == []


def test_the_walk_fails_on_a_form_that_forgets_the_version():
    class Forgetful(forms.Form):
        title = forms.CharField()

    class Creates(forms.Form):
        no_version = "only creates"

    class Pasted(forms.Form):
        lock_version = forms.IntegerField(widget=forms.HiddenInput)

    assert problems_of(Forgetful) and not problems_of(Creates) and problems_of(Pasted)


@pytest.mark.django_db
def test_a_versioned_form_needs_the_version_and_starts_from_the_records():
    from plans.models import Programme

    class Edit(VersionedForm, forms.ModelForm):
        class Meta:
            model = Programme
            fields = ["name"]

    programme = Programme(
        pk=1, name="A", lock_version=7
    )  # a stored record (no query: the form only reads it)
    assert Edit(instance=programme).initial["lock_version"] == 7
    posted = Edit({"name": "B"}, instance=programme)
    assert not posted.is_valid() and posted.non_field_errors()
    assert Edit({"name": "B", "lock_version": "7"}, instance=programme).is_valid()
    # a form creating its record has nothing to compare with
    created = Edit({"name": "B"}, instance=Programme())
    assert created.is_valid() and created.expected_version == 0


def test_a_form_that_also_creates_needs_the_version_only_when_its_view_gives_one():
    class Either(VersionedForm):
        also_creates = True
        title = forms.CharField()

    class EditsOnly(VersionedForm):
        title = forms.CharField()

    assert Either({"title": "new"}).is_valid()  # creating: no stored record to compare with
    opened = Either({"title": "old page"}, initial={"lock_version": 3})  # editing a stored record
    assert not opened.is_valid() and opened.non_field_errors()
    edited = Either({"title": "edit", "lock_version": "3"}, initial={"lock_version": 3})
    assert edited.is_valid() and edited.expected_version == 3
    assert not EditsOnly({"title": "new"}).is_valid()
