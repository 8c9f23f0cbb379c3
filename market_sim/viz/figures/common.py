"""What every figure shares: a figure with fixed margins, years on the x axis, the empty placeholder."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure  # never pyplot: drawing never changes the caller's backend
from matplotlib.ticker import MaxNLocator

from market_sim import calendar
from market_sim.calendar import START_YEAR, period_label

DPI = 90
EMPTY_TEXT = "Press Step to run the first quarter"


def new_figure(size: tuple[float, float], **margins) -> Figure:
    """A figure with fixed margins: a layout engine would triple the time of each redraw."""
    fig = Figure(figsize=size, dpi=DPI)
    fig.subplots_adjust(**margins)
    return fig


def year_of(step) -> np.ndarray | float:
    """Step 0 is 2020Q1 = 2020.0, step 1 is 2020.25, ... (as an array for lists too)."""
    return calendar.year_of(np.asarray(step, dtype=float))


def with_year(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with a ``year`` column from its ``step`` (a copy; tables read from Parquet lack it)."""
    return df.assign(year=year_of(df["step"])) if "year" not in df else df


def year_axis(ax: Axes, last_year: float) -> None:
    """Whole years on the x axis, from 2020 to at least 2021 so the first quarters are not a sliver."""
    ax.set_xlim(START_YEAR, max(float(last_year), START_YEAR + 1.0))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def growing_year_axis(ax: Axes, last_year: float) -> None:
    """Whole years from 2020 over a span that doubles as the run goes on (1, 2, 4, 8, 16 years).

    For the page's figures, which are redrawn every quarter: the run fills at least half of the axis
    after its first year, and the axis (and with it the figure's frame of ticks and labels, see
    ``live.py``) changes only a handful of times per run instead of every quarter.
    """
    span = 1.0
    while START_YEAR + span < last_year:
        span *= 2
    ax.set_xlim(START_YEAR, START_YEAR + span)
    ax.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))  # as many as have room


def empty(ax: Axes, title: str) -> None:
    """The placeholder of a figure whose table has no row yet."""
    ax.set_title(title, fontsize=10)
    ax.text(0.5, 0.5, EMPTY_TEXT, ha="center", va="center", transform=ax.transAxes, color="grey")
    ax.set_xticks([])
    ax.set_yticks([])


def last_step(tables: dict[str, pd.DataFrame]) -> int:
    """The quarter last run (-1 before the first), from the model table."""
    model = tables.get("model")
    return int(model["step"].max()) if model is not None and len(model) else -1


def current_period(tables: dict[str, pd.DataFrame]) -> str:
    """``2022Q4``, or ``before 2020Q1`` before the first quarter."""
    step = last_step(tables)
    return period_label(step) if step >= 0 else "before 2020Q1"
