"""Statuses in pages, worded by ``progress.labels`` (the one wording source of pages, documents and the API)."""

from django import template

from progress import labels

register = template.Library()


def _get(entry, name: str):
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


@register.filter
def status_text(entry) -> str:
    """A status entry in words: a progress_for status ({"status", "assessment"}) or a report snapshot's status
    ({"status", "inputs"}), or a row with those attributes; a single value says the trend is unknown and whether it meets its target."""
    if not entry:
        return ""
    return labels.status_text(_get(entry, "status") or "", _get(entry, "assessment") or _get(entry, "inputs"))


@register.filter
def status_code(entry) -> str:
    """The status code of an entry as the method names it now (for the badge's colour): a frozen snapshot's one
    value below its target, stored as no_data, is single_value."""
    if not entry:
        return ""
    return labels.effective_status(
        _get(entry, "status") or "", _get(entry, "assessment") or _get(entry, "inputs")
    )
