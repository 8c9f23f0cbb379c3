"""The design pipeline: a Gantt chart of design projects, from the projects table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..palette import MERCHANT_COLOURS, STATUS_COLOURS, UNKNOWN_COLOUR, short_name
from .common import current_period, last_step, new_figure, year_of
from .live import LivePanel

_KIND_RANK = {"merchant": 0, "start_up": 1, "in_house": 2}


def pipeline_lanes(projects: pd.DataFrame) -> pd.Series:
    """Lane of each project within its designer's row, so overlapping projects do not hide each other.

    A designer starts a project every cadence quarters and each takes a whole design cycle, so
    several are under way at once; each goes to the first lane free at its start.
    """
    lane = pd.Series(0, index=projects.index, dtype=int)
    for _, group in projects.sort_values("start_step").groupby("designer", sort=False):
        lane_end: list[int] = []
        for i, start, ship in zip(group.index, group["start_step"], group["ship_step"], strict=True):
            free = next((k for k, end in enumerate(lane_end) if end <= start), len(lane_end))
            lane_end[free : free + 1] = [ship]
            lane[i] = free
    return lane


def designer_order(projects: pd.DataFrame) -> list[str]:
    """Merchant vendors (incumbent first), then start-ups, then in-house chips; by name within a kind."""
    first = projects.groupby("designer")["designer_kind"].first()
    return sorted(
        first.index,
        key=lambda d: (
            _KIND_RANK.get(first[d], 3),
            list(MERCHANT_COLOURS).index(d) if d in MERCHANT_COLOURS else 9,
            d,
        ),
    )


class PipelinePanel(LivePanel):
    """The Gantt chart, kept between quarters: its bars, the line of now and the title change every
    quarter; the designers' rows and the years shown (to an even year) only now and then."""

    def __init__(self):
        super().__init__(new_figure((6.4, 4.6), left=0.2, right=0.95, bottom=0.18, top=0.93))
        self.ax = self.fig.add_subplot()
        self.ax.set_axisbelow(True)  # the grid under the bars, as it is in the frame (live.py)
        self.ax.set_xlabel("year (bar: project start to ship; dashed line: now)")
        self.ax.grid(axis="x", alpha=0.3)
        self._now = self.ax.axvline(year_of(0), color="black", lw=1, ls="--")
        # One collection of bars, not barh's patches: adding a patch costs more than drawing it.
        self.bars = PolyCollection([], edgecolors="none", gid="design-projects")
        self.ax.add_collection(self.bars, autolim=False)
        self._designers: list[str] | None = None
        self._names: list = []
        self.ax.set_yticks([])  # the rows' names are texts (_name_rows)
        handles = [Patch(color=c, label=s.replace("_", " ")) for s, c in STATUS_COLOURS.items()]
        self.fig.legend(handles=handles, fontsize=7, loc="lower center", ncol=4, frameon=False)

    def data_artists(self) -> list:
        return [self.bars, self._now, self.ax.title]

    def label_artists(self) -> list:
        return self._names

    def _name_rows(self, designers: list[str]) -> None:
        """A row per designer, named on its left (as texts, not tick labels: laid from cached pixels, so
        a new row neither draws every name again nor the frame, which has no y ticks)."""
        for name in self._names:
            name.remove()
        self.ax.set_ylim(len(designers) - 0.5, -0.5)
        self._names = [
            self.ax.annotate(
                short_name(d),
                (0, row),
                xycoords=("axes fraction", "data"),
                xytext=(-4, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=7,
            )
            for row, d in enumerate(designers)
        ]
        self._designers = designers

    def show(self, tables: dict[str, pd.DataFrame], history_quarters: int) -> Figure:
        ax, now = self.ax, year_of(max(last_step(tables), 0))
        projects = tables["projects"]
        designers: list[str] = []
        bars, colours = np.empty((0, 4, 2)), []
        left, right = math.floor(now) - 1, math.floor(now) + 2
        if not projects.empty:
            projects = projects[projects["ship_step"] >= -history_quarters].copy()
            designers = designer_order(projects)
            row = {d: i for i, d in enumerate(designers)}
            projects["lane"] = pipeline_lanes(projects)
            lanes = projects.groupby("designer")["lane"].transform("max") + 1
            height = (0.8 / lanes).to_numpy()
            y = (projects["designer"].map(row) - 0.4 + height * (projects["lane"] + 0.5)).to_numpy()
            start, ship = year_of(projects["start_step"]), year_of(projects["ship_step"])
            top, bottom = y - 0.45 * height, y + 0.45 * height  # 90 % of a lane's height
            bars = np.stack(
                [np.c_[start, top], np.c_[ship, top], np.c_[ship, bottom], np.c_[start, bottom]], 1
            )
            colours = [STATUS_COLOURS.get(s, UNKNOWN_COLOUR) for s in projects["status"]]
            left, right = math.floor(start.min()), 2 * math.ceil(max(ship.max(), now) / 2)
        self.bars.set_verts(bars)
        self.bars.set_facecolor(colours)
        self._now.set_xdata([now, now])
        ax.set_xlim(left, right)  # whole (even) years: the axis moves only when the pipeline outgrows it
        if designers != self._designers:
            self._name_rows(designers)
        ax.set_title(f"Design pipeline, {current_period(tables)}", fontsize=10)
        return self.fig


def draw_design_pipeline(
    tables: dict[str, pd.DataFrame], *, history_quarters: int = 12, panel: PipelinePanel | None = None
) -> Figure:
    """Gantt chart of design projects: a bar per project from start to (planned) ship, coloured by status.

    Projects that ended more than ``history_quarters`` before 2020Q1 are left out; the dashed line is
    the quarter last run (from the model table). ``panel``: the page's figure of it, redrawn in place (a
    new figure otherwise).
    """
    return (panel or PipelinePanel()).show(tables, history_quarters)
