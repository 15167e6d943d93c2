"""The server side of offline entry (issue 18, ``docs/adr/0010-offline-entry.md``): a batch of edits typed offline,
sent by the page once it is online again, answered edit by edit.

Every edit becomes an ``entry.Proposal`` with the version it was based on (``expected_version``) and goes through
``entry.apply``, the one set of rules of every path: the same access decision (``accounts.access.can_enter_value``,
asked through ``entry.forbidden_reason``), the same checks, a comment for a large change, one audit entry per value
written. ``apply`` is all or nothing, so the lines it refuses are taken out and the rest applied again, until it
succeeds or nothing is left: one invalid value never holds back the others.

An edit is answered ``saved`` (its new version), ``refused`` (what is wrong, on the field it concerns: ``access``,
``value``, ``comment``…) or ``conflict`` (someone saved the value after the version the edit started from: the
server's value, version, who and when; never overwritten). A conflict whose stored value is the edit's own value is
a batch sent again after its answer was lost: it is answered ``saved`` with the stored version, so a retry neither
writes twice nor shows a false conflict.

Everything is read in sets: the indicators (with their parts) once, the units in one query, the agencies once per
province, what is stored after the writes in one query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from datavalues import entry
from datavalues.models import DataValue, Sex
from indicators.models import Indicator, IndicatorPart
from indicators.services import parse_decimal
from lib.errors import DomainError
from lib.numbers import format_number
from units.models import AdminUnit

MAX_EDITS = 200  # edits a batch; the page sends its queue in batches of at most this many
FIRST_YEAR, LAST_YEAR = 2015, 2030
SAVED, REFUSED, CONFLICT = "saved", "refused", "conflict"
VIA = {"via": "offline"}  # the audit entry's context: the value came from an offline sync

# the fields an edit must carry, with the words that name them
REQUIRED = {
    "indicator": gettext_lazy("indicator"),
    "part": gettext_lazy("part"),
    "unit": gettext_lazy("unit"),
    "year": gettext_lazy("year"),
    "value": gettext_lazy("value"),
    "version": gettext_lazy("version"),
}

ValueKey = tuple[int, str, int, int, str, str]  # indicator id, part, unit id, year, sex, option


class BatchError(DomainError):
    """The batch as a whole cannot be read (not JSON, no list of edits, too many): nothing is done."""


@dataclass(eq=False)
class Edit:
    """One edit of the batch, as read, and what became of it."""

    index: int
    id: object
    typed: str = ""
    comment: str = ""
    version: int = 0
    render: bool = False
    indicator: Indicator | None = None
    part: IndicatorPart | None = None
    unit: AdminUnit | None = None
    year: int = 0
    sex: str = Sex.TOTAL
    option: str = ""
    value: Decimal | None = None
    proposal: entry.Proposal | None = None
    status: str = ""
    field: str = ""
    message: str = ""
    stored: DataValue | None = None  # the value as it stands once the batch is done
    last: Decimal | None = None  # last year's value (for the rendered cell)
    agency: object = None
    visible: bool = False  # whether the user may see the unit's values (else nothing stored is shown)

    @property
    def line(self) -> int:
        return self.index + 1

    def refuse(self, field_name: str, message: str) -> None:
        self.status, self.field, self.message = REFUSED, field_name, message

    @property
    def key(self) -> ValueKey | None:
        if self.indicator is None or self.part is None or self.unit is None:
            return None
        return (self.indicator.pk, self.part.kind, self.unit.pk, self.year, self.sex, self.option)

    def server(self) -> dict:
        """The server's value of a conflict, in the words the page shows."""
        stored = self.stored
        if stored is None:
            return {"value": "", "version": 0, "by": "", "at": ""}
        by = stored.updated_by
        return {
            "value": format_number(stored.value),
            "version": stored.version,
            # no one: a command run by the server's administrator (``import_values``, the demo data)
            "by": (by.full_name or by.username) if by is not None else _("the server's administrator"),
            "at": formats.date_format(timezone.localtime(stored.updated_at), "SHORT_DATETIME_FORMAT"),
        }

    def answer(self) -> dict:
        out: dict = {"id": self.id, "status": self.status}
        if self.status == SAVED:
            out["version"] = self.stored.version if self.stored is not None else 0
            return out
        out["version"] = self.stored.version if self.stored is not None and self.visible else 0
        out["field"] = self.field
        out["message"] = self.message
        if self.status == CONFLICT:
            out["server"] = self.server()
        return out


