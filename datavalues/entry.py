"""The one set of rules for entering values, whatever the path: a grid cell, the API, an uploaded file, a command.

Every path turns what it was given into ``Proposal``s and calls ``apply``. ``apply`` works in sets, whatever the
number of values: each code is resolved once (``Resolver``), every proposal is asked the same access decision
(``accounts.access.can_enter_value``), the checks see the state the values will have together (what is stored,
overlaid with what is proposed), and the writes are bulk INSERTs and UPDATEs with one audit entry per changed value,
inserted in bulk too. All or nothing: one error anywhere and nothing is written.

Checks, per value: the number fits the column; the indicator has the part; sex is total, female or male and only
for indicators disaggregated by sex; the unit was in force that year; no negative value; yes/no is 0 or 1; the value
is not locked (approved or accepted) and was not changed by someone else since the version it started from. Across
values: numerator not above denominator where it is counted within it (``Indicator.part_of_whole``), female + male =
total, each within every disaggregation (``option``); a disaggregation is one the indicator declares
(``indicators.cuts.normalise``; stored in its canonical form) and the declared cuts add up to their total
(``indicators.cuts.sum_mismatches``), as female and male do. Per value, from the indicator: whole numbers where the
parts count (``whole_numbers``), the ministry's range (``value_min``, ``value_max``) where it set one. A large change
from last year, and a value far from its own history (``datavalues.quality``), is a warning that needs a comment
where the path asks for one (the grid and the API; a file does not).

A value equal to the stored one (same number, source, date and comment, not returned) is counted as unchanged and
not written again."""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from audit.services import audit_fields, log_actions
from datavalues import quality, rollup_cache
from datavalues.models import CHANGE_NEEDS_COMMENT, LOCKED, DataValue, Series, Sex, ValueStatus, value_repr
from indicators import cuts
from indicators.models import Indicator, PartKind
from lib import bulk
from lib.dates import year_end
from lib.errors import DomainError, quoted
from lib.locking import write_transaction
from lib.numbers import format_number
from units.models import AdminUnit
from units.selectors import current_province

Key = tuple[int, str, int, int, str, str]  # series, part, unit, year, sex, option (canonical; "" the total)
CHUNK = 2000  # values written a statement
PROGRESS_EVERY = 2000  # rows between two reports to ``on_progress``
SEXES = tuple(Sex.values)  # the enum's ``values`` is rebuilt on every read: kept once for the loops over rows
PARTS = frozenset(PartKind.values)


@dataclass(slots=True)
class Proposal:
    """One value someone wants to enter. ``line`` names it in errors (a file's row; 0 for a single save).
    ``option`` is the disaggregation as given (``area=urban``; "" the total), made canonical by the checks."""

    indicator: Indicator
    part: str
    unit: AdminUnit
    year: int
    value: Decimal
    sex: str = Sex.TOTAL
    source: str = ""
    as_of: date | None = None
    comment: str = ""
    expected_version: int | None = None
    line: int = 0
    series_id: int = 0
    option: str = ""

    @property
    def key(self) -> Key:
        return (self.series_id, self.part, self.unit.pk, self.year, self.sex, self.option)


@dataclass(slots=True)
class Stored:
    pk: int
    value: Decimal
    status: str
    source: str
    as_of: date | None
    comment: str
    version: int
    updated_by: str

    def state(self) -> dict:
        return {
            "value": self.value,
            "status": self.status,
            "source": self.source,
            "as_of": self.as_of,
            "comment": self.comment,
            "version": self.version,
        }


