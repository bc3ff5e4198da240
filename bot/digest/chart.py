"""The digest chart: per unit, stacked bars of meets standard / below / not reported (PNG).

Drawn with matplotlib's object API on the Agg canvas: headless, no pyplot global state, so it
may run in a worker thread. DejaVu Sans (bundled with matplotlib) covers Vietnamese, so no
font is shipped; labels are NFC so precomposed letters are drawn, not stacked accents.
"""

from __future__ import annotations

import unicodedata
from io import BytesIO

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.digest.aggregate import Figures, UnitFigures, unit_sort_key
from bot.i18n import t_raw

FONT = "DejaVu Sans"
MAX_UNITS = 40  # beyond this the bars get unreadable (and Telegram caps a photo's height)
WIDTH_INCHES = 9.0
DPI = 110
COLOURS = ("#2e7d32", "#e65100", "#9e9e9e")  # meets, below, not reported


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def chosen_units(units: tuple[UnitFigures, ...]) -> tuple[UnitFigures, ...]:
    """All units, or the `MAX_UNITS` with the most reports below standard or missing."""
    if len(units) <= MAX_UNITS:
        return units
    worst = sorted(units, key=lambda u: (-(u.below + u.missing), unit_sort_key(u.name)))
    return tuple(sorted(worst[:MAX_UNITS], key=lambda u: unit_sort_key(u.name)))


def render_chart(figures: Figures, period_label: str) -> bytes:
    """The PNG bytes of the chart for one period."""
    units = chosen_units(figures.units)
    height = 1.8 + 0.38 * max(len(units), 3)
    with matplotlib.rc_context({"font.family": FONT, "font.size": 10}):
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
        FigureCanvasAgg(figure)
        axes = figure.subplots()
        title = t_raw("chart.title", period=period_label)
        if len(units) < len(figures.units):
            title += "\n" + t_raw("chart.subset", shown=str(len(units)),
                                  total=str(len(figures.units)))  # fmt: skip
        axes.set_title(_nfc(title), pad=26)
        if not units:
            axes.text(0.5, 0.5, t_raw("chart.empty"), ha="center", va="center")
            axes.set_axis_off()
        else:
            _bars(axes, units)
        figure.tight_layout()
        buffer = BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _bars(axes: Axes, units: tuple[UnitFigures, ...]) -> None:
    rows = list(range(len(units)))
    series = (
        (t_raw("chart.meets"), [u.meets for u in units]),
        (t_raw("chart.below"), [u.below for u in units]),
        (t_raw("chart.missing"), [u.missing for u in units]),
    )
    left = [0] * len(units)
    for (label, values), colour in zip(series, COLOURS, strict=True):
        bars = axes.barh(rows, values, left=left, color=colour, label=_nfc(label), height=0.7)
        counts = [str(value) if value else "" for value in values]
        axes.bar_label(bars, labels=counts, label_type="center", color="white", fontsize=8)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(rows, labels=[_nfc(u.name) for u in units])
    axes.invert_yaxis()  # the first unit at the top, as in a list
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(_nfc(t_raw("chart.axis")))
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False,
                fontsize=9)  # fmt: skip
