"""The market's headline metrics over time, from the model table."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .common import empty, new_figure, year_axis, year_of

HEADLINE_METRICS = {
    "incumbent_revenue_share": "incumbent revenue share",
    "in_house_compute_share": "in-house compute share",
    "inference_compute_share": "inference share of compute",
    "unmet_demand_share": "unmet demand share",
}
HHI_LABEL = "HHI / 10,000 (revenue)"


def draw_headline_metrics(tables: dict[str, pd.DataFrame]) -> Figure:
    """The headline shares over time, with HHI / 10,000 on the same 0-1 scale."""
    fig = new_figure((6.4, 4.2), left=0.1, right=0.66, bottom=0.12, top=0.92)
    ax = fig.add_subplot()
    title = "Headline metrics"
    df = tables["model"]
    if df.empty:
        empty(ax, title)
        return fig
    year = year_of(df["step"])
    for key, label in HEADLINE_METRICS.items():
        ax.plot(year, df[key].astype(float), label=label, lw=1.6)
    ax.plot(year, df["hhi"].astype(float) / 10_000, color="black", ls="--", label=HHI_LABEL)
    ax.set(ylim=(0, 1), xlabel="year", ylabel="share")
    year_axis(ax, year.max())
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(alpha=0.3)
    return fig
