"""Figures of a sweep: an outcome over two levers, an outcome against one lever, values by group, and one
quantity against another, run by run.

They draw tidy frames with one row per run (or per design project): the swept levers, the seed and the
values, as the notebooks build them from a sweep (``read_sweep`` and the measure registry). The spread
shown is over seeds: runs of one cell differ only in their seed.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.figure import Figure  # never pyplot: drawing never changes the caller's backend

from ...scenario import Scenario
from ..palette import KIND_COLOURS, KIND_LABELS

_UNITS = {f.name: f.metadata.get("unit", "") for f in dataclasses.fields(Scenario)}


def lever_label(key: str) -> str:
    """A lever's axis label with its unit from the parameter table: ``design_cycle_quarters (quarters)``."""
    unit = _UNITS.get(key, "")
    return f"{key} ({unit})" if unit else key


def cell_stats(values: pd.DataFrame, keys: list[str], column: str) -> pd.DataFrame:
    """Mean, sample standard deviation (NaN for a single run) and count of ``column`` per cell of ``keys``."""
    return values.groupby(list(keys))[column].agg(mean="mean", sd="std", n="count").reset_index()


def level_colours(levels) -> dict:
    """A colour per level of a lever, from light to dark along viridis (sorted levels, so order reads)."""
    levels = sorted(set(levels))
    cmap = colormaps["viridis"]
    return {v: cmap(0.15 + 0.7 * i / max(len(levels) - 1, 1)) for i, v in enumerate(levels)}