@dataclass
class Outcome:
    """What ``apply`` did (or, on a dry run, would do)."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0
    saved: list[int] = field(default_factory=list)  # primary keys, in the order of the proposals
    warnings: dict[int, list[str]] = field(default_factory=dict)  # line → warnings (nothing blocked by them)


class Refused(DomainError):
    """Nothing was written; ``errors`` lists (line, field, message), ``forbidden`` says whether access was the
    reason (every error an access refusal)."""

    def __init__(self, errors: list[tuple[int, str, str]], *, forbidden: bool = False):
        super().__init__(_("Nothing was imported: %(n)s errors.") % {"n": len(errors)}, field=errors[0][1])
        self.errors = errors
        self.forbidden = forbidden


def plain(value: Decimal) -> str:
    return format_number(value)


# --- resolving codes, once each -------------------------------------------------------------------------------------


class Resolver:
    """Codes to objects, each looked up once and kept: indicators with their parts, primary series (created for an
    indicator that has none), units by code and year, the agency assigned each part in a province."""

    def __init__(self) -> None:
        self._indicators: dict[str, Indicator | None] | None = None
        self._series: dict[int, int] = {}
        self._units: dict[tuple[str, int], AdminUnit | None] = {}
        self._assigned: dict[int, dict[int, object]] = {}
        self._parts: dict[int, dict[str, int]] = {}
        self._declared: dict[int, cuts.Declared] = {}

    def indicator(self, code: str) -> Indicator | None:
        if self._indicators is None:
            self._indicators = {i.code: i for i in Indicator.objects.prefetch_related("parts")}
        return self._indicators.get(code)

    def series_id(self, indicator: Indicator) -> int:
        if indicator.pk not in self._series:
            self.load_series([indicator])
        return self._series[indicator.pk]

    def use_series(self, indicator: Indicator, series: Series) -> None:
        """Enter ``indicator``'s values into ``series`` rather than its primary one."""
        self._series[indicator.pk] = series.pk

    def load_series(self, indicators: Iterable[Indicator]) -> None:
        wanted = {i.pk: i for i in indicators if i.pk not in self._series}
        if not wanted:
            return
        found = dict(
            Series.objects.filter(indicator_id__in=list(wanted), is_primary=True).values_list(
                "indicator_id", "pk"
            )
        )
        for pk, indicator in wanted.items():
            if pk not in found:
                from datavalues.services import series_primary

                found[pk] = series_primary(indicator).pk
        self._series.update(found)

    def units(self, pairs: Iterable[tuple[str, int]]) -> None:
        """Resolve many (code, year) pairs in one query: the units carrying the codes at some time, picked in
        Python by the one in force on 31 December of the year (as ``units.selectors.unit_for_year``)."""
        wanted = {p for p in pairs if p not in self._units}
        if not wanted:
            return
        codes = {code for code, _y in wanted}
        candidates: dict[str, list[AdminUnit]] = defaultdict(list)
        for unit in AdminUnit.objects.filter(code__in=codes).select_related("parent", "merged_into"):
            candidates[unit.code].append(unit)
        for code, year in wanted:
            day = year_end(year)
            matches = [u for u in candidates.get(code, []) if u.valid_on(day)]
            self._units[(code, year)] = matches[0] if len(matches) == 1 else None

    def unit(self, code: str, year: int) -> AdminUnit | None:
        self.units([(code, year)])
        return self._units[(code, year)]

    def declared(self, indicator: Indicator) -> cuts.Declared:
        """The indicator's declared disaggregations (``load_declared`` reads many at once)."""
        if indicator.pk not in self._declared:
            self.load_declared([indicator])
        return self._declared[indicator.pk]

    def load_declared(self, indicators: Iterable[Indicator]) -> None:
        wanted = {i.pk: i for i in indicators if i.pk not in self._declared}
        if wanted:
            self._declared.update(cuts.declared_many(wanted.values()))

    def part_pks(self, indicator: Indicator) -> dict[str, int]:
        """The indicator's parts, kind → primary key (from the prefetched parts, kept per indicator)."""
        found = self._parts.get(indicator.pk)
        if found is None:
            found = self._parts[indicator.pk] = {p.kind: p.pk for p in indicator.parts.all()}
        return found

    def assigned_agency(self, unit: AdminUnit, indicator: Indicator, part: str):
        """The agency that provides the part in the unit's province (``datavalues.selectors.assignments_of``)."""
        province = current_province(unit)
        if province is None:
            return None
        if province.pk not in self._assigned:
            from datavalues.selectors import assignments_of

            self._assigned[province.pk] = assignments_of(province)
        part_pk = self.part_pks(indicator).get(part)
        return self._assigned[province.pk].get(part_pk) if part_pk is not None else None


# --- checks -----------------------------------------------------------------------------------------------------


def forbidden_reason(user, proposal: Proposal, resolver: Resolver) -> tuple[str, str] | None:
    """Why ``user`` may not enter the proposal, as (field, words), or None: ``accounts.access.can_enter_value``, the one
    access decision of every path, explained. ``user`` None is the server's administrator running a command."""
    return forbidden_part(user, proposal.indicator, proposal.unit, proposal.part, resolver)


