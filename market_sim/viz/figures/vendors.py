"""Vendors' list prices and gross margins, from the vendors table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..palette import KIND_COLOURS, MERCHANT_COLOURS, UNKNOWN_COLOUR, short_name, supplier_colours
from .common import empty, growing_year_axis, new_figure, with_year
from .live import LivePanel

IN_HOUSE_LABEL = "in-house (cost + partner)"
UNIT_COST_LABEL = "foundry unit cost"


def _width(name: str) -> float:
    return 1.6 if name in MERCHANT_COLOURS else 1.0


def plot_vendor_lines(
    ax: Axes, vendors: pd.DataFrame, column: str, colours: dict[str, str], *, scale: float = 1.0
) -> None:
    """One line per vendor (``vendors`` has a ``year``): ``column`` / ``scale``, in its colour."""
    for name, g in vendors.groupby("vendor", sort=False):
        ax.plot(
            g["year"], g[column] / scale, color=colours.get(name, UNKNOWN_COLOUR), label=name, lw=_width(name)
        )


def nice_ceiling(value: float) -> float:
    """The round number at or above ``value`` (1, 2, 3, 5 x a power of ten), so an axis topped by it
    moves only when the data outgrow it: a few times a decade, as list prices climb through a run."""
    if not value > 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 3, 5, 10) if m * power >= value)


class PricesPanel(LivePanel):
    """List prices and gross margins, one line per seller, kept between quarters: lines take each
    quarter's data in place; a seller that appears gets its lines, and the legend is drawn again."""

    def __init__(self):
        fig = new_figure((6.4, 4.2), left=0.1, right=0.95, bottom=0.3, top=0.92, wspace=0.25)
        super().__init__(fig)
        self.ax_price, self.ax_margin = fig.subplots(1, 2)
        self._lines: dict[str, tuple] = {}  # seller -> (price line, margin line)
        self._extra: dict[str, object] = {}  # the in-house price and the foundry's unit cost
        self._legend: tuple = ()

    def data_artists(self) -> list:
        return [line for pair in self._lines.values() for line in pair] + list(self._extra.values())

    def _clear(self) -> None:
        for ax in (self.ax_price, self.ax_margin):
            ax.clear()
        for legend in list(self.fig.legends):
            legend.remove()
        self._lines, self._extra, self._legend = {}, {}, ()

    def show(self, vendors: pd.DataFrame, colours: dict[str, str]) -> Figure:
        if vendors.empty:
            self._clear()
            empty(self.ax_price, "List price")
            empty(self.ax_margin, "Gross margin")
            return self.fig
        df = with_year(vendors)
        sellers = df[df["kind"] != "in_house"]
        recoloured = any(p.get_color() != colours.get(n, UNKNOWN_COLOUR) for n, (p, _) in self._lines.items())
        if not (self._lines or self._extra) or not set(self._lines) <= set(sellers["vendor"]) or recoloured:
            self._clear()  # the first quarter, or another run (after Reset)
            self._set_up()
        for name, g in sellers.groupby("vendor", sort=False):
            self._line(name, g["year"], g["list_price"] / 1e3, g["gross_margin"], colours)
        in_house = df[df["kind"] == "in_house"].groupby("year")["list_price"].mean()
        if len(in_house):
            self._extra_line(IN_HOUSE_LABEL, in_house / 1e3, "--", color=KIND_COLOURS["in_house"])
        unit_cost = df.groupby("year")["unit_cost"].mean()
        self._extra_line(UNIT_COST_LABEL, unit_cost / 1e3, ":", color="grey", lw=0.8)
        tops = [s.max() for s in (sellers["list_price"], in_house, unit_cost) if len(s)]
        self.ax_price.set_ylim(0, nice_ceiling(1.05 * float(np.nanmax(tops)) / 1e3))
        lowest = float(np.nanmin(sellers["gross_margin"])) if len(sellers) else 0.0
        self.ax_margin.set_ylim(min(0.0, math.floor((lowest - 0.05) * 10) / 10), 1.0)
        for ax in (self.ax_price, self.ax_margin):
            growing_year_axis(ax, df["year"].max())
        self._draw_legend(list(sellers["vendor"].unique()))
        return self.fig

    def _set_up(self) -> None:
        self.ax_price.set_title("List price per accelerator", fontsize=10)
        self.ax_price.set(ylabel="thousand USD", xlabel="year")
        self.ax_margin.set_title("Gross margin", fontsize=10)
        self.ax_margin.set(xlabel="year")
        for ax in (self.ax_price, self.ax_margin):
            ax.grid(alpha=0.3)

    def _line(self, name: str, year, price, margin, colours: dict[str, str]) -> None:
        if name not in self._lines:
            style = {"color": colours.get(name, UNKNOWN_COLOUR), "label": name, "lw": _width(name)}
            self._lines[name] = (
                self.ax_price.plot([], [], **style)[0],
                self.ax_margin.plot([], [], **style)[0],
            )
        price_line, margin_line = self._lines[name]
        price_line.set_data(year, price)
        margin_line.set_data(year, margin)

    def _extra_line(self, label: str, values: pd.Series, style: str, **kw) -> None:
        if label not in self._extra:
            (self._extra[label],) = self.ax_price.plot([], [], style, label=label, **kw)
        self._extra[label].set_data(values.index, values.values)

    def _draw_legend(self, sellers: list[str]) -> None:
        """The legend of sellers in order of appearance, then the in-house price and the unit cost."""
        extra = [self._extra[k] for k in (IN_HOUSE_LABEL, UNIT_COST_LABEL) if k in self._extra]
        lines = [self._lines[s][0] for s in sellers] + extra
        labels = tuple(short_name(line.get_label()) for line in lines)
        if labels != self._legend:
            for legend in list(self.fig.legends):
                legend.remove()
            self.fig.legend(lines, labels, fontsize=7, loc="lower center", ncol=4, frameon=False)
            self._legend = labels


def draw_prices_and_margins(
    tables: dict[str, pd.DataFrame],
    *,
    colours: dict[str, str] | None = None,
    panel: PricesPanel | None = None,
) -> Figure:
    """List price per accelerator and gross margin of each merchant vendor and start-up.

    In-house chips are priced at cost plus the design partner's margin: one dashed line shows their
    mean; the dotted line is the foundry's unit cost. ``panel``: the page's figure of them, redrawn in
    place (a new figure otherwise).
    """
    panel = panel or PricesPanel()
    vendors = tables["vendors"]
    if vendors.empty:
        return panel.show(vendors, {})
    return panel.show(vendors, colours or supplier_colours(tables))
