"""The one wording source of progress statuses, for pages (translated), documents (always Vietnamese) and the API's
labels (the caller's language); the API keeps the codes of ``progress.method`` as they are."""

from collections.abc import Mapping
from typing import Any

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
    method.SINGLE_VALUE: _("One value, too few for a trend"),
    method.NO_DATA: _("No data"),
}

# One value: the trend is unknown, and the wording still says whether the value meets its target.
SINGLE_LABELS = {
    "met": _("One value, too few for a trend; target met"),
    "not_met": _("One value, too few for a trend; target not met"),
    "no_target": _("One value, too few for a trend; no target to compare with"),
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
    method.LEGACY_SINGLE_REASON: _("one value only, below the target"),
    "target year not after the base year": _("the target's year is not after the first value's"),
    "no change required, target not met": _("no change needed by the method, yet the target is not met"),
}


def _field(inputs: Any, name: str) -> Any:
    """A field of an assessment: a progress.method.Assessment or the inputs dict a report snapshot stores."""
    if inputs is None:
        return None
    if isinstance(inputs, Mapping):
        return inputs.get(name)
    return getattr(inputs, name, None)


def effective_status(status: str, inputs: Any = None) -> str:
    """The status as the method names it now: a frozen snapshot written before SINGLE_VALUE existed stored one value
    below its target as NO_DATA with the reason LEGACY_SINGLE_REASON; it reads as SINGLE_VALUE."""
    if status == method.NO_DATA and _field(inputs, "reason") == method.LEGACY_SINGLE_REASON:
        return method.SINGLE_VALUE
    return status


def status_text(status: str, inputs: Any = None) -> str:
    """A status in the active language, in full: for a single value (SINGLE_VALUE, or achieved by one value) it
    says the trend is unknown and whether the value meets its target. ``inputs``: the Assessment or the snapshot's
    inputs dict (without them, the status's short name)."""
    status = effective_status(status, inputs)
    single = inputs is not None and _field(inputs, "method") == "level"
    if status == method.ACHIEVED and single:
        return str(SINGLE_LABELS["met"])
    if status == method.SINGLE_VALUE and inputs is not None:
        return str(SINGLE_LABELS["not_met" if _field(inputs, "target") else "no_target"])
    return str(STATUS_LABELS.get(status, status))


def reason_label(reason: str) -> str:
    """A reason of progress.method in the page's language (a configuration error keeps its detail)."""
    if reason.startswith("configuration error: "):
        return str(
            _("the indicator's settings do not allow an assessment (%(detail)s)") % {"detail": reason[21:]}
        )
    return str(REASON_LABELS.get(reason, reason))


def method_label(name: str) -> str:
    """How a status was computed (rate, linear, level) in the active language."""
    return str(METHOD_LABELS.get(name, name or ""))


def status_vi(status: str, inputs: Any = None) -> str:
    """``status_text`` in Vietnamese, for documents."""
    with translation.override("vi"):
        return status_text(status, inputs)


def source_vi(source: str) -> str:
    with translation.override("vi"):
        return str(SOURCE_LABELS.get(source, source))
