"""Form widgets of the project's own markup."""

from django import forms
from django.template.loader import render_to_string


class FilePicker(forms.ClearableFileInput):
    """A file input in the page's language (``templates/_file_input.html``): never the browser's own
    "Choose File / No file chosen". ``multiple`` lets several files be chosen (``allow_multiple_selected``)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        return render_to_string(
            "_file_input.html",
            {
                "id": attrs.get("id") or f"id_{name}",
                "name": name,
                "accept": attrs.get("accept", ""),
                "required": attrs.get("required", False),
                "multiple": self.allow_multiple_selected,
                "describedby": attrs.get("aria-describedby", ""),
            },
        )


class MultipleFilePicker(FilePicker):
    allow_multiple_selected = True
