from django import template
from django.utils.translation import gettext as _

from indicators.models import PartKind

register = template.Library()


@register.filter
def change_text(value):
    """A value of an indicator's audit entry in words: parts as "Numerator: ...; Denominator: ...", lists joined,
    yes or no for a flag."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dict):
        return "; ".join(
            f"{PartKind(kind).label if kind in PartKind.values else kind}: "
            f"{names.get('name_vi', '') if isinstance(names, dict) else names}"
            for kind, names in value.items()
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


@register.filter
def reference_text(value):
    """A note of the framework's reference file in the page's language (one typed on the page stays as written)."""
    from indicators.reference_texts import in_words

    return in_words(value) if value else value
