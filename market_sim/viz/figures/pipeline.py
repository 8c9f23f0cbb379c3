"""The design pipeline: a Gantt chart of design projects, from the projects table."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..palette import MERCHANT_COLOURS, STATUS_COLOURS, UNKNOWN_COLOUR, short_name
from .common import current_period, last_step, new_figure, year_of

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


def draw_design_pipeline(tables: dict[str, pd.DataFrame], *, history_quarters: int = 12) -> Figure:
    """Gantt chart of design projects: a bar per project from start to (planned) ship, coloured by status.

    Projects that ended more than ``history_quarters`` before 2020Q1 are left out; the dashed line is
    the quarter last run (from the model table).
    """
    fig = new_figure((6.4, 4.6), left=0.2, right=0.98, bottom=0.18, top=0.93)
    ax = fig.add_subplot()
    projects = tables["projects"]
    designers: list[str] = []
    if not projects.empty:
        projects = projects[projects["ship_step"] >= -history_quarters].copy()
        designers = designer_order(projects)
        row = {d: i for i, d in enumerate(designers)}
        projects["lane"] = pipeline_lanes(projects)
        lanes = projects.groupby("designer")["lane"].transform("max") + 1
        height = 0.8 / lanes
        y = projects["designer"].map(row) - 0.4 + height * (projects["lane"] + 0.5)
        ax.barh(
            y,
            year_of(projects["ship_step"]) - year_of(projects["start_step"]),
            left=year_of(projects["start_step"]),
            height=height * 0.9,
            color=[STATUS_COLOURS.get(s, UNKNOWN_COLOUR) for s in projects["status"]],
        )
    ax.axvline(year_of(max(last_step(tables), 0)), color="black", lw=1, ls="--")
    ax.set_yticks(range(len(designers)), [short_name(d) for d in designers], fontsize=7)
    ax.set_ylim(len(designers) - 0.5, -0.5)
    ax.set_xlabel("year (bar: project start to ship; dashed line: now)")
    ax.set_title(f"Design pipeline, {current_period(tables)}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color=c, label=s.replace("_", " ")) for s, c in STATUS_COLOURS.items()]
    fig.legend(handles=handles, fontsize=7, loc="lower center", ncol=4, frameon=False)
    return fig
