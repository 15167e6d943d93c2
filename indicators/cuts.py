"""Disaggregations other than sex ("cuts"): how a value names the options it counts, one syntax everywhere.

A value's ``option`` is empty for the total over every declared disaggregation, or names one option of one or
more of the indicator's declared dimensions: ``area=urban`` or ``area=urban;ethnicity=minority``. The stored form
is canonical (dimensions sorted by code, no spaces), and it is the same text the exchange file's
``disaggregation`` column, the API and the Excel template take, so that a value reads the same on every path.

The codes are the framework's (``Dimension.code``, ``DimensionOption.code``), editable by the ministry; an
indicator may be given only the dimensions it declares (``Indicator.dimensions``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Dimension, DimensionOption, Indicator
from lib.errors import DomainError, quoted

SEPARATOR = ";"
EQUALS = "="


class CutError(DomainError):
    """A disaggregation that cannot be read or is not declared; the message names what is wrong."""

    def __init__(self, message):
        super().__init__(message, field="disaggregation")


def parse(text: str) -> dict[str, str]:
    """{dimension: option} from 'area=urban;age=0-15' (spaces around the parts ignored, case kept as typed).
    Empty text is the total: {}. Raises ``CutError`` for a part without '=', an empty code or a dimension given
    twice."""
    pairs: dict[str, str] = {}
    for piece in (text or "").split(SEPARATOR):
        piece = piece.strip()
        if not piece:
            continue
        dimension, sep, option = (p.strip() for p in piece.partition(EQUALS))
        if not sep or not dimension or not option:
            raise CutError(
                _(
                    "The disaggregation “%(text)s” is not in the form dimension=option, for example area=urban."
                )
                % {"text": quoted(piece)}
            )
        if dimension in pairs:
            raise CutError(
                _("The disaggregation “%(dimension)s” is given twice.") % {"dimension": quoted(dimension)}
            )
        pairs[dimension] = option
    return pairs


def canonical(pairs: Mapping[str, str]) -> str:
    """The stored form of {dimension: option}: sorted by dimension code, '' for the total."""
    return SEPARATOR.join(f"{d}{EQUALS}{pairs[d]}" for d in sorted(pairs))


@dataclass(frozen=True)
class Declared:
    """An indicator's declared dimensions with their options, in the framework's order."""

    dimensions: tuple[Dimension, ...]
    options: Mapping[str, tuple[DimensionOption, ...]]  # dimension code → its options

    def codes(self, dimension: str) -> list[str]:
        return [o.code for o in self.options.get(dimension, ())]

    def rows(self) -> list[str]:
        """Every single-dimension cut the indicator declares (``area=urban``, ``area=rural``, ...), the order the
        grid and the template show them in."""
        return [canonical({d.code: o.code}) for d in self.dimensions for o in self.options.get(d.code, ())]


def declared(indicator: Indicator) -> Declared:
    """The indicator's dimensions and options (from ``prefetch_related("dimensions__options")`` when done)."""
    dims = tuple(sorted(indicator.dimensions.all(), key=lambda d: d.code))
    return Declared(dims, {d.code: tuple(d.options.all()) for d in dims})


def declared_many(indicators: Iterable[Indicator]) -> dict[int, Declared]:
    """``declared`` for many indicators in two queries, whatever their number."""
    ids = [i.pk for i in indicators]
    through = Indicator.dimensions.through.objects.filter(indicator_id__in=ids)
    by_indicator: dict[int, list[int]] = defaultdict(list)
    for indicator_id, dimension_id in through.values_list("indicator_id", "dimension_id"):
        by_indicator[indicator_id].append(dimension_id)
    wanted = {d for ds in by_indicator.values() for d in ds}
    dims = {d.pk: d for d in Dimension.objects.filter(pk__in=wanted).prefetch_related("options")}
    out = {}
    for indicator_id in ids:
        own = sorted((dims[d] for d in by_indicator.get(indicator_id, ())), key=lambda d: d.code)
        out[indicator_id] = Declared(tuple(own), {d.code: tuple(d.options.all()) for d in own})
    return out


def normalise(text: str, known: Declared, *, indicator_code: str = "") -> str:
    """The canonical stored form of what someone typed, checked against the indicator's declared dimensions
    and options. Raises ``CutError`` naming the unknown dimension or option and what would be accepted."""
    pairs = parse(text)
    for dimension, option in pairs.items():
        if dimension not in known.options:
            allowed = ", ".join(d.code for d in known.dimensions)
            if not allowed:
                raise CutError(
                    _("Indicator %(indicator)s has no disaggregation other than sex; leave the column empty.")
                    % {"indicator": indicator_code}
                )
            raise CutError(
                _("Indicator %(indicator)s has no disaggregation “%(dimension)s”; it declares: %(allowed)s.")
                % {"indicator": indicator_code, "dimension": quoted(dimension), "allowed": allowed}
            )
        codes = known.codes(dimension)
        if option not in codes:
            raise CutError(
                _("“%(option)s” is not an option of %(dimension)s; the options are: %(allowed)s.")
                % {"option": quoted(option), "dimension": dimension, "allowed": ", ".join(codes) or "—"}
            )
    return canonical(pairs)


def label(option: str, names: Mapping[tuple[str, str], tuple[str, str]] | None = None) -> str:
    """An option in words, in the current language ("Thành thị/nông thôn: Thành thị; Dân tộc: Dân tộc thiểu
    số"); '' for the total. ``names`` ({(dimension, option): (dimension name, option name)}, from ``names()``)
    saves the query when many are labelled."""
    if not option:
        return ""
    pairs = parse(option)
    names = names if names is not None else option_names(pairs.items())
    words = []
    for dimension, code in pairs.items():
        dim_name, opt_name = names.get((dimension, code), (dimension, code))
        words.append(f"{dim_name}: {opt_name}")
    return "; ".join(words)


def option_names(pairs: Iterable[tuple[str, str]] | None = None) -> dict[tuple[str, str], tuple[str, str]]:
    """{(dimension code, option code): (dimension name, option name)} in the current language, for the given
    pairs or for all options."""
    rows = DimensionOption.objects.select_related("dimension")
    if pairs is not None:
        wanted = list(pairs)
        if not wanted:
            return {}
        rows = rows.filter(dimension__code__in={d for d, _o in wanted}, code__in={o for _d, o in wanted})
    return {(o.dimension.code, o.code): (o.dimension.name, o.name) for o in rows}


def parent(option: str, dimension: str) -> str:
    """The option with ``dimension`` taken out: what the option's group adds up to ('' is the total)."""
    pairs = parse(option)
    pairs.pop(dimension, None)
    return canonical(pairs)


def sum_mismatches(values: Mapping[str, Decimal], known: Declared) -> list[tuple[str, str, Decimal, Decimal]]:
    """The cuts that do not add up, for the values of one series, part, unit, year and sex ({option: value}).

    For each dimension and each option group that differs only in that dimension: when every declared option of
    the dimension has a value and the group's parent (the same option without the dimension; '' is the total)
    has one too, their sum must equal the parent, as female + male = total. Returns (parent, dimension, sum,
    parent value) for each that does not."""
    out = []
    groups: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(dict)
    for option, value in values.items():
        if not option:
            continue
        for dimension, code in parse(option).items():
            groups[(parent(option, dimension), dimension)][code] = value
    for (above, dimension), by_code in sorted(groups.items()):
        codes = known.codes(dimension)
        if not codes or any(c not in by_code for c in codes) or above not in values:
            continue
        total = sum((by_code[c] for c in codes), Decimal(0))
        if total != values[above]:
            out.append((above, dimension, total, values[above]))
    return out
