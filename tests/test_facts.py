"""The stylized-fact measures and verdicts (market_sim/analysis/facts.py, `market-sim facts`)."""

import math

import pandas as pd
import pytest

from market_sim import ChipMarketModel
from market_sim.analysis.facts import FACTS, STEPS_NEEDED, measure_facts, verdicts
from market_sim.cli import main
from market_sim.outputs import run_model, tables


def test_every_fact_is_measured_on_a_2020_to_2025_run():
    measures = measure_facts(tables(run_model(ChipMarketModel(rng=1, steps=STEPS_NEEDED))))
    assert set(measures) == {f.fact_id for f in FACTS}
    assert all(math.isfinite(v) for v in measures.values()), measures


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
