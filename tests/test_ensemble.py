"""Verdicts across the posterior (analysis/ensemble.py): the counting rule by hand, the theses' levers
kept apart from the posterior's parameters, and one small ensemble end to end."""

from __future__ import annotations

import pandas as pd
import pytest

from market_sim.analysis.claims import CLAIMS
from market_sim.analysis.discovery import NEEDS_MORE_DRAWS
from market_sim.analysis.ensemble import ensemble_table, thesis_levers
from market_sim.analysis.posterior import shipped_posterior
from market_sim.cli import main


def draws_of(verdicts: list[tuple[str, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scenario": "s",
            "measure": "m",
            "measure_description": "d",
            "predicted": "up",
            "years": "2027-2035",
            "draw": range(len(verdicts)),
            "verdict": [v for v, _ in verdicts],
            "small_effect": [small for _, small in verdicts],
            "relative_effect": 0.1,
        }
    )


def test_a_claim_is_robust_contradicted_or_depends_on_the_market_by_hand():
    robust = ensemble_table(draws_of([("supported", False)] * 9 + [("not resolved", False)]))
    assert robust["share_for"].item() == pytest.approx(0.9) and robust["ensemble_verdict"].item() == "robust"
    against = ensemble_table(draws_of([("contradicted", False)] * 10))
    assert against["ensemble_verdict"].item() == "contradicted"
    # A small effect does not count, even where its band excludes zero.
    small = ensemble_table(draws_of([("supported", True)] * 10))
    assert small["share_for"].item() == 0.0 and small["ensemble_verdict"].item() == "depends on the market"
    split = ensemble_table(draws_of([("supported", False)] * 8 + [("contradicted", False)] * 2))
    assert split["ensemble_verdict"].item() == "depends on the market"


def test_no_thesis_sets_a_parameter_the_shipped_posterior_varies():
    levers = thesis_levers(tuple(dict.fromkeys(c.scenario for c in CLAIMS)))
    assert "reasoning_shift_year" in levers and "make_or_buy_hurdle" in levers
    assert not levers & set(shipped_posterior().columns)


def test_an_ensemble_end_to_end(tmp_path, capsys):
    out = tmp_path / "ensemble"
    assert main(["verdicts", "--ensemble", str(out), "--draws", "1", "--seeds", "2", "--workers", "1"]) == 0
    table = pd.read_csv(out / "ensemble_verdicts.csv")
    assert len(table) == len(CLAIMS) and set(table["ensemble_verdict"]) <= {
        "robust",
        "contradicted",
        "depends on the market",
    }
    printed = capsys.readouterr().out
    assert (out / "draw_000").is_dir() and "1 posterior draws x 2 paired seeds" in printed
    # One draw is too few for scenario discovery: a claim that depends on the market names no parameter.
    depends = table[table["ensemble_verdict"] == "depends on the market"]
    assert (depends["deciding_parameters"] == NEEDS_MORE_DRAWS).all()
    assert table.loc[table["ensemble_verdict"] != "depends on the market", "deciding_parameters"].isna().all()
    discovery = pd.read_csv(out / "discovery.csv")
    assert len(discovery) == len(depends) and (len(depends) == 0 or NEEDS_MORE_DRAWS in printed)
    per_draw = pd.read_csv(out / "verdicts_per_draw.csv")
    assert {"counts_for", "counts_against", *shipped_posterior().columns[:3]} <= set(per_draw.columns)
    assert (out / "ensemble_verdicts.png").stat().st_size > 10_000 and "ensemble_verdicts.png" in printed


def test_the_ensemble_figure_draws_each_claims_shares_and_its_box(tmp_path):
    """One bar per claim, split into the shares for, against and neither; a kept box is named."""
    from matplotlib.image import imread

    from market_sim.analysis.ensemble_figure import ensemble_figure

    table = pd.DataFrame(
        {
            "scenario": ["open_ecosystem", "small_models"],
            "measure_description": ["incumbent's gross margin", "incumbent's share of compute"],
            "predicted": ["down", "down"],
            "draws": [200, 200],
            "share_for": [0.55, 0.0],
            "share_against": [0.1, 0.95],
            "median_relative_effect": [-0.08, 0.01],
            "ensemble_verdict": ["depends on the market", "contradicted"],
            "box": ["switching_cost > 1.9: 90% of draws count for it", ""],
        }
    )
    path = ensemble_figure(table, tmp_path / "ensemble.png")
    height, width, _ = imread(path).shape
    assert width > height > 100


def test_verdicts_without_a_sweep_or_ensemble_is_one_line_and_status_2(capsys):
    assert main(["verdicts"]) == 2
    assert "needs a SWEEP directory, or --ensemble DIR" in capsys.readouterr().err
