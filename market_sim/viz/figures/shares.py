"""Revenue shares by supplier (the app, the notebooks) and by group (summary.png), from the shares table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import FillBetweenPolyCollection
from matplotlib.figure import Figure

from ..palette import GROUP_LABELS, MERCHANT_COLOURS, OTHERS_COLOUR, short_name, supplier_colours
from .common import empty, growing_year_axis, new_figure, year_axis, year_of
from .live import LivePanel

_KIND_RANK = {"merchant": 0, "start_up": 1, "in_house": 2}
GROUP_ORDER = [*MERCHANT_COLOURS, *GROUP_LABELS.values()]


def _supplier_order(columns, kinds: dict[str, str]) -> list[str]:
    """Merchant vendors first (incumbent, challenger, CPU vendor), then start-ups, in-house chips, others."""
    return sorted(
        columns,
        key=lambda c: (
            _KIND_RANK.get(kinds.get(c), 3),
            list(MERCHANT_COLOURS).index(c) if c in MERCHANT_COLOURS else 9,
            c,
        ),
    )


def supplier_shares(
    shares: pd.DataFrame, *, value: str = "revenue", min_peak_share: float = 0.01
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each supplier's share of ``value`` (revenue or effective_compute) per quarter, and their kinds.

    Rows are years (2020.0 is 2020Q1), columns suppliers. Both segments are summed; in-house chips are
    suppliers in their own right (their revenue is what their owner spends on them). Suppliers whose
    share never reaches ``min_peak_share`` are summed into "others" so the legend stays readable.
    """
    if shares.empty:
        return pd.DataFrame(), {}
    last = shares.drop_duplicates("supplier", keep="last")  # a supplier's kind as its last row says
    kinds = dict(zip(last["supplier"], last["supplier_kind"], strict=True))
    amount = shares.groupby(["step", "supplier"])[value].sum().unstack(fill_value=0.0)
    total = amount.sum(axis=1)
    out = amount.div(total.where(total > 0), axis=0).fillna(0.0)
    small = list(out.columns[out.max() < min_peak_share])
    if small:
        out["others"] = out[small].sum(axis=1)
        out = out.drop(columns=small)
        kinds["others"] = "other"
    order = _supplier_order(out.columns, kinds)
    out = out[order]
    out.index = pd.Index(year_of(out.index), name="year")
    return out, {c: kinds[c] for c in order}


def revenue_shares(shares: pd.DataFrame, min_peak_share: float = 0.01) -> tuple[pd.DataFrame, dict[str, str]]:
    """Revenue share of accelerator spend by supplier (see :func:`supplier_shares`)."""
    return supplier_shares(shares, value="revenue", min_peak_share=min_peak_share)


def grouped_revenue_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """Revenue share by year for each merchant vendor, with start-ups and in-house chips grouped."""
    if shares.empty:
        return pd.DataFrame()
    df = shares.assign(
        year=year_of(shares["step"]),
        group=[
            s if k == "merchant" else GROUP_LABELS[k]
            for s, k in zip(shares["supplier"], shares["supplier_kind"], strict=True)
        ],
    )
    revenue = df.groupby(["year", "group"])["revenue"].sum().unstack(fill_value=0.0)
    out = revenue.div(revenue.sum(axis=1).where(lambda s: s > 0), axis=0).fillna(0.0)
    return out[[c for c in GROUP_ORDER if c in out] + sorted(c for c in out if c not in GROUP_ORDER)]


def plot_shares(
    ax: Axes, shares: pd.DataFrame, colours: dict[str, str], *, legend_outside: bool = True
) -> None:
    """Stack ``shares`` (rows: year, columns: supplier or group) in the suppliers' colours."""
    ax.stackplot(
        shares.index,
        shares.T.values,
        labels=[short_name(c) for c in shares],
        colors=[colours.get(c, OTHERS_COLOUR) for c in shares],
        alpha=0.9,
    )
    ax.set(ylim=(0, 1), ylabel="share of accelerator spend", xlabel="year")
    year_axis(ax, shares.index.max())
    handles, labels = ax.get_legend_handles_labels()
    where = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0)} if legend_outside else {"loc": "lower left"}
    ax.legend(handles[::-1], labels[::-1], fontsize=7, frameon=False, **where)
    ax.grid(alpha=0.3)


