"""The baseline is plausible (issue #3): the incumbent dominates 2020, custom silicon arrives later.

Calibration to every stylized fact is separate work (`market-sim calibrate`); these checks only
guard the shape of the reference run against regressions while parameters are tuned.
"""

import numpy as np
import pytest

from market_sim import ChipMarketModel
from market_sim.outputs import run_model


@pytest.fixture(scope="module")
def runs():
    return [
        run_model(ChipMarketModel(rng=seed, steps=24)).datacollector.get_model_vars_dataframe()
        for seed in (1, 2, 3)
    ]


def test_incumbent_dominates_in_2020_and_2021(runs):
    shares = [df[df["year"] < 2022]["incumbent_revenue_share"].mean() for df in runs]
    assert min(shares) > 0.6, shares


def test_incumbent_keeps_the_fattest_margin(runs):
    assert all(df["incumbent_gross_margin"].mean() > 0.6 for df in runs)


def test_compute_gets_cheaper_and_inference_grows(runs):
    for df in runs:
        assert df["compute_cost_index"].iloc[-1] < 0.5
        assert df["inference_compute_share"].iloc[-4:].mean() > df["inference_compute_share"].iloc[:4].mean()


def test_market_grows_through_the_boom(runs):
    for df in runs:
        first, last = (
            df[df["year"] < 2021]["accelerator_revenue"].sum(),
            df[df["year"] >= 2024]["accelerator_revenue"].sum(),
        )
        assert np.isfinite(first) and last > 3 * first
