from django import template
from django.utils.translation import gettext as _

from core.templatetags.vn import num, short

register = template.Library()


@register.filter
def shown(figure) -> str:
    """A published figure as the portal shows it: yes or no for a milestone, else at most two decimals."""
    if figure is None:
        return ""
    if figure.indicator.unit_label == "yes/no":
        return _("yes") if figure.value else _("no")
    return short(figure.value)


@register.filter
def target(target, indicator) -> str:
    """A national target: "≥ 60", or yes for a milestone to reach."""
    if target is None:
        return ""
    if indicator.unit_label == "yes/no":
        return _("yes") if target.value else _("no")
    return f"{target.get_comparator_display()} {num(target.value)}"
