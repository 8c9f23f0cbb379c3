"""The market's headline metrics over time, from the model table."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from .common import empty, growing_year_axis, new_figure, year_of
from .live import LivePanel

HEADLINE_METRICS = {
    "incumbent_revenue_share": "incumbent revenue share",
    "in_house_compute_share": "in-house compute share",
    "inference_compute_share": "inference share of compute",
    "unmet_demand_share": "unmet demand share",
}
HHI_LABEL = "HHI / 10,000 (revenue)"
TITLE = "Headline metrics"


class MetricsPanel(LivePanel):
    """The headline metrics' lines, kept between quarters and given each quarter's data in place."""

    def __init__(self):
        super().__init__(new_figure((6.4, 4.2), left=0.1, right=0.66, bottom=0.12, top=0.92))
        self.ax = self.fig.add_subplot()
        self._lines: dict[str, object] = {}  # metric -> its line; empty while the placeholder shows

    def data_artists(self) -> list:
        return list(self._lines.values())

    def show(self, model: pd.DataFrame) -> Figure:
        ax = self.ax
        if model.empty:
            ax.clear()
            self._lines = {}
            empty(ax, TITLE)
            return self.fig
        year = year_of(model["step"])
        values = {key: model[key].astype(float) for key in HEADLINE_METRICS}
        values["hhi"] = model["hhi"].astype(float) / 10_000
        if not self._lines:
            ax.clear()
            for key, label in HEADLINE_METRICS.items():
                (self._lines[key],) = ax.plot(year, values[key], label=label, lw=1.6)
            (self._lines["hhi"],) = ax.plot(year, values["hhi"], color="black", ls="--", label=HHI_LABEL)
            ax.set(ylim=(0, 1), xlabel="year", ylabel="share")
            ax.set_title(TITLE, fontsize=10)
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
            ax.grid(alpha=0.3)
        for key, line in self._lines.items():
            line.set_data(year, values[key])
        growing_year_axis(ax, year.max())
        return self.fig


def draw_headline_metrics(tables: dict[str, pd.DataFrame], *, panel: MetricsPanel | None = None) -> Figure:
    """The headline shares over time, with HHI / 10,000 on the same 0-1 scale.

    ``panel``: the page's figure of them, redrawn in place (a new figure otherwise)."""
    return (panel or MetricsPanel()).show(tables["model"])
