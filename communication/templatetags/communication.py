"""Labels of the codes a communication summary holds, in the page's language (the stored copy holds the
Vietnamese labels for the documents)."""

from django import template

from communication.models import ActivityType, Audience, Language, MediaKind
from plans.models import FundingSource

register = template.Library()


def _label(choices, code) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code)


@register.filter
def activity_type_label(code):
    return _label(ActivityType, code)


@register.filter
def media_label(code):
    return _label(MediaKind, code)


@register.filter
def source_label(code):
    return _label(FundingSource, code)


@register.filter
def language_label(code):
    return _label(Language, code)


@register.filter
def audience_label(code):
    return _label(Audience, code)


@register.filter
def labels(codes, kind: str) -> str:
    """["vi", "km"]|labels:"language" → 'Vietnamese, Khmer'."""
    choices = {"language": Language, "audience": Audience}[kind]
    return ", ".join(_label(choices, code) for code in codes or [])


@register.filter
def day_span(entry_or_start, end=None) -> str:
    """dd/mm, or dd/mm–dd/mm for a period."""
    start = entry_or_start
    if end is None or end == start:
        return f"{start:%d/%m}"
    if start.year != end.year:
        return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"
    return f"{start:%d/%m}–{end:%d/%m}"


@register.filter
def iso_span(start: str, end: str) -> str:
    """Two ISO dates of a stored summary as dd/mm/yyyy–dd/mm/yyyy (one date when they are the same)."""
    import datetime as dt

    a, b = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return f"{a:%d/%m/%Y}" if a == b else f"{a:%d/%m/%Y}–{b:%d/%m/%Y}"
