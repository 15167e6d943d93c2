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


@register.filter
def short(value):
    """A snapshot number for a page: two decimals at most, in the page's format ('-' stays out: None → '')."""
    if value is None or value == "":
        return ""
    from decimal import Decimal

    number = Decimal(str(value))
    if number != number.to_integral_value():
        number = number.quantize(Decimal("0.01"))
    return format_number(number, lang=get_language() or "vi")


@register.filter
def target_text(target):
    """["<=", "109"] → '≤ 109'."""
    if not target:
        return ""
    from indicators.models import Comparator

    comparator, value = target[0], target[1]
    return f"{Comparator(comparator).label} {short(value)}"


@register.filter
def status_label(status):
    """A progress status code in the page's language."""
    from progress.labels import STATUS_LABELS

    return STATUS_LABELS.get(status, status)


@register.filter
def method_label(method):
    """How a progress status was computed (rate, linear, level) in the page's language."""
    from progress.labels import METHOD_LABELS

    return METHOD_LABELS.get(method, method or "")


@register.filter
def reason_label(reason):
    """Why a progress status could not be measured, in the page's language."""
    from progress.labels import reason_label as label

    return label(reason or "")


@register.filter
def target_source(source):
    from progress.labels import SOURCE_LABELS

    return SOURCE_LABELS.get(source, source or "")


@register.filter
def percent(value):
    """0.0381 → '3,81%' (growth per year)."""
    if value is None or value == "":
        return ""
    from decimal import Decimal

    return short(Decimal(str(value)) * 100) + "%"


@register.filter
def figure(value):
    """A figure from a list of changes: a number in the page's format, any other text as it is."""
    from decimal import Decimal, InvalidOperation

    try:
        Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    return short(value)


@register.filter
def unit_label(value):
    """An indicator's unit of measure (stored in English) in the page's language."""
    if (get_language() or "vi").startswith("vi"):
        from plans.documents import UNITS_VI

        return UNITS_VI.get(value, value)
    return value


@register.filter
def value_status(code):
    """A value's workflow status in the page's language ("missing" as "not entered"), never the raw code."""
    from django.utils.translation import gettext

    from datavalues.models import value_status_label

    return gettext("not entered") if code == "missing" else value_status_label(code)


@register.filter
def sex_label(code):
    """total / female / male in the page's language."""
    from datavalues.models import Sex

    return Sex(code).label if code in Sex.values else code