class SharePanel(LivePanel):
    """Stacked shares by supplier, kept between quarters: the areas take each quarter's data in place,
    and are drawn anew (with their legend) only when the suppliers shown, or their colours, change."""

    def __init__(self):
        super().__init__(new_figure((6.4, 4.2), left=0.1, right=0.74, bottom=0.12, top=0.92))
        self.ax = self.fig.add_subplot()
        self._areas: list = []
        self._suppliers: list | None = None  # (supplier, colour) stacked; None: a placeholder or message

    def data_artists(self) -> list:
        return self._areas

    def message(self, title: str, text: str | None = None) -> Figure:
        """No shares to stack: the placeholder, or ``text`` (why there is nothing to show)."""
        self.ax.clear()
        self._areas, self._suppliers = [], None
        if text is None:
            empty(self.ax, title)
        else:
            self.ax.set_title(title, fontsize=10)
            self.ax.text(0.5, 0.5, text, ha="center", transform=self.ax.transAxes)
        return self.fig

    def show(self, shares: pd.DataFrame, colours: dict[str, str], *, title: str, ylabel: str) -> Figure:
        """Stack ``shares`` (rows: year, columns: supplier) under ``title``."""
        ax, suppliers = self.ax, [(s, colours.get(s)) for s in shares.columns]
        if suppliers != self._suppliers:
            if self._suppliers is None:
                ax.clear()
            for area in self._areas:
                area.remove()
            plot_shares(ax, shares, colours)
            ax.set_axisbelow(True)  # the grid under the areas, as it is in the frame (live.py)
            self._areas = [c for c in ax.collections if isinstance(c, FillBetweenPolyCollection)]
            self._suppliers = suppliers
        else:
            x, lower = shares.index.to_numpy(), np.zeros(len(shares))
            for area, supplier in zip(self._areas, shares.columns, strict=True):
                upper = lower + shares[supplier].to_numpy()
                area.set_data(x, lower, upper)
                lower = upper
        growing_year_axis(ax, shares.index.max())
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
        return self.fig


def draw_revenue_shares(
    tables: dict[str, pd.DataFrame], *, colours: dict[str, str] | None = None, panel: SharePanel | None = None
) -> Figure:
    """Each supplier's share of accelerator spend, by quarter, stacked (in-house chips as suppliers).

    ``panel``: the page's figure of it, redrawn in place (a new figure otherwise)."""
    panel = panel or SharePanel()
    title = "Revenue share by supplier (in-house chips as suppliers)"
    shares, _ = revenue_shares(tables["shares"])
    if shares.empty:
        return panel.message(title)
    return panel.show(
        shares, colours or supplier_colours(tables), title=title, ylabel="share of accelerator spend"
    )


SEGMENT_VIEWS = ("all", "training", "inference")
BASES = {"deliveries": "effective_compute", "in use": "installed_compute"}


def draw_compute_shares(
    tables: dict[str, pd.DataFrame],
    *,
    segment: str = "all",
    basis: str = "deliveries",
    colours: dict[str, str] | None = None,
    panel: SharePanel | None = None,
) -> Figure:
    """Each supplier's share of effective compute, by quarter, stacked: of the quarter's deliveries or
    of compute in use (the installed base), in one segment or both."""
    if segment not in SEGMENT_VIEWS or basis not in BASES:
        raise ValueError(f"segment must be one of {SEGMENT_VIEWS} and basis one of {tuple(BASES)}")
    panel = panel or SharePanel()
    title = f"Compute share by supplier, {basis}, {'both segments' if segment == 'all' else segment}"
    shares = tables["shares"]
    if BASES[basis] not in shares.columns:
        return panel.message(title, "this run has no installed-base columns")
    if segment != "all":
        shares = shares[shares["segment"] == segment]
    table, _ = supplier_shares(shares, value=BASES[basis])
    if table.empty:
        return panel.message(title)
    return panel.show(
        table, colours or supplier_colours(tables), title=title, ylabel="share of effective compute"
    )