def forbidden_part(
    user, indicator: Indicator, unit: AdminUnit, part: str, resolver: Resolver
) -> tuple[str, str] | None:
    """``forbidden_reason`` of a part of an indicator in a unit: also what the workflow's submit asks of each value."""
    if not access.local_indicator_allowed(indicator, unit):
        return "indicator", _(
            "Indicator %(code)s is a local indicator of another province; %(unit)s cannot enter it."
        ) % {"code": indicator.code, "unit": unit.name}
    if user is None:
        return None
    if not access.can_edit_values(user, unit):
        return "unit", _("%(unit)s (code %(code)s) is outside what you may enter.") % {
            "unit": unit.name,
            "code": unit.code,
        }
    agency = resolver.assigned_agency(unit, indicator, part)
    if access.can_enter_value(user, unit, indicator, agency):
        return None
    part = PartKind(part).label if part in PARTS else part
    if agency is None:
        return "part", _(
            "No agency of the province is assigned the %(part)s of %(code)s; you may not enter it."
        ) % {
            "part": str(part).lower(),
            "code": indicator.code,
        }
    return "part", _("The %(part)s of %(code)s is entered by %(agency)s; you may not enter it.") % {
        "part": str(part).lower(),
        "code": indicator.code,
        "agency": agency.name,
    }


def single_errors(p: Proposal, resolver: Resolver) -> list[tuple[str, str]]:
    """The checks of one value alone, as (field, message)."""
    value, indicator = p.value, p.indicator
    if (
        not value.is_finite()
        or abs(value) >= Decimal(10) ** 14
        or value != value.quantize(Decimal("0.000001"))
    ):
        # the column holds 14 digits before the decimal point and 6 after
        return [("value", _("%(value)s is too large or has more than 6 decimals.") % {"value": plain(value)})]
    parts = resolver.part_pks(indicator)
    if p.part not in parts:
        return [
            (
                "part",
                _("Indicator %(code)s has no part “%(part)s”; it has %(parts)s.")
                % {
                    "code": indicator.code,
                    "part": p.part,
                    # the codes a file writes, each with its name in the reader's language
                    "parts": ", ".join(
                        f"{kind} ({PartKind(kind).label if kind in PARTS else kind})"
                        for kind in sorted(parts)
                    ),
                },
            )
        ]
    errors = []
    if p.sex not in SEXES:
        errors.append(("sex", _("Sex is total, female or male, not “%(sex)s”.") % {"sex": quoted(p.sex)}))
    elif p.sex != Sex.TOTAL and not indicator.by_sex:
        errors.append(
            ("sex", _("Indicator %(code)s is not disaggregated by sex.") % {"code": indicator.code})
        )
    if not p.unit.valid_on(year_end(p.year)):
        errors.append(
            (
                "unit",
                _("%(unit)s (code %(code)s) was not in force in %(year)s.")
                % {"unit": p.unit.name, "code": p.unit.code, "year": p.year},
            )
        )
    if value < 0:
        errors.append(("value", _("A value cannot be negative.")))
    if indicator.unit_label == "yes/no" and value not in (0, 1):
        errors.append(("value", _("A yes/no indicator takes 1 (yes) or 0 (no).")))
    # ``whole_numbers`` is on where the reference data's parts are counted (records of people, events, bodies) and
    # off for weighted survey estimates (Labour Force Survey), population estimates and means, which need not be whole
    elif indicator.whole_numbers and value != value.to_integral_value():
        errors.append(("value", whole_number_error(indicator, p.part, value)))
    low, high = indicator.value_min, indicator.value_max
    if (low is not None and value < low) or (high is not None and value > high):
        errors.append(
            (
                "value",
                _("%(value)s is outside the valid range of indicator %(code)s (%(low)s to %(high)s).")
                % {
                    "value": plain(value),
                    "code": indicator.code,
                    "low": plain(low) if low is not None else "…",
                    "high": plain(high) if high is not None else "…",
                },
            )
        )
    return errors


def whole_number_error(indicator: Indicator, part: str, value: Decimal) -> str:
    """The refusal of a fraction where the indicator's parts count (``whole_numbers``), naming the part and what it
    counts: "Tử số của M3.4 là số đếm (Số cơ sở trợ giúp xã hội…): phải là số nguyên, không phải 32,5." The same
    words on every path; a file's row and column, or the grid's cell, say where."""
    named = next((q for q in indicator.parts.all() if q.kind == part), None)
    words = {
        "part": PartKind(part).label if part in PARTS else part,
        "code": indicator.code,
        "value": plain(value),
    }
    what = named.name.strip() if named is not None else ""
    if not what:
        return _("%(part)s of %(code)s is a count: it must be a whole number, not %(value)s.") % words
    words["what"] = what if len(what) <= 90 else what[:89].rstrip() + "…"
    return _("%(part)s of %(code)s is a count (%(what)s): it must be a whole number, not %(value)s.") % words