def edits_of(payload: object) -> list:
    """The list of edits of a batch already parsed from JSON; ``BatchError`` when there is none or too many."""
    edits = payload.get("edits") if isinstance(payload, dict) else None
    if not isinstance(edits, list):
        raise BatchError(_("The request must be a JSON object with a list of edits."))
    if len(edits) > MAX_EDITS:
        raise BatchError(
            _("A batch holds at most %(max)s edits; this one has %(n)s.")
            % {"max": MAX_EDITS, "n": len(edits)}
        )
    return edits


def sync(user, raw_edits: list) -> list[Edit]:
    """Read, check and apply a batch of edits for ``user``; each ``Edit`` says what became of it."""
    edits = [
        Edit(index=i, id=raw.get("id") if isinstance(raw, dict) else None) for i, raw in enumerate(raw_edits)
    ]
    resolver = entry.Resolver()
    _read(edits, raw_edits, resolver)
    # the access decision every path asks, before anything else: a cell the user may not enter is refused as such
    decided: dict[tuple, tuple[str, str] | None] = {}
    for e in edits:
        if e.proposal is None:
            continue
        asked = (e.unit.pk, e.indicator.pk, e.part.kind)  # type: ignore[union-attr]
        if asked not in decided:
            decided[asked] = entry.forbidden_reason(user, e.proposal, resolver)
        reason = decided[asked]
        if reason is not None:
            e.refuse("access", reason[1])
            e.proposal = None
    _apply(user, [e for e in edits if e.proposal is not None], resolver)
    _stand(user, edits, resolver)
    return edits


