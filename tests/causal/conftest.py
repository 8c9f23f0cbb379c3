"""Causal tests: controlled experiments on the model.

Each test runs two arms with the same seeds (common random numbers: the model draws each
subsystem's noise from its own stream), changes one lever, averages a measure over replications and
asserts the direction the economics predicts, with a margin several standard errors wide.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from market_sim import ChipMarketModel
from market_sim.outputs import run_model, tables

SEEDS = tuple(range(1, 11))


def run_arm(seeds=SEEDS, **overrides) -> list[dict[str, pd.DataFrame]]:
    """Run one arm of an experiment: the baseline with ``overrides``, one run per seed."""
    out = []
    for seed in seeds:
        model = run_model(ChipMarketModel(rng=seed, **overrides))
        out.append(tables(model) | {"_model": model})
    return out


def paired_difference(treated: list[float], control: list[float]) -> tuple[float, float]:
    """Mean and standard error of the per-seed difference treated - control."""
    d = np.asarray(treated, dtype=float) - np.asarray(control, dtype=float)
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(len(d)))


def assert_effect(treated, control, direction: int, min_se: float = 3.0, label: str = "") -> None:
    """Assert mean(treated - control) has the predicted sign and is at least ``min_se`` standard errors
    from 0."""
    mean, se = paired_difference(treated, control)
    msg = f"{label}: mean difference {mean:.4g} (s.e. {se:.3g}), expected sign {direction:+d}"
    print(
        f"EFFECT {label}: control {np.mean(control):.4g}, treated {np.mean(treated):.4g}, "
        f"difference {mean:.4g} (s.e. {se:.3g})"
    )
    assert direction * mean > 0, msg
    assert abs(mean) > min_se * se, msg


def assert_consistent(treated, control, direction: int, min_fraction: float = 0.9, label: str = "") -> None:
    """Sign test for effects whose size varies a lot between seeds: the predicted direction in at
    least ``min_fraction`` of the paired replications (10 of 10 seeds has p < 0.001 under no effect)."""
    d = direction * (np.asarray(treated, dtype=float) - np.asarray(control, dtype=float))
    print(
        f"EFFECT {label}: control {np.mean(control):.4g}, treated {np.mean(treated):.4g}, "
        f"predicted direction in {(d > 0).sum()} of {len(d)} seeds"
    )
    assert (d > 0).mean() >= min_fraction, (
        f"{label}: effect in the predicted direction in {(d > 0).sum()} of {len(d)} seeds"
    )
    assert d.mean() > 0, f"{label}: mean effect {direction * d.mean():.4g} has the wrong sign"


def window(df: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    return df[(df["step"] >= first) & (df["step"] <= last)]


@pytest.fixture(scope="session")
def arms():
    """Cache of experiment arms shared by tests in one worker: key -> runs."""
    cache: dict[tuple, list] = {}

    def get(steps: int = 40, **overrides):
        key = (steps, repr(sorted(overrides.items())))
        if key not in cache:
            cache[key] = run_arm(steps=steps, **overrides)
        return cache[key]

    return get
