"""Search for parameter sets that reproduce the stylized facts of 2020-2025.

A calibration sweep samples a design over the parameters to tune (``[sample]``, usually a Latin
hypercube) with a few seeds and at least 24 quarters. :func:`rank_design_points` measures every
fact (:mod:`.facts`) on every run, averages each design point over its seeds, and scores it:

    loss = sum over facts of (distance of the mean outside the band / band width)^2

so a point whose means all lie inside their bands scores 0, and a miss by one band width costs 1.
It also counts the facts that hold by the same rule as ``market-sim facts`` (mean in the band and
at least 80 % of seeds inside). This module only ranks; choosing new baseline values is a
decision to take with the ranking in hand, and to write down.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..experiments import ExperimentError, Sweep, read_sweep
from .facts import FACT_TABLES, FACTS, MIN_SHARE, STEPS_NEEDED, facts_per_run

FACT_IDS = tuple(f.fact_id for f in FACTS)


def band_distance(value: float, low: float, high: float) -> float:
    """How far ``value`` lies outside [low, high], in band widths (0 inside; inf if not measured)."""
    if not np.isfinite(value):
        return float("inf")
    width = high - low
    return max(low - value, value - high, 0.0) / width


def fact_loss(means: dict[str, float]) -> float:
    """Sum of squared band distances over every fact (a conditional fact counted in no seed adds
    nothing: the fact it depends on already misses)."""
    return float(
        sum(
            band_distance(means[f.fact_id], f.low, f.high) ** 2
            for f in FACTS
            if not (f.counted_where and np.isnan(means[f.fact_id]))
        )
    )


def _per_run(sweep: Sweep) -> pd.DataFrame:
    """The plan's description of each finished run, then every fact measured on it."""
    if sweep.tables["model"]["step"].max() + 1 < STEPS_NEEDED:
        raise ExperimentError(
            f"the sweep in '{sweep.out}' stops before 2025Q4; the facts need steps >= {STEPS_NEEDED}"
        )
    values = facts_per_run(sweep.tables).reset_index()
    return sweep.plan[list(sweep.run_keys)].merge(values, on="run_id")


def measures_per_run(out: str | Path) -> pd.DataFrame:
    """Every fact measured on every finished run of a sweep: one row per run, one column per fact."""
    return _per_run(read_sweep(out, FACT_TABLES))


def _score(runs: pd.DataFrame, min_share: float) -> dict[str, float | int]:
    """One parameter set's runs: how many seeds, facts held, loss and the mean of each fact."""
    means = {f: float(runs[f].mean()) for f in FACT_IDS}
    held = sum(f.holds(means[f.fact_id], f.share_inside(runs[f.fact_id]), min_share) for f in FACTS)
    return {"seeds": len(runs), "facts_held": int(held), "loss": fact_loss(means), **means}


def rank_design_points(out: str | Path, min_share: float = MIN_SHARE) -> pd.DataFrame:
    """One row per design point or grid cell: parameters, mean of each fact, facts held, loss; best first."""
    sweep = read_sweep(out, FACT_TABLES)
    per_run = _per_run(sweep)
    keys = list(sweep.cell_keys)
    rows = []
    for cell, runs in per_run.groupby(keys, sort=False, dropna=False):
        rows.append(
            {
                **dict(zip(keys, cell if isinstance(cell, tuple) else (cell,), strict=True)),
                **_score(runs, min_share),
            }
        )
    table = pd.DataFrame(rows).sort_values(["loss", "facts_held"], ascending=[True, False], kind="stable")
    return table.reset_index(drop=True)