def _option_errors(p: Proposal, resolver: Resolver) -> list[tuple[str, str]]:
    """The disaggregation checked against the indicator's declared ones and made canonical (``p.option``)."""
    if not p.option:
        return []
    try:
        p.option = intern(
            cuts.normalise(p.option, resolver.declared(p.indicator), indicator_code=p.indicator.code)
        )
    except cuts.CutError as exc:
        return [("disaggregation", exc.message)]
    return []


def _sum_errors(
    proposed: dict[Key, Proposal], stored: dict[Key, Stored], resolver: Resolver, *, skip: set[int]
) -> list[tuple[int, str, str]]:
    """The declared cuts add up to what they divide (``cuts.sum_mismatches``), for every series, part, unit, year and
    sex of a proposal where the values, stored and proposed together, hold a cut; named on each proposed value of a
    group that does not add up (the total or the cuts of that dimension), except on a line refused already."""
    touched = {key[:5] for key in proposed}
    wanted = {key[:5] for key in proposed if key[5]} | {
        key[:5] for key in stored if key[5] and key[:5] in touched
    }
    if not wanted:
        return []
    values: dict[tuple, dict[str, Decimal]] = {group: {} for group in wanted}
    for key, row in stored.items():
        group = values.get(key[:5])
        if group is not None:
            group[key[5]] = row.value
    own: dict[tuple, list[Proposal]] = defaultdict(list)
    for key, p in proposed.items():
        group = values.get(key[:5])
        if group is not None:
            group[key[5]] = p.value
            own[key[:5]].append(p)
    resolver.load_declared({own[group][0].indicator.pk: own[group][0].indicator for group in values}.values())
    errors: list[tuple[int, str, str]] = []
    names: dict[tuple[str, str], tuple[str, str]] | None = None
    for group, by_option in values.items():
        known = resolver.declared(own[group][0].indicator)
        for above, dimension, total, expected in cuts.sum_mismatches(by_option, known):
            involved = sorted(
                (
                    p
                    for p in own[group]
                    if p.option == above
                    or (dimension in cuts.parse(p.option) and cuts.parent(p.option, dimension) == above)
                ),
                key=lambda p: p.line,
            )
            if not involved or all(p.line in skip for p in involved):
                continue
            if names is None:
                names = cuts.option_names()
            message = _sum_message(above, dimension, known, by_option, total, expected, names)
            lines = [str(p.line) for p in involved if p.line]
            if len(lines) > 1:
                message += " " + _("(rows %(rows)s)") % {"rows": ", ".join(lines)}
            errors.extend((p.line, "value", message) for p in involved if p.line not in skip)
    return errors


def _sum_message(above, dimension, known, by_option, total, expected, names) -> str:
    """The words of a sum that does not add up ("Thành thị/nông thôn: 40 + 61 = 101, but the total is 100")."""
    dimension_name = next((d.name for d in known.dimensions if d.code == dimension), dimension)
    addends = " + ".join(
        plain(by_option[cuts.canonical({**cuts.parse(above), dimension: code})])
        for code in known.codes(dimension)
    )
    figures = {
        "dimension": dimension_name,
        "addends": addends,
        "sum": plain(total),
        "expected": plain(expected),
    }
    if not above:
        return _("%(dimension)s: %(addends)s = %(sum)s, but the total is %(expected)s.") % figures
    return _("%(dimension)s: %(addends)s = %(sum)s, but the value for %(parent)s is %(expected)s.") % {
        **figures,
        "parent": cuts.label(above, names),
    }


def _stored_errors(p: Proposal, stored: Stored | None) -> list[tuple[str, str]]:
    if stored is not None and p.expected_version is not None and stored.version != p.expected_version:
        return [
            (
                "conflict",
                _(
                    "Someone else saved this value (%(value)s, by %(user)s) after you opened it. Check it, then "
                    "save again if yours is right."
                )
                % {"value": plain(stored.value), "user": stored.updated_by or "—"},
            )
        ]
    if stored is None and p.expected_version not in (None, 0):
        return [("conflict", _("This value was removed after you opened it; reload the page."))]
    if stored is not None and stored.status in LOCKED:
        return [
            (
                "value",
                _(
                    "This value is %(status)s and locked; it must be reopened, with a reason, before it changes."
                )
                % {"status": ValueStatus(stored.status).label.lower()},
            )
        ]
    return []


