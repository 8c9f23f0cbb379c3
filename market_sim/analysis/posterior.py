"""A posterior sample over the baseline's parameters (from ``calibrate --estimate``), and draws from it:
what markets consistent with the facts may look like (issue 8). The baseline's ships beside
``baseline.toml``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..experiments import ExperimentError
from ..scenario import Scenario
from .estimate import POSTERIOR_COLUMNS, simulate_facts

SHIPPED = {
    "baseline": ("baseline_posterior.parquet", "baseline_estimate.json"),
    # the same estimate with F5, F8 and F10 left out of the distance: validation out of sample
    "holdout": ("baseline_holdout_posterior.parquet", "baseline_holdout_estimate.json"),
}


def shipped_posterior(which: str = "baseline") -> pd.DataFrame:
    """A posterior sample shipped beside ``baseline.toml``: the baseline's (see baseline_estimate.json)
    or the held-out one (``which="holdout"``: baseline_holdout_estimate.json)."""
    from importlib import resources

    with resources.as_file(resources.files("market_sim") / "scenarios" / _shipped(which)[0]) as p:
        return pd.read_parquet(p)


def shipped_estimate(which: str = "baseline") -> dict:
    """The estimate.json of a shipped posterior sample (command, priors, posterior means, held out)."""
    import json
    from importlib import resources

    return json.loads((resources.files("market_sim") / "scenarios" / _shipped(which)[1]).read_text())


def _shipped(which: str) -> tuple[str, str]:
    if which not in SHIPPED:
        raise ValueError(f"shipped posterior '{which}' is unknown; allowed: {', '.join(SHIPPED)}")
    return SHIPPED[which]


def posterior_draws(posterior: pd.DataFrame, draws: int, seed: int = 0) -> list[dict[str, float]]:
    """``draws`` parameter sets drawn from a posterior sample with replacement, by weight: what a
    market consistent with the facts may look like. Same sample and seed, same draws."""
    if draws < 1:
        raise ExperimentError(f"draws = {draws} is not allowed; allowed: an integer >= 1")
    free = [c for c in posterior.columns if c not in POSTERIOR_COLUMNS]
    if not free or "weight" not in posterior.columns:
        raise ExperimentError(
            f"a posterior sample needs parameter columns and 'weight' (as posterior.parquet has); "
            f"found {list(posterior.columns)}"
        )
    weights = posterior["weight"].to_numpy(dtype=float)
    rows = np.random.default_rng(seed).choice(len(posterior), size=draws, p=weights / weights.sum())
    return [{k: float(posterior[k].iloc[r]) for k in free} for r in rows]


def posterior_facts(
    scenario: Scenario, draws: list[dict[str, float]], seeds: tuple[int, ...]
) -> pd.DataFrame:
    """Every fact on every (posterior draw, seed): one row each, tagged with ``draw`` and ``seed``."""
    from tqdm import tqdm

    parts = [
        simulate_facts(scenario, params, seeds).assign(draw=i, seed=list(seeds))
        for i, params in enumerate(tqdm(draws, desc="posterior draws", leave=False))
    ]
    return pd.concat(parts, ignore_index=True)
