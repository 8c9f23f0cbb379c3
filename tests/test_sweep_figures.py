"""The figures of a sweep (market_sim/viz/figures/sweeps.py), on small frames worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from market_sim.viz import palette
from market_sim.viz.figures import sweeps


@pytest.fixture
def runs() -> pd.DataFrame:
    """Two levers x two seeds: value = cycle / 10 + cost, and seed 2 is 0.02 above seed 1."""
    rows = [
        {"design_cycle_quarters": c, "switching_cost": k, "seed": s, "value": c / 10 + k + 0.02 * (s - 1)}
        for c in (8, 12, 16)
        for k in (0.5, 1.5)
        for s in (1, 2)
    ]
    return pd.DataFrame(rows)


def test_cell_stats_give_mean_sd_and_count_over_seeds(runs):
    stats = sweeps.cell_stats(runs, ["design_cycle_quarters", "switching_cost"], "value")
    assert len(stats) == 6 and (stats["n"] == 2).all()
    first = stats.iloc[0]
    assert first["mean"] == pytest.approx(0.8 + 0.5 + 0.01)
    assert first["sd"] == pytest.approx(np.std([0.0, 0.02], ddof=1))


def test_lever_label_carries_the_parameters_unit():
    assert sweeps.lever_label("design_cycle_quarters") == "design_cycle_quarters (quarters)"
    assert sweeps.lever_label("not_a_parameter") == "not_a_parameter"


def test_heatmap_shows_the_mean_per_cell_annotated_with_the_seeds_spread(runs):
    fig = sweeps.draw_lever_heatmap(
        runs, "design_cycle_quarters", "switching_cost", "value", title="t", label="value", unit="share"
    )
    assert isinstance(fig, Figure)
    mean_ax, sd_ax = fig.axes[0], fig.axes[1]
    grid = mean_ax.images[0].get_array()
    assert grid.shape == (2, 3)  # switching cost in rows (highest on top), cycle in columns
    assert grid[0, 0] == pytest.approx(0.8 + 1.5 + 0.01) and grid[1, 2] == pytest.approx(1.6 + 0.5 + 0.01)
    assert np.allclose(sd_ax.images[0].get_array(), np.std([0.0, 0.02], ddof=1))
    labels = [t.get_text() for t in mean_ax.texts]
    assert len(labels) == 6 and all("±" in t and "(n = 2)" in t for t in labels)
    assert mean_ax.get_xlabel() == "design_cycle_quarters (quarters)"
    assert [t.get_text() for t in mean_ax.get_xticklabels()] == ["8", "12", "16"]


def test_lever_lines_draw_one_line_per_level_of_the_other_lever(runs):
    fig = sweeps.draw_lever_lines(
        runs, "design_cycle_quarters", "switching_cost", "value", title="t", ylabel="value (share)"
    )
    ax = fig.axes[0]
    assert len(ax.containers) == 2  # an error-bar line per switching cost
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["0.5", "1.5"]
    assert "switching_cost (fraction)" in ax.get_legend().get_title().get_text()
    line = ax.containers[0].lines[0]
    assert np.allclose(line.get_ydata(), [0.8 + 0.5 + 0.01, 1.2 + 0.5 + 0.01, 1.6 + 0.5 + 0.01])


def test_groups_that_are_supplier_kinds_take_their_palette_colour_and_label():
    values = pd.DataFrame(
        {"designer_kind": ["merchant"] * 3 + ["in_house"] * 2, "forecast_error": [0.3, 0.2, 0.25, 0.02, 0.01]}
    )
    ax = sweeps.draw_by_group(values, "designer_kind", "forecast_error", title="t", ylabel="e").axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks == ["in-house chip\n(n = 2)", "merchant vendor\n(n = 3)"]  # lowest mean first
    dots = ax.collections[0], ax.collections[2]
    assert to_hex(dots[0].get_facecolor()[0]) == palette.KIND_COLOURS["in_house"]
    assert to_hex(dots[1].get_facecolor()[0]) == palette.KIND_COLOURS["merchant"]


def test_relation_fits_the_least_squares_line(runs):
    fig = sweeps.draw_relation(
        runs, "value", "switching_cost", "design_cycle_quarters", title="t", xlabel="x", ylabel="y"
    )
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    slope = np.polyfit(runs["value"], runs["switching_cost"], 1)[0]
    assert f"least squares: slope {slope:+.3g}" in legend
    assert sum(t.startswith("design_cycle_quarters (quarters) = ") for t in legend) == 3