def _read(edits: list[Edit], raw_edits: list, resolver: entry.Resolver) -> None:
    """Each edit's fields, its indicator, part and unit (the units in one query); a malformed edit is refused."""
    unit_ids = {_int(raw.get("unit")) for raw in raw_edits if isinstance(raw, dict)} - {None}
    units = {
        u.pk: u for u in AdminUnit.objects.filter(pk__in=unit_ids).select_related("parent", "merged_into")
    }
    for e, raw in zip(edits, raw_edits, strict=True):
        if not isinstance(raw, dict):
            e.refuse("edit", _("This edit is not an object of fields."))
            continue
        missing = [str(words) for name, words in REQUIRED.items() if name not in raw]
        if missing:
            e.refuse("edit", _("This edit lacks: %(fields)s.") % {"fields": ", ".join(missing)})
            continue
        e.typed = str(raw["value"] if raw["value"] is not None else "").strip()
        e.comment = str(raw.get("comment") or "")
        e.render = raw.get("render") is True
        e.sex = str(raw.get("sex") or Sex.TOTAL)
        e.option = str(raw.get("option") or "")
        version = _int(raw["version"])
        e.version = version or 0
        indicator = resolver.indicator(str(raw["indicator"]))
        if indicator is None:
            e.refuse("indicator", _("There is no indicator %(code)s.") % {"code": str(raw["indicator"])[:40]})
            continue
        e.indicator = indicator
        e.part = next((p for p in indicator.parts.all() if p.kind == raw["part"]), None)
        if e.part is None:
            e.refuse(
                "part",
                _("Indicator %(code)s has no part “%(part)s”.")
                % {"code": indicator.code, "part": str(raw["part"])[:40]},
            )
            continue
        e.unit = units.get(_int(raw["unit"]))  # type: ignore[arg-type]
        if e.unit is None:
            e.refuse("unit", _("There is no unit %(id)s.") % {"id": str(raw["unit"])[:40]})
            continue
        year = _int(raw["year"])
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            e.refuse(
                "year",
                _("The year must be between %(first)s and %(last)s, not %(year)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR, "year": str(raw["year"])[:40]},
            )
            continue
        e.year = year
        if version is None:
            e.refuse("version", _("The page is out of date; reload it before saving."))
            continue
        if not e.typed:
            e.refuse("value", _("Enter a number."))
            continue
        try:
            e.value = parse_decimal(e.typed, field="value")
        except DomainError as exc:
            e.refuse("value", str(exc.message))
            continue
        e.proposal = entry.Proposal(
            indicator=indicator,
            part=e.part.kind,
            unit=e.unit,
            year=e.year,
            value=e.value,
            sex=e.sex,
            option=e.option,
            comment=e.comment,
            expected_version=e.version,
            line=e.line,
        )


def _int(value: object) -> int | None:
    """A whole number sent as a JSON number or as digits; None for anything else (true, 1.5, "12a")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _apply(user, edits: list[Edit], resolver: entry.Resolver) -> None:
    """``entry.apply`` on every edit still standing; the lines it refuses are taken out and the rest applied again
    (each round takes out at least one line, so there are at most as many rounds as edits). An error on no line
    (a value inserted by someone else meanwhile) is tried once more, then refuses what is left."""
    pending = {e.line: e for e in edits}
    # the primary series first, outside the rounds: a series created inside a refused round would be rolled back
    # while the resolver still holds its id
    resolver.load_series({e.indicator.pk: e.indicator for e in edits}.values())  # type: ignore[union-attr]
    retried = False
    while pending:
        try:
            entry.apply(
                [e.proposal for e in pending.values()],  # type: ignore[misc]
                by=user,
                context=VIA,
                require_comment=True,
                resolver=resolver,
            )
        except entry.Refused as exc:
            found: dict[int, list[tuple[str, str]]] = defaultdict(list)
            for line, field_name, message in exc.errors:
                found[line].append((field_name, message))
            ours = [line for line in found if line in pending]
            if not ours:
                if not retried:
                    retried = True
                    continue
                for e in pending.values():  # apply's words speak of a file ("run the import again")
                    e.refuse(
                        "conflict", _("Someone saved one of these values at the same moment; send it again.")
                    )
                return
            for line in ours:
                e = pending.pop(line)
                e.refuse(found[line][0][0], " ".join(m for _f, m in found[line]))
                if e.field == "conflict":
                    e.status = CONFLICT
            continue
        for e in pending.values():
            e.status = SAVED
        return


def _stand(user, edits: list[Edit], resolver: entry.Resolver) -> None:
    """What is stored of every edit's value once the batch is done (and last year's, for the cells rendered), in
    one query; a conflict with the edit's own value is the batch sent again: saved."""
    known = [e for e in edits if e.key is not None]
    if not known:
        return
    years = {e.year for e in known} | {e.year - 1 for e in known if e.render}
    rows = DataValue.objects.filter(
        series__is_primary=True,
        series__indicator_id__in={e.indicator.pk for e in known},  # type: ignore[union-attr]
        unit_id__in={e.unit.pk for e in known},  # type: ignore[union-attr]
        year__in=years,
    ).select_related("updated_by", "series")
    stored: dict[ValueKey, DataValue] = {
        (v.series.indicator_id, v.part, v.unit_id, v.year, v.sex, v.option): v for v in rows
    }
    seen: dict[int, bool] = {}
    for e in known:
        if e.proposal is not None:
            e.option = e.proposal.option  # made canonical by the checks
        unit = e.unit
        if unit.pk not in seen:  # type: ignore[union-attr]
            seen[unit.pk] = access.can_view_values(user, unit)  # type: ignore[union-attr,arg-type]
        e.visible = seen[unit.pk]  # type: ignore[union-attr]
        if not e.visible:
            continue  # a unit the user may not see: nothing of it is told
        key = e.key
        e.stored = stored.get(key)  # type: ignore[arg-type]
        last = stored.get((*key[:3], e.year - 1, *key[4:]))  # type: ignore[index]
        e.last = last.value if last is not None else None
        if e.render:
            e.agency = resolver.assigned_agency(unit, e.indicator, e.part.kind)  # type: ignore[arg-type,union-attr]
        if e.status == CONFLICT and e.stored is not None and e.stored.value == e.value:
            e.status, e.field, e.message = SAVED, "", ""
        elif e.status == CONFLICT:
            e.message = conflict_sentence(e)


def conflict_sentence(e: Edit) -> str:
    server = e.server()
    if e.stored is None:
        return _("While you were offline, this value was removed. Yours: %(mine)s.") % {"mine": e.typed}
    return _(
        "While you were offline, %(by)s changed this value to %(server)s on %(at)s. Yours: %(mine)s."
    ) % {
        "by": server["by"],
        "server": server["value"],
        "at": server["at"],
        "mine": format_number(e.value) if e.value is not None else e.typed,
    }


def totals(edits: list[Edit]) -> dict[str, int]:
    return {
        "saved": sum(e.status == SAVED for e in edits),
        "refused": sum(e.status == REFUSED for e in edits),
        "conflicts": sum(e.status == CONFLICT for e in edits),
    }
