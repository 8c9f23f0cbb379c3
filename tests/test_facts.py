"""The stylized-fact measures and verdicts (market_sim/analysis/facts.py, `market-sim facts`)."""

import math

import pandas as pd
import pytest

from market_sim import ChipMarketModel
from market_sim.analysis.facts import FACT_BY_ID, FACTS, STEPS_NEEDED, measure_facts, verdicts
from market_sim.cli import main
from market_sim.outputs import run_model, tables


def test_every_fact_is_measured_on_a_2020_to_2025_run():
    measures = measure_facts(tables(run_model(ChipMarketModel(rng=1, steps=STEPS_NEEDED))))
    assert set(measures) == {f.fact_id for f in FACTS}
    for f in FACTS:
        condition = FACT_BY_ID.get(f.counted_where)
        if condition is not None and not condition.inside([measures[condition.fact_id]])[0]:
            assert math.isnan(measures[f.fact_id]), f"{f.fact_id} counted where {condition.fact_id} misses"
        else:
            assert math.isfinite(measures[f.fact_id]), (f.fact_id, measures)


def test_f10_counts_only_in_seeds_where_f2_holds():
    """Second edition: lock-in beats price only means something where the incumbent still dominates."""
    f2, f10 = FACT_BY_ID["F2"], FACT_BY_ID["F10"]
    assert f10.counted_where == "F2"
    per_seed = pd.DataFrame({x.fact_id: [(x.low + x.high) / 2] * 4 for x in FACTS})
    per_seed["F2"] = [f2.high + 0.1, f2.high + 0.1, (f2.low + f2.high) / 2, (f2.low + f2.high) / 2]
    per_seed["F10"] = [float("nan"), float("nan"), 3.0, 3.5]  # as facts_per_run masks it
    row = verdicts(per_seed).set_index("fact").loc["F10"]
    assert row["seeds_counted"] == 2 and row["share_of_seeds_inside"] == 1.0 and row["holds"]
    assert row["mean"] == pytest.approx(3.25)


def test_installed_base_facts_read_compute_in_use_not_deliveries():
    """F7 and F8 are measured on the installed base (second edition), which moves slower than deliveries."""
    assert FACT_BY_ID["F7a"].measure == "inference_installed_compute_share"
    assert FACT_BY_ID["F8"].measure == "in_house_installed_compute_share"
    model = tables(run_model(ChipMarketModel(rng=1, steps=STEPS_NEEDED)))["model"]
    in_use, delivered = model["in_house_installed_compute_share"], model["in_house_compute_share"]
    assert in_use.diff().abs().max() < delivered.diff().abs().max()


def test_a_fact_holds_only_with_the_mean_in_band_and_most_seeds_inside():
    f = FACTS[0]  # F1, band 0.70-0.95
    mid = (f.low + f.high) / 2
    per_seed = pd.DataFrame({x.fact_id: [(x.low + x.high) / 2] * 5 for x in FACTS})
    assert verdicts(per_seed)["holds"].all()
    per_seed[f.fact_id] = [mid, mid, mid, f.high + 1, f.high + 1]  # 60 % inside
    table = verdicts(per_seed).set_index("fact")
    assert not table.loc[f.fact_id, "holds"]
    assert table.loc[f.fact_id, "share_of_seeds_inside"] == pytest.approx(0.6)
    per_seed[f.fact_id] = [f.low - 0.01] * 5
    assert not verdicts(per_seed).set_index("fact").loc[f.fact_id, "holds"]


def test_cli_facts_prints_every_fact_and_writes_csv(tmp_path, capsys):
    assert main(["facts", "--seeds", "2", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for f in FACTS:
        assert f.fact_id in out
    assert len(pd.read_csv(tmp_path / "facts_per_seed.csv")) == 2
    assert set(pd.read_csv(tmp_path / "facts.csv")["fact"]) == {f.fact_id for f in FACTS}
    checked = pd.read_parquet(tmp_path / "validation.parquet")
    assert list(checked["fact"]) == [f.fact_id for f in FACTS]  # misses stay in the table
    for column in ("low", "high", "mean", "p05", "p95", "share_of_seeds_inside", "holds"):
        assert column in checked.columns
    measured = checked.dropna(subset=["mean"])
    assert (measured["p05"] <= measured["mean"] + 1e-12).all() and (
        measured["mean"] <= measured["p95"] + 1e-12
    ).all()
    assert (tmp_path / "validation.png").stat().st_size > 0