def _together_errors(p: Proposal, state: Callable[[Key], Decimal | None]) -> list[tuple[str, str]]:
    """Checks against the other values the proposal goes with, in the state all proposals make together."""
    errors = []
    series, part, unit, year, sex, option = p.key
    # Numerator not above denominator wherever the indicator says its numerator is counted within its denominator
    # (``Indicator.part_of_whole``, a column of the reference data): every share, and rates of events among the
    # denominator's population (maternal deaths among live births). Not a ratio of two separate counts (boys per
    # 100 girls) or of averages. The other part is the one proposed with it or, failing that, the one stored.
    if p.indicator.part_of_whole and part in (PartKind.NUMERATOR, PartKind.DENOMINATOR):
        other = PartKind.DENOMINATOR if part == PartKind.NUMERATOR else PartKind.NUMERATOR
        stored = state((series, other, unit, year, sex, option))
        numerator, denominator = (p.value, stored) if part == PartKind.NUMERATOR else (stored, p.value)
        if numerator is not None and denominator is not None and numerator > denominator:
            errors.append(
                (
                    "value",
                    _("The numerator (%(n)s) is larger than the denominator (%(d)s).")
                    % {"n": plain(numerator), "d": plain(denominator)},
                )
            )
    if p.indicator.by_sex:
        trio = {s: state((series, part, unit, year, s, option)) for s in SEXES}
        trio[sex] = p.value
        if None not in trio.values() and trio[Sex.FEMALE] + trio[Sex.MALE] != trio[Sex.TOTAL]:
            errors.append(
                (
                    "value",
                    _("Female (%(f)s) plus male (%(m)s) must equal the total (%(t)s).")
                    % {"f": plain(trio[Sex.FEMALE]), "m": plain(trio[Sex.MALE]), "t": plain(trio[Sex.TOTAL])},
                )
            )
    return errors


def _warnings(p: Proposal, state: Callable[[Key], Decimal | None]) -> list[str]:
    series, part, unit, year, sex, option = p.key
    last = state((series, part, unit, year - 1, sex, option))
    if last and abs(p.value - last) / last > CHANGE_NEEDS_COMMENT:
        return [
            _("The value changed by more than %(pct)s%% from %(year)s (%(last)s).")
            % {"pct": plain(CHANGE_NEEDS_COMMENT * 100), "year": year - 1, "last": plain(last)}
        ]
    return []


# --- reading what is stored -----------------------------------------------------------------------------------------


def stored_values(
    scopes: dict[int, tuple[set[int], set[int]]], *, for_update: bool = False
) -> dict[Key, Stored]:
    """The stored values (every option) of each year's series and units ({year: (series ids, unit ids)}): a few
    queries a year (units by the 5,000), not one a value, and no set of every key wanted held in memory."""
    out: dict[Key, Stored] = {}
    for year, (series, unit_ids) in scopes.items():
        units = sorted(unit_ids)
        for start in range(0, len(units), 5000):
            qs = DataValue.objects.filter(
                year=year, series_id__in=series, unit_id__in=units[start : start + 5000]
            )
            if for_update:
                qs = qs.select_for_update(of=("self",))
            rows = qs.values_list(
                "pk",
                "series_id",
                "part",
                "unit_id",
                "year",
                "sex",
                "option",
                "value",
                "status",
                "source",
                "as_of",
                "comment",
                "version",
                "updated_by__username",
            )
            for pk, s, part, u, y, sex, option, value, status, source, as_of, comment, version, by in rows:
                out[(s, part, u, y, sex, option)] = Stored(
                    pk, value, status, source, as_of, comment, version, by or ""
                )
    return out


# --- applying -----------------------------------------------------------------------------------------------------


def _same(p: Proposal, s: Stored) -> bool:
    return (
        s.value == p.value
        and s.source == p.source
        and s.as_of == p.as_of
        and s.comment == p.comment
        and s.status != ValueStatus.RETURNED
    )


