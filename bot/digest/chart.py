"""The digest charts (PNG), made to be read on a phone.

- Per unit: one bar per unit (meets standard / below / reported without a rating / not
  reported), worst first, each labelled with received/expected and the percentage.
- Trend (monthly digest): the last 12 months' on-time rate and meets-standard rate as lines.

Drawn with matplotlib's object API on the Agg canvas: headless, no pyplot global state, so it
may run in a worker thread. DejaVu Sans (bundled with matplotlib) covers Vietnamese, so no
font is shipped; labels are NFC so precomposed letters are drawn, not stacked accents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from io import BytesIO

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from bot.digest.aggregate import Figures, UnitFigures, unit_sort_key
from bot.i18n import t_raw
from storage.digest_counts import PeriodCounts

FONT = "DejaVu Sans"
MAX_UNITS = 40  # beyond this the bars get unreadable (and Telegram caps a photo's height)
# About 1,000 pixels wide: a phone shows it at full width, so 13-point text stays legible.
WIDTH_INCHES = 7.0
DPI = 150
FONT_SIZE = 13
COLOURS = ("#2e7d32", "#e65100", "#90a4ae", "#d0d0d0")  # meets, below, unrated, missing
TREND_COLOURS = ("#1565c0", "#2e7d32")  # on time, meets standard


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _worst_first(unit: UnitFigures) -> tuple[float, float, str]:
    """Lowest share of expected reports received first, then most below standard."""
    received = unit.received / unit.expected if unit.expected else 1.0
    rated = unit.meets + unit.below
    meets = unit.meets / rated if rated else 1.0
    return (received, meets, unit_sort_key(unit.name))


def chosen_units(units: tuple[UnitFigures, ...]) -> tuple[UnitFigures, ...]:
    """All units, worst first; beyond `MAX_UNITS` only the worst of them."""
    return tuple(sorted(units, key=_worst_first)[:MAX_UNITS])


def _figure(height: float) -> Figure:
    # Constrained layout keeps the title, the legend above the axes and the labels apart.
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def render_chart(figures: Figures, period_label: str, as_of: str) -> bytes:
    """The PNG bytes of the per-unit chart for one period."""
    units = chosen_units(figures.units)
    height = 2.6 + 0.55 * max(len(units), 3)
    with matplotlib.rc_context({"font.family": FONT, "font.size": FONT_SIZE}):
        figure = _figure(height)
        axes = figure.subplots()
        title = t_raw("chart.title", period=period_label) + "\n" + as_of
        if len(units) < len(figures.units):
            title += "\n" + t_raw("chart.subset", shown=str(len(units)),
                                  total=str(len(figures.units)))  # fmt: skip
        # Over the whole figure, not the axes: long unit names leave the axes narrow.
        figure.suptitle(_nfc(title), fontsize=FONT_SIZE)
        if not units:
            axes.text(0.5, 0.5, t_raw("chart.empty"), ha="center", va="center")
            axes.set_axis_off()
        else:
            _bars(axes, units)
        return _png(figure)


def bar_label(unit: UnitFigures) -> str:
    """ "5/7 · 71%": reports received of those expected."""
    share = round(100 * unit.received / unit.expected) if unit.expected else 0
    return f"{unit.received}/{unit.expected} · {share}%"


def _bars(axes: Axes, units: Sequence[UnitFigures]) -> None:
    rows = list(range(len(units)))
    series = (
        (t_raw("chart.meets"), [u.meets for u in units]),
        (t_raw("chart.below"), [u.below for u in units]),
        (t_raw("chart.unrated"), [u.received - u.meets - u.below for u in units]),
        (t_raw("chart.missing"), [u.missing for u in units]),
    )
    left = [0] * len(units)
    for (label, values), colour in zip(series, COLOURS, strict=True):
        if not any(values):
            continue
        axes.barh(rows, values, left=left, color=colour, label=_nfc(label), height=0.7)
        left = [a + b for a, b in zip(left, values, strict=True)]
    widest = max(max(left), 1)
    for row, unit in zip(rows, units, strict=True):
        axes.text(left[row] + widest * 0.02, row, bar_label(unit), va="center",
                  fontsize=FONT_SIZE - 1)  # fmt: skip
    axes.set_xlim(0, widest * 1.45)  # room for the labels after the longest bar
    axes.set_yticks(rows, labels=[_nfc(u.name) for u in units])
    axes.invert_yaxis()  # the worst unit at the top, as in a list
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(_nfc(t_raw("chart.axis")))
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False,
                fontsize=FONT_SIZE - 2)  # fmt: skip


def render_trend(counts: Sequence[PeriodCounts], as_of: str) -> bytes:
    """The PNG bytes of the 12-month trend: on-time rate and meets-standard rate."""
    labels = [f"{c.period.start:%m/%y}" for c in counts]
    lines = (
        (t_raw("chart.trend_on_time"), [c.on_time_rate for c in counts]),
        (t_raw("chart.trend_meets"), [c.meets_rate for c in counts]),
    )
    with matplotlib.rc_context({"font.family": FONT, "font.size": FONT_SIZE}):
        figure = _figure(5.6)
        axes = figure.subplots()
        title = t_raw("chart.trend_title", months=str(len(counts))) + "\n" + as_of
        figure.suptitle(_nfc(title), fontsize=FONT_SIZE)
        positions = list(range(len(counts)))
        for (label, values), colour in zip(lines, TREND_COLOURS, strict=True):
            points = [(x, 100 * v) for x, v in zip(positions, values, strict=True)
                      if v is not None]  # fmt: skip
            if not points:
                continue
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, marker="o", linewidth=2.5, color=colour, label=_nfc(label))
            axes.annotate(f"{round(ys[-1])}%", (xs[-1], ys[-1]), textcoords="offset points",
                          xytext=(8, 0), ha="left", va="center", color=colour,
                          fontweight="bold")  # fmt: skip
        axes.set_xticks(positions, labels=labels, rotation=45, fontsize=FONT_SIZE - 2)
        axes.set_xlim(-0.5, len(counts) - 0.5 + 0.9)  # room for the latest values
        axes.set_ylim(0, 109)
        axes.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        axes.set_ylabel(_nfc(t_raw("chart.trend_axis")))
        axes.grid(alpha=0.3)
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False,
                    fontsize=FONT_SIZE - 2)  # fmt: skip
        return _png(figure)
