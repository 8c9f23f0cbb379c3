"""Search for parameter sets that reproduce the stylized facts of 2020-2025.

A calibration sweep samples a design over the parameters to tune (``[sample]``, usually a Latin
hypercube) with a few seeds and at least 24 quarters. :func:`rank_design_points` measures every
fact (``facts.py``) on every run, averages each design point over its seeds, and scores it:

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

from .facts import FACTS, STEPS_NEEDED, measure_facts
from .sweep import ExperimentError, read_sweep


def band_distance(value: float, low: float, high: float) -> float:
    """How far ``value`` lies outside [low, high], in band widths (0 inside; inf if not measured)."""
    if not np.isfinite(value):
        return float("inf")
    width = high - low
    return max(low - value, value - high, 0.0) / width


def fact_loss(means: dict[str, float]) -> float:
    """Sum of squared band distances over every fact."""
    return float(sum(band_distance(means[f.fact_id], f.low, f.high) ** 2 for f in FACTS))


def measures_per_run(out: str | Path) -> pd.DataFrame:
    """Every fact measured on every finished run of a sweep: one row per run, one column per fact."""
    tables = read_sweep(out, ("model", "vendors"))
    if tables["model"]["step"].max() + 1 < STEPS_NEEDED:
        raise ExperimentError(
            f"the sweep in '{out}' stops before 2025Q4; the facts need steps >= {STEPS_NEEDED}"
        )
    vendors = dict(tuple(tables["vendors"].groupby("run_id")))
    rows = []
    for run, model in tables["model"].groupby("run_id", sort=False):
        rows.append({"run_id": run, **measure_facts({"model": model, "vendors": vendors[run]})})
    return tables["plan"].merge(pd.DataFrame(rows), on="run_id")


def rank_design_points(out: str | Path, min_share: float = 0.8) -> pd.DataFrame:
    """One row per design point (or grid cell): parameters, mean of each fact, facts held, loss; best first."""
    per_run = measures_per_run(out)
    fact_ids = [f.fact_id for f in FACTS]
    keys = [c for c in per_run.columns if c not in ("run_id", "run_index", "seed", *fact_ids)]
    rows = []
    for cell, runs in per_run.groupby(keys, sort=False, dropna=False):
        means = {f: float(runs[f].mean()) for f in fact_ids}
        held = sum(
            f.low <= means[f.fact_id] <= f.high
            and ((runs[f.fact_id] >= f.low) & (runs[f.fact_id] <= f.high)).mean() >= min_share
            for f in FACTS
        )
        rows.append(
            {
                **dict(zip(keys, cell if isinstance(cell, tuple) else (cell,), strict=True)),
                "seeds": len(runs),
                "facts_held": int(held),
                "loss": fact_loss(means),
                **means,
            }
        )
    table = pd.DataFrame(rows).sort_values(["loss", "facts_held"], ascending=[True, False], kind="stable")
    return table.reset_index(drop=True)
