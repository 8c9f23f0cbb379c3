"""Vendors' list prices and gross margins, from the vendors table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..palette import KIND_COLOURS, MERCHANT_COLOURS, UNKNOWN_COLOUR, short_name, supplier_colours
from .common import empty, new_figure, with_year, year_axis


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


def draw_prices_and_margins(
    tables: dict[str, pd.DataFrame], *, colours: dict[str, str] | None = None
) -> Figure:
    """List price per accelerator and gross margin of each merchant vendor and start-up.

    In-house chips are priced at cost plus the design partner's margin: one dashed line shows their
    mean; the dotted line is the foundry's unit cost.
    """
    fig = new_figure((6.4, 4.2), left=0.1, right=0.98, bottom=0.3, top=0.92, wspace=0.25)
    ax_price, ax_margin = fig.subplots(1, 2)
    vendors = tables["vendors"]
    if vendors.empty:
        empty(ax_price, "List price")
        empty(ax_margin, "Gross margin")
        return fig
    df = with_year(vendors)
    colours = colours or supplier_colours(tables)
    sellers = df[df["kind"] != "in_house"]
    plot_vendor_lines(ax_price, sellers, "list_price", colours, scale=1e3)
    plot_vendor_lines(ax_margin, sellers, "gross_margin", colours)
    in_house = df[df["kind"] == "in_house"].groupby("year")["list_price"].mean()
    if len(in_house):
        ax_price.plot(
            in_house.index,
            in_house.values / 1e3,
            "--",
            color=KIND_COLOURS["in_house"],
            label="in-house (cost + partner)",
        )
    unit_cost = df.groupby("year")["unit_cost"].mean()
    ax_price.plot(
        unit_cost.index, unit_cost.values / 1e3, color="grey", lw=0.8, ls=":", label="foundry unit cost"
    )
    ax_price.set_title("List price per accelerator", fontsize=10)
    ax_price.set(ylabel="thousand USD", xlabel="year", ylim=(0, None))
    ax_margin.set_title("Gross margin", fontsize=10)
    lowest = float(np.nanmin(sellers["gross_margin"])) if len(sellers) else 0.0
    ax_margin.set(ylim=(min(0.0, lowest - 0.05), 1.0), xlabel="year")
    for ax in (ax_price, ax_margin):
        ax.grid(alpha=0.3)
        year_axis(ax, df["year"].max())
    handles, labels = ax_price.get_legend_handles_labels()
    fig.legend(
        handles, [short_name(x) for x in labels], fontsize=7, loc="lower center", ncol=4, frameon=False
    )
    return fig
