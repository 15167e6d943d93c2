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


@register.filter
def goal_of(target: dict) -> str:
    """A target given as a dict ({comparator, value}, the charts' data) as the Strategy writes it: '≥ 60'."""
    if not target:
        return ""
    return f"{SYMBOLS.get(target['comparator'], target['comparator'])} {short(target['value'])}"


@register.filter
def at(items, index):
    """{{ list|at:i }}: the item at position ``i`` of a list (None past its end)."""
    try:
        return items[int(index)]
    except (IndexError, TypeError, ValueError):
        return None


@register.filter
def province_short(name: str) -> str:
    """A province's name without "Tỉnh" or "Thành phố": "Tỉnh Tây Ninh" → "Tây Ninh"."""
    from dashboards.selectors import short_name

    return short_name(str(name))