def draw_lever_heatmap(
    values: pd.DataFrame,
    x: str,
    y: str,
    column: str,
    *,
    title: str,
    label: str,
    unit: str = "",
    fmt: str = ".3f",
) -> Figure:
    """``column`` over two levers: left, its mean over seeds per cell, annotated "mean ± sd" (n runs);
    right, the standard deviation over seeds per cell, so where seeds disagree shows at a glance."""
    stats = cell_stats(values, [y, x], column)
    mean = stats.pivot(index=y, columns=x, values="mean").sort_index(ascending=False)
    sd = stats.pivot(index=y, columns=x, values="sd").reindex_like(mean)
    n = stats.pivot(index=y, columns=x, values="n").reindex_like(mean)
    fig = Figure(figsize=(12, 0.55 * len(mean) + 2.6), layout="constrained")
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    for ax, grid, cmap, what in ((left, mean, "viridis", "mean"), (right, sd, "Greys", "sd")):
        image = ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, aspect="auto")
        ax.set_xticks(range(grid.shape[1]), [str(v) for v in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [str(v) for v in grid.index])
        ax.set(xlabel=lever_label(x), ylabel=lever_label(y))
        ax.grid(False)
        fig.colorbar(image, ax=ax, label=f"{what} over seeds ({unit})" if unit else f"{what} over seeds")
    for i in range(mean.shape[0]):
        for j in range(mean.shape[1]):
            m, s, k = mean.iat[i, j], sd.iat[i, j], n.iat[i, j]
            if np.isnan(m):
                continue
            spread = f" ± {s:{fmt}}" if np.isfinite(s) else ""
            text = f"{m:{fmt}}{spread}\n(n = {int(k)})"
            shade = _text_colour(left.images[0], m)
            left.text(j, i, text, ha="center", va="center", fontsize=8, color=shade)
            if np.isfinite(s):
                right.text(
                    j,
                    i,
                    f"{s:{fmt}}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color=_text_colour(right.images[0], s),
                )
    left.set_title(f"{label}: mean ± sd over seeds")
    right.set_title("spread over seeds (sd)")
    fig.suptitle(title)
    return fig


def _text_colour(image, value: float) -> str:
    """White on a dark cell, black on a light one."""
    r, g, b, _ = image.cmap(image.norm(value))
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"


def draw_lever_lines(
    values: pd.DataFrame, x: str, hue: str, column: str, *, title: str, ylabel: str
) -> Figure:
    """``column`` against lever ``x``, a line per value of lever ``hue``: the mean over runs with ± one sd
    (error bars), and each run as a faint dot."""
    stats = cell_stats(values, [hue, x], column)
    colours = level_colours(stats[hue])
    fig = Figure(figsize=(7.5, 4.5), layout="constrained")
    ax = fig.subplots()
    offsets = _dodge(len(colours), np.diff(np.sort(stats[x].unique())).min(initial=1.0))
    for (level, colour), offset in zip(colours.items(), offsets, strict=True):
        rows = stats[stats[hue] == level].sort_values(x)
        runs = values[values[hue] == level]
        ax.scatter(runs[x] + offset, runs[column], color=colour, alpha=0.3, s=12, lw=0)
        ax.errorbar(
            rows[x] + offset,
            rows["mean"],
            yerr=rows["sd"].fillna(0.0),
            color=colour,
            marker="o",
            capsize=3,
            label=f"{level}",
        )
    ax.set(title=title, xlabel=lever_label(x), ylabel=ylabel)
    ax.set_xticks(sorted(stats[x].unique()))
    ax.legend(
        title=f"{lever_label(hue)}:\nmean ± sd over runs (dots: runs)",
        loc="best",
        fontsize=8,
        title_fontsize=8,
    )
    ax.grid(alpha=0.3)
    return fig


def _dodge(k: int, gap: float) -> np.ndarray:
    """Small horizontal offsets so that k series at the same x do not hide one another."""
    return (np.arange(k) - (k - 1) / 2) * gap * 0.06


def draw_by_group(
    values: pd.DataFrame, group: str, column: str, *, title: str, ylabel: str, colours: dict | None = None
) -> Figure:
    """``column`` per group: every row as a jittered dot, the group's mean ± sd as a bar with error bars.

    Groups that are supplier kinds take their palette colour and label (merchant vendor, start-up, ...).
    """
    groups = [g for g in values.groupby(group)[column].mean().sort_values().index]
    colours = colours or {g: KIND_COLOURS.get(g, "#555555") for g in groups}
    fig = Figure(figsize=(1.6 * len(groups) + 3, 4.5), layout="constrained")
    ax = fig.subplots()
    rng = np.random.default_rng(0)  # jitter only: the same figure every time
    for i, g in enumerate(groups):
        v = values.loc[values[group] == g, column].dropna()
        ax.scatter(i + rng.uniform(-0.25, 0.25, len(v)), v, color=colours[g], alpha=0.35, s=12, lw=0)
        ax.errorbar(
            i,
            v.mean(),
            yerr=v.std() if len(v) > 1 else 0.0,
            color="black",
            marker="_",
            ms=30,
            capsize=6,
            lw=1.5,
            label="mean ± sd" if i == 0 else None,
        )
    ax.set_xticks(
        range(len(groups)), [f"{KIND_LABELS.get(g, g)}\n(n = {(values[group] == g).sum()})" for g in groups]
    )
    ax.set(title=title, xlabel=group, ylabel=ylabel)
    ax.legend(loc="best")
    ax.grid(axis="y", alpha=0.3)
    return fig


def draw_relation(
    values: pd.DataFrame, x: str, y: str, hue: str, *, title: str, xlabel: str, ylabel: str
) -> Figure:
    """``y`` against ``x``, one dot per row coloured by lever ``hue``, with the least-squares line over
    all rows (its slope in the legend)."""
    colours = level_colours(values[hue])
    fig = Figure(figsize=(7.5, 4.8), layout="constrained")
    ax = fig.subplots()
    for level, colour in colours.items():
        rows = values[values[hue] == level]
        ax.scatter(rows[x], rows[y], color=colour, s=25, alpha=0.8, label=f"{lever_label(hue)} = {level}")
    data = values[[x, y]].dropna()
    if len(data) > 2 and data[x].nunique() > 1:
        slope, intercept = np.polyfit(data[x], data[y], 1)
        grid = np.linspace(data[x].min(), data[x].max(), 50)
        ax.plot(
            grid,
            intercept + slope * grid,
            color="black",
            lw=1,
            ls="--",
            label=f"least squares: slope {slope:+.3g}",
        )
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    ax.legend(loc="best", fontsize=8)
    ax.grid(alpha=0.3)
    return fig


def draw_validation(table: pd.DataFrame, ax=None):
    """Each fact's band and the model's mean and 5th-95th percentile over seeds, on a scale where
    every band runs from 0 to 1 (so facts in different units share one axis); misses in red."""
    if ax is None:
        ax = Figure(figsize=(8, 0.45 * len(table) + 1.2)).subplots()
    width = (table["high"] - table["low"]).to_numpy()
    scaled = {k: ((table[k] - table["low"]) / width).to_numpy() for k in ("mean", "p05", "p95")}
    y = np.arange(len(table))[::-1]
    ax.axvspan(0.0, 1.0, color="0.9", label="band")
    colours = np.where(table["holds"], "#2ca02c", "#d62728")
    ax.hlines(
        y, scaled["p05"], scaled["p95"], colors=colours, linewidth=2, label="5th-95th percentile over seeds"
    )
    ax.scatter(scaled["mean"], y, c=colours, zorder=3, label="mean (green: holds, red: misses)")
    ax.set_yticks(
        y,
        [
            f"{f} ({share:.0%} in)"
            for f, share in zip(table["fact"], table["share_of_seeds_inside"], strict=True)
        ],
    )
    ax.set_xlabel("position relative to the band (0 = its low end, 1 = its high end)")
    ax.set_title("Stylized facts: the model against the bands")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8)
    return ax
