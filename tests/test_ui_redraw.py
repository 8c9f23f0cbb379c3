"""The page's figures redrawn in place (market_sim/viz/figures/live.py, viz/tables.py): each quarter they
show what a figure drawn afresh would, while their frame of axes and ticks is rendered only when it
changes, and the tables they read are the run's output tables."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from market_sim.model import ChipMarketModel
from market_sim.outputs import table
from market_sim.viz import app, figures
from market_sim.viz.controls import BrowserRun
from market_sim.viz.tables import PANEL_TABLES, GrowingTables


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _differ(a: bytes, b: bytes) -> float:
    """Share of pixels that differ visibly (labels laid from cached pixels land within half a pixel)."""
    a, b = _pixels(a), _pixels(b)
    assert a.shape == b.shape
    return float((np.abs(a - b).max(axis=2) > 40).mean())


def _draw(name: str, model, data: dict, panel) -> bytes:
    if name == "compute_shares":
        figures.draw_compute_shares(data["tables"], segment="inference", colours=data["colours"], panel=panel)
    else:
        app.DRAWINGS[name](model, data, panel)
    return panel.png()


PANELS = {**app.LIVE_PANELS, "compute_shares": figures.SharePanel}


def test_a_figure_redrawn_in_place_shows_what_a_fresh_one_shows_through_a_run_and_a_reset():
    kept = {name: make() for name, make in PANELS.items()}
    runs = [
        ChipMarketModel(BrowserRun(scenario_name="baseline", rng=2, n_enterprises=200)),
        ChipMarketModel(BrowserRun(scenario_name="inference_startups", rng=3, n_enterprises=200)),
    ]
    for model, quarters in zip(runs, (28, 10), strict=True):  # the second: Reset to another scenario
        tables = GrowingTables(model)
        for quarter in range(quarters + 1):
            data = app.panel_tables(model, tables)
            for name, make in PANELS.items():
                live = _draw(name, model, data, kept[name])
                # Every quarter for the panels with labels (names move as suppliers enter).
                if name in ("network", "design_pipeline") or quarter % 6 == 0 or quarter == quarters:
                    assert _differ(live, _draw(name, model, data, make())) < 0.01, (name, quarter)
            model.step()
    # The frame (axes, ticks, titles) was rendered again only now and then: when the years shown
    # doubled, the price axis outgrew its top, the pipeline its years, or the run was reset.
    frames = {name: panel.frames_rendered for name, panel in kept.items()}
    assert frames["network"] == 1, frames  # its names and legend are labels, laid from their pixels
    assert frames["headline_metrics"] == 9, frames  # the placeholder, then years 1, 2, 4, 8 (1, 2, 4)
    assert all(n <= (28 + 10 + 2) / 3 for n in frames.values()), frames


def test_the_frame_is_rendered_again_when_what_it_shows_changes():
    panel = figures.MetricsPanel()
    model = ChipMarketModel(BrowserRun(rng=1, n_enterprises=100))
    for _ in range(2):
        model.step()
    figures.draw_headline_metrics({"model": table(model, "model")}, panel=panel)
    first = panel.png()
    panel.png()
    assert panel.frames_rendered == 1  # nothing changed: the kept frame
    panel.ax.set_ylabel("another label")
    changed = panel.png()
    assert panel.frames_rendered == 2 and _differ(first, changed) > 0


@pytest.mark.parametrize(
    ("last_year", "end"),
    [(2020.0, 2021.0), (2021.0, 2021.0), (2021.25, 2022.0), (2025.5, 2028.0), (2035.75, 2036.0)],
)
def test_the_page_s_year_axis_doubles_its_span_as_the_run_goes_on(last_year, end):
    ax = Figure().add_subplot()
    figures.growing_year_axis(ax, last_year)
    assert ax.get_xlim() == (2020.0, end)


def test_the_page_s_tables_are_the_run_s_output_tables_quarter_after_quarter():
    for scenario in ("baseline", "lab_vertical_integration"):
        model = ChipMarketModel(scenario, rng=4, n_enterprises=100)
        kept = GrowingTables(model)
        for _ in range(16):
            got = kept.tables()
            for name in PANEL_TABLES:
                pd.testing.assert_frame_equal(got[name], table(model, name))
            model.step()
