from django import template
from django.utils.translation import get_language

from lib.dates import vn_long_date
from lib.numbers import format_number

register = template.Library()


@register.filter
def num(value, places=None):
    """{{ value|num }} -> 1.234,5 in Vietnamese, 1,234.5 in English."""
    return format_number(
        value, lang=get_language() or "vi", places=int(places) if places not in (None, "") else None
    )


@register.filter
def official_date(value):
    """{{ day|official_date }} -> 'ngày 05 tháng 01 năm 2026'."""
    return vn_long_date(value) if value else ""


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }} for dictionaries keyed by a variable."""
    return mapping.get(key) if mapping else None


@register.filter
def sum_amount(rows):
    """Sum of the ``amount`` of prefetched rows (budget lines)."""
    return sum(row.amount for row in rows)
