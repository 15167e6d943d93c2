"""Filters of the dashboard pages."""

from django import template

from core.templatetags.vn import short

register = template.Library()

SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


@register.filter
def goal(target) -> str:
    """A target (progress.method.Target or a plan's target) as the Strategy writes it: '≥ 60', '≤ 108,5'."""
    if target is None:
        return ""
    return f"{SYMBOLS.get(target.comparator, target.comparator)} {short(target.value)}"


@register.filter
def share(value) -> str:
    """A share in per cent, whole: 45 → '45%'; None → '—'."""
    if value is None:
        return "—"
    return f"{short(round(value))}%"
