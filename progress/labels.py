"""Names of the statuses, for pages (translated) and for documents (always Vietnamese)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from progress import method

STATUS_LABELS = {
    method.ACHIEVED: _("Achieved"),
    method.ON_TRACK: _("On track"),
    method.NEEDS_ACCELERATION: _("Needs acceleration"),
    method.LIMITED: _("Limited progress"),
    method.DETERIORATING: _("Deteriorating"),
    method.TARGET_MISSED: _("Target missed"),
    method.NO_DATA: _("No data"),
}

SOURCE_LABELS = {
    "national": _("national target"),
    "province": _("provincial target"),
    "province_annual": _("provincial annual target"),
}


METHOD_LABELS = {
    "rate": _("yearly growth rate"),
    "linear": _("straight line"),
    "level": _("level reached"),
}

# The reasons progress.method gives for a status it could not measure (stored in frozen snapshots as they are).
REASON_LABELS = {
    "no observation": _("no value yet"),
    "one observation that does not meet the target": _("one value only, below the target"),
    "target year not after the base year": _("the target's year is not after the first value's"),
    "no change required, target not met": _("no change needed by the method, yet the target is not met"),
}


def reason_label(reason: str) -> str:
    """A reason of progress.method in the page's language (a configuration error keeps its detail)."""
    if reason.startswith("configuration error: "):
        return str(
            _("the indicator's settings do not allow an assessment (%(detail)s)") % {"detail": reason[21:]}
        )
    return str(REASON_LABELS.get(reason, reason))


def status_vi(status: str) -> str:
    with translation.override("vi"):
        return str(STATUS_LABELS.get(status, status))


def source_vi(source: str) -> str:
    with translation.override("vi"):
        return str(SOURCE_LABELS.get(source, source))
