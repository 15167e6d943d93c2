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


def status_vi(status: str) -> str:
    with translation.override("vi"):
        return str(STATUS_LABELS.get(status, status))


def source_vi(source: str) -> str:
    with translation.override("vi"):
        return str(SOURCE_LABELS.get(source, source))
