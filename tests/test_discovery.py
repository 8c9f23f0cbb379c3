"""Scenario discovery (analysis/discovery.py): a label decided by one parameter's threshold is found
with that parameter and about that threshold, a label independent of the parameters gets no box, and
fewer than 200 draws name no parameters. Fixed seeds throughout."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from market_sim.analysis.discovery import (
    MIN_DRAWS_FOR_DISCOVERY,
    NEEDS_MORE_DRAWS,
    block_shuffle,
    deciding_parameters,
    describe_conditions,
    discover,
)
from market_sim.analysis.ensemble import (
    claim_discovery,
    ensemble_table,
    with_counts,
    with_deciding_parameters,
)

PERMUTATIONS = 200  # enough to tell p < 0.05 from chance; the CLI uses 300
PRIORS = {"challenger_maturity": (0.15, 0.75), "switching_cost": (0.5, 3.0), "incumbent_markup": (2.5, 4.5)}


def posterior_draws(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({name: rng.uniform(low, high, n) for name, (low, high) in PRIORS.items()})


def threshold_label(params: pd.DataFrame, seed: int, noise: float = 0.1) -> np.ndarray:
    """Counts for the claim where the challenger starts immature, with a share ``noise`` flipped."""
    flipped = np.random.default_rng(seed).random(len(params)) < noise
    return (params["challenger_maturity"].to_numpy() < 0.41) ^ flipped


def test_a_claim_decided_by_one_threshold_names_that_parameter_near_the_threshold():
    params = posterior_draws(240, seed=1)
    found = discover(params, threshold_label(params, seed=2), permutations=PERMUTATIONS)
    assert found.parameters == ("challenger_maturity",) and found.kept and found.p_value < 0.05
    (_, low, high) = found.conditions[0]
    assert low is None and high == pytest.approx(0.41, abs=0.04)
    assert found.density > 0.85 and found.density > found.base_rate
    assert deciding_parameters(found) == "challenger_maturity"
    assert found.box().startswith("challenger_maturity <= 0.") and "of draws count for it" in found.box()


def test_a_label_independent_of_the_parameters_keeps_no_box():
    params = posterior_draws(240, seed=3)
    coin = np.random.default_rng(4).random(len(params)) < 0.4
    found = discover(params, coin, permutations=PERMUTATIONS)
    assert found.p_value >= 0.05 and not found.kept
    assert deciding_parameters(found).startswith("depends on the market (no parameter box beats chance")


def test_repeated_draws_are_one_observation_so_their_copies_do_not_make_a_box():
    # 60 parameter sets drawn 240 times with replacement, each set's label a coin: a plain shuffle
    # would split the copies apart and take their agreement for a pattern.
    sets = posterior_draws(60, seed=5)
    rng = np.random.default_rng(6)
    rows = rng.integers(0, len(sets), 240)
    coin = rng.random(len(sets)) < 0.4
    found = discover(sets.iloc[rows].reset_index(drop=True), coin[rows], permutations=PERMUTATIONS)
    assert found.distinct_draws <= 60 and not found.kept


def test_a_block_shuffle_moves_each_parameter_sets_labels_together():
    groups = np.array([0, 0, 1, 1, 2, 3, 4, 4])
    label = np.array([1, 1, 0, 0, 1, 0, 1, 1], dtype=float)
    for seed in range(5):
        shuffled = block_shuffle(label, groups, np.random.default_rng(seed))
        assert sorted(shuffled) == sorted(label)
        for g in (0, 1, 4):  # copies of one set keep one label
            assert len(set(shuffled[groups == g])) == 1


def test_a_box_in_words_merges_two_thresholds_on_one_parameter():
    conditions = (("challenger_maturity", 0.3, 0.5), ("foundry_capacity_units", None, 612_345.6))
    assert describe_conditions(conditions) == (
        "0.3 < challenger_maturity <= 0.5 and foundry_capacity_units <= 612,346"
    )


def test_fewer_than_200_draws_name_no_parameters():
    params = posterior_draws(MIN_DRAWS_FOR_DISCOVERY - 1, seed=1)
    assert discover(params, threshold_label(params, seed=2)) is None
    assert (
        deciding_parameters(None)
        == NEEDS_MORE_DRAWS
        == ("depends on the market (needs >= 200 draws to name parameters)")
    )


def per_draw_table(params: pd.DataFrame, decided: np.ndarray) -> pd.DataFrame:
    """Two claims over the draws: one supported in every draw, one supported where ``decided``."""
    rows = [
        pd.DataFrame(
            {
                "scenario": scenario,
                "measure": "m",
                "measure_description": "d",
                "predicted": "up",
                "years": "2027-2035",
                "draw": range(len(params)),
                "verdict": np.where(supported, "supported", "not resolved"),
                "small_effect": False,
                "relative_effect": 0.1,
            }
        ).join(params)
        for scenario, supported in (("always", np.ones(len(params), bool)), ("sometimes", decided))
    ]
    return with_counts(pd.concat(rows, ignore_index=True))


@pytest.mark.parametrize("draws", [MIN_DRAWS_FOR_DISCOVERY, 40])
def test_the_ensemble_table_says_what_decides_a_claim_that_depends_on_the_market(draws):
    params = posterior_draws(draws, seed=1)
    per_draw = per_draw_table(params, threshold_label(params, seed=2))
    table = ensemble_table(per_draw)
    discovery = claim_discovery(per_draw, table, list(PRIORS), permutations=PERMUTATIONS)
    table = with_deciding_parameters(table, discovery).set_index("scenario")
    assert list(discovery["scenario"]) == ["sometimes"]
    assert (
        table.loc["always", "ensemble_verdict"] == "robust"
        and table.loc["always", "deciding_parameters"] == ""
    )
    if draws >= MIN_DRAWS_FOR_DISCOVERY:
        assert table.loc["sometimes", "deciding_parameters"] == "challenger_maturity"
        assert table.loc["sometimes", "box"].startswith("challenger_maturity <= ")
        assert discovery["kept"].item() and discovery["p_value"].item() < 0.05
    else:
        assert table.loc["sometimes", "deciding_parameters"] == NEEDS_MORE_DRAWS
        assert table.loc["sometimes", "box"] == "" and discovery["p_value"].isna().all()
