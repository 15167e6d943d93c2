"""Charts of indicators against their targets: one PNG of small multiples for Word documents, and the same data as
JSON for the web page (``static/js/charts.js`` draws it with ECharts).

A ``ChartSpec`` holds one indicator: observed values by year (gaps allowed) and targets by year, each with a
comparator and whose target it is ("Quốc gia", "Tỉnh"). The PNG is drawn with matplotlib's object API (no pyplot,
so nothing leaks between calls) and is byte-for-byte the same for the same data. Text in it is Vietnamese, like the
documents it goes into; matplotlib is imported only when a chart is drawn, as it is slow to import."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from decimal import Decimal

from lib.numbers import format_number

Number = Decimal | float

FIRST_YEAR = 2020  # the x axis starts here (the Strategy runs 2021-2030, 2020 is the baseline)
NO_DATA = "Chưa có số liệu"
OBSERVED = "Số liệu thực hiện"
SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "=", "≥": "≥", "≤": "≤"}

# Size: 16 cm wide, to fit the 16.5 cm text block of an A4 portrait page; each row of panels is 6 cm tall.
WIDTH_CM = 16.0
PANEL_HEIGHT_CM = 6.0
LEGEND_HEIGHT_CM = 1.0
CM = 1 / 2.54
TITLE_SIZE = 8.5

# Colours from the house style (static/css/app.css): blue for what was done, red and amber for the targets.
OBSERVED_COLOUR = "#0b5cad"
INK = "#1d232b"
MUTED = "#5b6573"
GRID = "#d8dde4"
# Marker, colour and legend text by target label; other labels take the fallbacks in turn.
TARGET_STYLES = {
    "Quốc gia": ("D", "#b3261e", "Chỉ tiêu quốc gia"),
    "Tỉnh": ("*", "#b86e00", "Chỉ tiêu của tỉnh"),
}
FALLBACK_STYLES = [("s", "#6a3d9a"), ("^", "#1e7a3c"), ("v", "#5b6573")]


@dataclass
class ChartSpec:
    """One indicator. ``series``: (year, value) observed; ``targets``: (year, comparator, value, label)."""

    title: str
    unit: str
    series: list[tuple[int, Number]] = field(default_factory=list)
    targets: list[tuple[int, str, Number, str]] = field(default_factory=list)

    @property
    def is_percentage(self) -> bool:
        return self.unit.strip() == "%"


def chart_json(specs: list[ChartSpec]) -> list[dict]:
    """The specs as JSON-ready dictionaries (numbers as floats), the format ``static/js/charts.js`` reads."""
    return [
        {
            "title": spec.title,
            "unit": spec.unit,
            "series": [[int(year), float(value)] for year, value in _observed(spec)],
            "targets": [
                [int(year), comparator, float(value), label]
                for year, comparator, value, label in spec.targets
            ],
        }
        for spec in specs
    ]


def target_text(comparator: str, value: Number) -> str:
    """A target as the Strategy writes it: "≥ 35", "≤ 108,5"."""
    return f"{SYMBOLS.get(comparator.strip(), comparator.strip())} {_number(value)}".strip()


def indicator_charts_png(specs: list[ChartSpec], *, columns: int = 2, dpi: int = 150) -> bytes:
    """One PNG, 16 cm wide, with a panel per spec (``columns`` to a row) and a shared legend at the bottom."""
    figure = indicator_charts_figure(specs, columns=columns, dpi=dpi)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def indicator_charts_figure(specs: list[ChartSpec], *, columns: int = 2, dpi: int = 150):
    """The matplotlib Figure of ``indicator_charts_png``, its labels placed (tests read its text artists)."""
    if not specs:
        raise ValueError("indicator_charts_png needs at least one chart")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    columns = max(1, min(columns, len(specs)))
    rows = math.ceil(len(specs) / columns)
    size = (WIDTH_CM * CM, (rows * PANEL_HEIGHT_CM + LEGEND_HEIGHT_CM) * CM)
    figure = Figure(figsize=size, dpi=dpi, facecolor="white", layout="constrained")
    figure.get_layout_engine().set(w_pad=0.06, h_pad=0.06, hspace=0.08, wspace=0.06)
    title_width = (WIDTH_CM / columns - 1.5) * CM * dpi  # pixels: a panel less its axis labels
    wrap = _wrapper(FigureCanvasAgg(figure).get_renderer(), title_width)

    legend: dict[str, object] = {}
    margins: list[tuple[object, list]] = []
    axes = figure.subplots(rows, columns, squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(specs):
            ax.set_visible(False)
            continue
        entries, targets = _panel(ax, specs[i], wrap)
        legend.update(entries)
        margins.append((ax, targets))
    if legend:
        figure.legend(
            list(legend.values()),
            list(legend.keys()),
            loc="outside lower center",
            ncols=len(legend),
            frameon=False,
            fontsize=8,
            handletextpad=0.4,
            columnspacing=1.6,
        )
    if any(targets for _ax, targets in margins):
        figure.draw_without_rendering()  # lays the figure out, so that labels can be spread in pixels
        renderer = figure.canvas.get_renderer()
        for ax, targets in margins:
            _spread_margin(ax, targets, renderer)
    return figure


# What a first drawing loads, drawn once when a process starts: matplotlib's modules (about half a second), its font
# list, the regular, bold and italic fonts, and the code of titles, ticks, markers, labels, a legend and the
# constrained layout (another half second). A chart in a request then costs only its own drawing.
WARM_SPECS = [
    ChartSpec(
        "Khởi động", "%", [(2020, 10), (2021, 12.5)], [(2025, ">=", 20, "Quốc gia"), (2030, ">=", 30, "Tỉnh")]
    ),
    ChartSpec("Khởi động", "người", [], []),
]


def warm() -> None:
    """Load and exercise matplotlib once, so that the first chart a process draws is as quick as the next
    (``config/wsgi.py`` calls it when a web process starts, the bench before it measures). Drawing afterwards is
    unchanged: the same data gives the same bytes."""
    indicator_charts_png(WARM_SPECS, dpi=20)


# --- one panel -----------------------------------------------------------------------------------------------------


def _panel(ax, spec: ChartSpec, wrap) -> tuple[dict[str, object], list]:
    """Draw one indicator on ``ax``; return its legend entries (text -> artist) and its targets' labels (placed in
    the right margin, to be spread apart once the figure is laid out)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

    observed = _observed(spec)
    first, last = _year_range(spec)
    low, high = _value_range(spec)
    entries: dict[str, object] = {}

    ax.set_title(wrap(spec.title), fontsize=TITLE_SIZE, fontweight="bold", color=INK, loc="left", pad=6)
    ax.set_xlim(first - 0.6, last + 0.6)
    ax.set_ylim(low, high)
    ax.xaxis.set_major_locator(FixedLocator(_year_ticks(first, last)))
    ax.xaxis.set_minor_locator(FixedLocator(range(first, last + 1)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: str(round(x))))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, min_n_ticks=3))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: _number(round(y, 6))))
    ax.tick_params(labelsize=7.5, colors=MUTED, length=3)
    ax.tick_params(which="minor", length=2)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#9aa4b1")
    if spec.unit.strip():
        ax.set_ylabel(spec.unit.strip(), fontsize=7.5, color=MUTED, labelpad=2)

    if observed:
        years = list(range(observed[0][0], observed[-1][0] + 1))
        by_year = dict(observed)
        # a year without a value is NaN, which breaks the line there
        values = [float(by_year[y]) if y in by_year else math.nan for y in years]
        (line,) = ax.plot(
            years, values, color=OBSERVED_COLOUR, linewidth=1.8, marker="o", markersize=3.8, zorder=3
        )
        entries[OBSERVED] = line
        year, value = observed[-1]
        dx, dy, ha, va = _data_label_place(observed, low, high)
        # the last value beside its point, on the side away from the line that leads to it: clear of the line and
        # of the target labels, which stand in the right margin
        ax.annotate(
            _number(value),
            (year, float(value)),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=7.5,
            color=OBSERVED_COLOUR,
            fontweight="bold",
            zorder=5,
            annotation_clip=False,
            gid="data-label",
        )
    else:
        ax.text(
            0.5,
            0.5,
            NO_DATA,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            color=MUTED,
            style="italic",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": GRID, "alpha": 0.9},
        )

    for label, (marker, colour, legend_text) in _target_styles(spec).items():
        points = [(int(y), c, v) for y, c, v, lab in spec.targets if lab == label]
        hollow = marker == "D"
        entries[legend_text] = ax.scatter(
            [y for y, _c, _v in points],
            [float(v) for _y, _c, v in points],
            marker=marker,
            s=42 if hollow else 90,
            facecolors="white" if hollow else colour,
            edgecolors=colour,
            linewidths=1.5 if hollow else 0.6,
            zorder=4,
            clip_on=False,
        )

    targets = []
    for text, value, colour in _target_labels(spec):
        # once each, in the right margin at the target's level (see _target_labels)
        targets.append(
            ax.annotate(
                text,
                (1.0, value),
                xycoords=ax.get_yaxis_transform(),
                xytext=(5, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=7.5,
                color=colour,
                fontweight="bold",
                zorder=5,
                annotation_clip=False,
                gid="target-label",
            )
        )
    return entries, targets


def _data_label_place(
    observed: list[tuple[int, Number]], low: float, high: float
) -> tuple[int, int, str, str]:
    """(dx, dy, ha, va) of the last observed value's label: above and ending before its point when the line rises
    to it, below when it falls; a lone value above its point, centred; below near the top, above near the axis. The
    same rule as ``placeData`` in static/js/charts.js."""
    value = float(observed[-1][1])
    near_top, near_bottom = value > high - (high - low) * 0.15, value < low + (high - low) * 0.15
    if len(observed) == 1:
        above = not near_top
        return (0, 6, "center", "bottom") if above else (0, -6, "center", "top")
    rising = value >= float(observed[-2][1])
    above = (rising or near_bottom) and not near_top
    return (-3, 4, "right", "bottom") if above else (-3, -4, "right", "top")


def _target_labels(spec: ChartSpec) -> list[tuple[str, float, str]]:
    """(text, value, colour) of each target label: one for each comparator and value, whatever its source or
    year ("≥ 80 (2025)", "≥ 70 (2025, 2030)"), the colour of its first target. Issue 16 (problem 7): a label on
    each marker printed the same text twice where the national and provincial targets agree, and fell on the
    observed value's label; the right margin, apart from the plot, is where both the PNG and the page put them."""
    styles = _target_styles(spec)
    groups: dict[tuple[str, float], tuple[str, Number, list[int], str]] = {}
    for year, comparator, value, label in sorted(spec.targets, key=lambda t: int(t[0])):
        key = (comparator.strip(), float(value))
        if key not in groups:
            groups[key] = (comparator, value, [], styles[label][1])
        if int(year) not in groups[key][2]:
            groups[key][2].append(int(year))
    return [
        (f"{target_text(comparator, value)} ({', '.join(map(str, years))})", float(value), colour)
        for comparator, value, years, colour in groups.values()
    ]


def _spread_margin(ax, targets: list, renderer) -> None:
    """Push the margin's target labels apart vertically where levels are close, keeping them within the axes."""
    if not targets:
        return
    to_pixels, to_data = ax.transData.transform, ax.transData.inverted().transform
    gap = max(t.get_window_extent(renderer).height for t in targets) + 2
    low, high = ax.get_ylim()
    bottom, top = to_pixels((0, low))[1], to_pixels((0, high))[1]
    placed = sorted(((to_pixels((0, t.xy[1]))[1], t) for t in targets), key=lambda p: -p[0])  # top first
    ys = [y for y, _t in placed]
    for i in range(len(ys)):
        ys[i] = min(ys[i], top if i == 0 else ys[i - 1] - gap)
    for i in reversed(range(len(ys))):
        ys[i] = max(ys[i], bottom if i == len(ys) - 1 else ys[i + 1] + gap)
    for y, (_old, text) in zip(ys, placed, strict=True):
        text.xy = (1.0, float(to_data((0, y))[1]))


def _target_styles(spec: ChartSpec) -> dict[str, tuple[str, str, str]]:
    """(marker, colour, legend text) by target label, in the order the labels first appear."""
    styles: dict[str, tuple[str, str, str]] = {}
    others = 0
    for _year, _comparator, _value, label in spec.targets:
        if label in styles:
            continue
        if label in TARGET_STYLES:
            styles[label] = TARGET_STYLES[label]
        else:
            marker, colour = FALLBACK_STYLES[others % len(FALLBACK_STYLES)]
            styles[label] = (marker, colour, f"Chỉ tiêu: {label}")
            others += 1
    return styles


# --- helpers -------------------------------------------------------------------------------------------------------


def _observed(spec: ChartSpec) -> list[tuple[int, Number]]:
    """The observed values in year order, without missing ones (the last value of a year wins)."""
    by_year = {int(year): value for year, value in spec.series if value is not None and math.isfinite(value)}
    return sorted(by_year.items())


def _year_range(spec: ChartSpec) -> tuple[int, int]:
    years = [int(y) for y, _v in _observed(spec)] + [int(t[0]) for t in spec.targets]
    first = min([FIRST_YEAR, *years])
    last = max([first + 5, *years])
    return first, last


def _year_ticks(first: int, last: int) -> list[int]:
    """Every year on a short axis; on a long one, every other year counted back from the last."""
    if last - first <= 6:
        return list(range(first, last + 1))
    return list(range(last, first - 1, -2))[::-1]


def _value_range(spec: ChartSpec) -> tuple[float, float]:
    """Percentages from 0; other units around their values (never below 0 when none is negative), with room
    above and below for the labels."""
    values = [float(v) for _y, v in _observed(spec)] + [float(t[2]) for t in spec.targets]
    if not values:
        return (0.0, 100.0) if spec.is_percentage else (0.0, 1.0)
    low, high = min(values), max(values)
    if spec.is_percentage and low >= 0:
        top = high * 1.25 if high > 0 else 10.0
        return 0.0, min(top, 105.0) if high <= 100 else top
    span = high - low or abs(high) * 0.1 or 1.0
    bottom = low - span * 0.45
    return (max(bottom, 0.0) if low >= 0 else bottom), high + span * 0.45


def _number(value) -> str:
    """Vietnamese format with at most two decimals: 30,3; 1.234,57."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if number.as_tuple().exponent < -2:
        number = number.quantize(Decimal("0.01"))
    return format_number(number)


# The drawn width of a title's candidate lines at a resolution: measuring each costs a few milliseconds (every glyph
# laid out and hinted), and the same indicators' titles come back in every report.
_TITLE_WIDTHS: dict[tuple[str, float], float] = {}


def _wrapper(renderer, width_px: float, lines: int = 3):
    """A function that breaks a title into at most ``lines`` lines that fit ``width_px`` when drawn."""
    from matplotlib.font_manager import FontProperties

    font = FontProperties(size=TITLE_SIZE, weight="bold")

    def fits(text: str) -> bool:
        key = (text, renderer.dpi)
        if key not in _TITLE_WIDTHS:
            if len(_TITLE_WIDTHS) >= 4096:
                _TITLE_WIDTHS.clear()
            _TITLE_WIDTHS[key] = renderer.get_text_width_height_descent(text, font, ismath=False)[0]
        return _TITLE_WIDTHS[key] <= width_px

    def wrap(title: str) -> str:
        out: list[str] = []
        for word in title.split():
            if out and fits(f"{out[-1]} {word}"):
                out[-1] += f" {word}"
            else:
                out.append(word)
        if len(out) > lines:
            out = out[:lines]
            while out[-1] and not fits(f"{out[-1]} …"):
                out[-1] = out[-1].rsplit(" ", 1)[0] if " " in out[-1] else out[-1][:-1]
            out[-1] += " …"
        return "\n".join(out)

    return wrap
