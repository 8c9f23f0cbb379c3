"""Calibration search: scoring parameter sets against the stylized-fact bands."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from market_sim.analysis.calibration import band_distance, fact_loss, measures_per_run, rank_design_points
from market_sim.analysis.facts import FACT_BY_ID, FACTS, verdicts
from market_sim.cli import main
from market_sim.experiments import Experiment, ExperimentError, run_sweep

FACT_IDS = [f.fact_id for f in FACTS]


def test_band_distance_is_zero_inside_and_counts_band_widths_outside():
    assert band_distance(0.7, 0.6, 0.8) == 0.0
    assert band_distance(0.6, 0.6, 0.8) == 0.0
    assert band_distance(0.9, 0.6, 0.8) == pytest.approx(0.5)
    assert band_distance(0.2, 0.6, 0.8) == pytest.approx(2.0)
    assert band_distance(float("nan"), 0.6, 0.8) == math.inf


def test_fact_loss_is_zero_when_every_mean_is_inside_and_grows_with_each_miss():
    inside = {f.fact_id: (f.low + f.high) / 2 for f in FACTS}
    assert fact_loss(inside) == 0.0
    f2, f8 = FACT_BY_ID["F2"], FACT_BY_ID["F8"]
    one_miss = inside | {"F2": f2.high + (f2.high - f2.low)}
    two_miss = one_miss | {"F8": f8.low - 2 * (f8.high - f8.low)}
    assert fact_loss(one_miss) == pytest.approx(1.0)
    assert fact_loss(two_miss) == pytest.approx(5.0)


@pytest.fixture(scope="module")
def calibration_sweep(tmp_path_factory):
    out = tmp_path_factory.mktemp("calibration")
    experiment = Experiment(
        name="calibration",
        seeds=(1, 2),
        fixed={"steps": 24, "n_enterprises": 40},
        tables=("model", "vendors"),
        sample={"method": "latin", "n": 3, "seed": 1, "bounds": {"challenger_markup": [0.5, 2.0]}},
    )
    assert run_sweep(experiment, out, executor="serial", progress=False).failed == 0
    return out


def test_ranking_scores_every_design_point_best_first_and_agrees_with_market_sim_facts(calibration_sweep):
    table = rank_design_points(calibration_sweep)
    assert len(table) == 3 and list(table["loss"]) == sorted(table["loss"])
    assert (table["seeds"] == 2).all()
    per_run = measures_per_run(calibration_sweep)
    for row in table.itertuples(index=False):
        runs = per_run[per_run["design_point"] == row.design_point]
        # the same verdict rule as `market-sim facts`, on the same per-seed measures
        assert row.facts_held == int(verdicts(runs[FACT_IDS]).holds.sum())
        assert row.loss == pytest.approx(fact_loss({f: runs[f].mean() for f in FACT_IDS}))


def test_a_sweep_that_stops_before_2025_is_refused(tmp_path):
    run_sweep(
        Experiment(seeds=(1,), fixed={"steps": 8}, tables=("model", "vendors")),
        tmp_path,
        executor="serial",
        progress=False,
    )
    with pytest.raises(ExperimentError, match="stops before 2025Q4.*24"):
        rank_design_points(tmp_path)


def test_cli_calibrate_prints_the_best_sets_and_writes_every_one(calibration_sweep, capsys):
    assert main(["calibrate", str(calibration_sweep), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert out.count("facts hold, loss") == 2 and "challenger_markup = " in out
    assert len(pd.read_csv(calibration_sweep / "calibration.csv")) == 3