@dataclass
class Checked:
    errors: list[tuple[int, str, str]]  # (line, field, message), by line
    stored: dict[Key, Stored]  # what is stored of the proposals' values and those they are checked with
    warnings: dict[int, list[str]]  # line → warnings that do not block (a comment was given)
    forbidden: set[int]  # the lines refused by the access decision

    def refused(self) -> Refused:
        lines = {line for line, _f, _m in self.errors}
        return Refused(self.errors, forbidden=bool(lines) and lines <= self.forbidden)


def check(
    proposals: list[Proposal],
    *,
    by,
    resolver: Resolver,
    require_comment: bool,
    for_update: bool = False,
    on_progress: Callable[..., None] | None = None,
) -> Checked:
    """What the checks found in ``proposals``: errors, the stored values read, warnings (see ``Checked``).
    ``on_progress("checking", n)`` is told how many were checked, every few thousand, and at the end
    ``on_progress("checking", n, n)``."""
    indicators = {p.indicator.pk: p.indicator for p in proposals}.values()
    resolver.load_series(indicators)
    if any(p.option for p in proposals):
        resolver.load_declared(indicators)
    for p in proposals:
        p.series_id = resolver.series_id(p.indicator)
    errors: list[tuple[int, str, str]] = []
    forbidden: set[int] = set()
    proposed: dict[Key, Proposal] = {}  # the proposals that pass their own checks, by key
    decided: dict[tuple, tuple[str, str] | None] = {}  # one access decision per unit, indicator and part
    for number, p in enumerate(proposals, start=1):
        if on_progress is not None and number % PROGRESS_EVERY == 0:
            on_progress("checking", number)
        asked = (p.unit.pk, p.indicator.pk, p.part)
        if asked not in decided:
            decided[asked] = forbidden_reason(by, p, resolver)
        reason = decided[asked]
        if reason is not None:
            errors.append((p.line, *reason))
            forbidden.add(p.line)
            continue
        own = _option_errors(p, resolver) or single_errors(p, resolver)
        key = p.key
        if not own and key in proposed:
            own = [
                (
                    "value",
                    _("This value is already in row %(line)s of the file.") % {"line": proposed[key].line},
                )
            ]
        if own:
            errors.extend((p.line, f, m) for f, m in own)
        else:
            proposed[key] = p
    # what is stored of the same series, units and years (and the year before, for the large-change warning)
    scopes: dict[int, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for p in proposed.values():
        for year in (p.year, p.year - 1) if require_comment else (p.year,):
            series, units = scopes[year]
            series.add(p.series_id)
            units.add(p.unit.pk)
    stored = stored_values(scopes, for_update=for_update)

    def state(key: Key) -> Decimal | None:
        p = proposed.get(key)
        if p is not None:
            return p.value
        row = stored.get(key)
        return row.value if row is not None else None

    warnings: dict[int, list[str]] = {}
    # far from its own history or from similar units (``datavalues.quality``): every proposal's read at once
    outliers: dict = defaultdict(list)
    if require_comment:
        for outlying in (quality.entry_warnings, quality.entry_peer_warnings):
            for key, said in outlying(list(proposed.values())).items():
                outliers[key] += said
    for p in proposed.values():
        found = _stored_errors(p, stored.get(p.key)) or _together_errors(p, state)
        if found:
            errors.extend((p.line, f, m) for f, m in found)
            continue
        if require_comment:
            said = _warnings(p, state) + outliers.get(p.key, [])
            if said:
                warnings[p.line] = said
                if not p.comment.strip():
                    errors.append(
                        (p.line, "comment", " ".join(said) + " " + _("Explain the change in a comment."))
                    )
    errors.extend(_sum_errors(proposed, stored, resolver, skip={line for line, _f, _m in errors}))
    if on_progress is not None:
        on_progress("checking", len(proposals), len(proposals))  # the stage's end, with its total
    errors.sort(key=lambda e: e[0])
    return Checked(errors=errors, stored=stored, warnings=warnings, forbidden=forbidden)


def apply(
    proposals: list[Proposal],
    *,
    by,
    context: dict | None = None,
    require_comment: bool = False,
    dry_run: bool = False,
    resolver: Resolver | None = None,
    on_progress: Callable[..., None] | None = None,
    keep_saved: bool = True,
) -> Outcome:
    """Check every proposal, then write all or none (see the module's text). Raises ``Refused``. ``keep_saved``
    False (a file) leaves ``Outcome.saved`` empty rather than holding a key for every value."""
    resolver = resolver or Resolver()
    for p in proposals:
        p.comment = p.comment.strip()
    with write_transaction():
        checked = check(proposals, by=by, resolver=resolver, require_comment=require_comment, for_update=True)
        if checked.errors:
            raise checked.refused()
        stored = checked.stored
        outcome = Outcome(warnings=checked.warnings)
        if on_progress is not None:
            on_progress("writing", 0)
        try:
            _write(
                proposals,
                stored,
                by=by,
                context=context,
                outcome=outcome,
                on_progress=on_progress,
                keep_saved=keep_saved,
            )
        except IntegrityError as exc:  # a value inserted by someone else between the check and the write
            raise Refused(
                [(0, "conflict", _("Someone entered some of these values meanwhile; run the import again."))]
            ) from exc
        if dry_run:
            transaction.set_rollback(True)
    return outcome


def _write(proposals, stored, *, by, context, outcome: Outcome, on_progress, keep_saved: bool) -> None:
    actor = by if by is not None and by.pk else None
    actor_id = actor.pk if actor is not None else None
    now = timezone.now()
    written: dict[int, set[int]] = {}  # year → the units whose values of the year were written
    saved_at: dict[Key, int] | None = {} if keep_saved else None
    for start in range(0, len(proposals), CHUNK):
        chunk = proposals[start : start + CHUNK]
        new, changed, audits = [], [], []
        for p in chunk:
            row = stored.get(p.key)
            if row is not None and _same(p, row):
                outcome.unchanged += 1
                if saved_at is not None:
                    saved_at[p.key] = row.pk
                continue
            written.setdefault(p.year, set()).add(p.unit.pk)
            if row is None:
                new.append(p)
            else:
                changed.append((p, row))
        created = bulk.insert(
            DataValue,
            [
                {
                    "series_id": p.series_id,
                    "part": p.part,
                    "unit_id": p.unit.pk,
                    "year": p.year,
                    "sex": p.sex,
                    "option": p.option,
                    "value": p.value,
                    "source": p.source,
                    "as_of": p.as_of,
                    "comment": p.comment,
                    "updated_by_id": actor_id,
                    "status": ValueStatus.ENTERED,
                    "version": 1,
                    "updated_at": now,
                }
                for p in new
            ],
            batch_size=CHUNK,
        )
        for p, pk in zip(new, created, strict=True):
            if saved_at is not None:
                saved_at[p.key] = pk
            audits.append(_audit(actor, pk, p, None, _after(p, ValueStatus.ENTERED, 1), context))
        updates = []
        for p, row in changed:
            status = ValueStatus.ENTERED if row.status == ValueStatus.RETURNED else row.status
            updates.append(
                DataValue(
                    pk=row.pk,
                    value=p.value,
                    source=p.source,
                    as_of=p.as_of,
                    comment=p.comment,
                    updated_by=actor,
                    status=status,
                    version=row.version + 1,
                    updated_at=now,
                )
            )
            if saved_at is not None:
                saved_at[p.key] = row.pk
            audits.append(_audit(actor, row.pk, p, row.state(), _after(p, status, row.version + 1), context))
        if updates:
            DataValue.objects.bulk_update(
                updates,
                ["value", "source", "as_of", "comment", "updated_by", "status", "version", "updated_at"],
                batch_size=500,
            )
        log_actions(audits)
        outcome.created += len(new)
        outcome.changed += len(changed)
        if on_progress is not None:
            on_progress("writing", min(start + CHUNK, len(proposals)))
    if saved_at is not None:
        outcome.saved = [saved_at[p.key] for p in proposals]
    rollup_cache.values_changed(written)


def _after(p: Proposal, status: str, version: int) -> dict:
    """The value's state once written, as the audit entry records it (``Stored.state`` before)."""
    return {
        "value": p.value,
        "status": status,
        "source": p.source,
        "as_of": p.as_of,
        "comment": p.comment,
        "version": version,
    }


def _audit(actor, pk: int, p: Proposal, before, after, context) -> dict:
    return audit_fields(
        actor=actor,
        action="value.set",
        obj=DataValue,
        object_id=pk,
        unit=p.unit,
        before=before,
        after=after,
        reason=p.comment,
        context=context,
        object_repr=value_repr(p.indicator.code, p.part, p.unit.code, p.year, p.sex, p.value, p.option),
    )


def intern(text: str) -> str:
    """Codes repeat on every row of a big file: keep one copy of each."""
    return sys.intern(str(text))
