"""Sensitivity indices from a sweep that sampled a SALib design (``[sample]`` in the experiment).

Each design point's measure is averaged over its seeds, then SALib computes the indices:

- ``sobol``: first-order (S1) and total (ST) Sobol' indices, with confidence intervals;
- ``morris``: elementary effects, mu* (overall influence) and sigma (non-linearity, interactions);
- ``latin``: no variance decomposition; Spearman rank correlation of each parameter with the measure.

The measures are those of the registry (:mod:`.measures`), over a window of years.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..experiments import ExperimentError, Sweep, design_points, read_sweep
from ..experiments.sampling import salib_problem
from .measures import MEASURES, Years

# method -> the column the table is sorted by (most influential first)
SORT_KEY = {"sobol": "ST", "morris": "mu_star", "latin": "abs_rho"}


def sensitivity(out: str | Path, measure: str, years: Years, scenario: str | None = None) -> pd.DataFrame:
    """One row per sampled parameter: its sensitivity indices for ``measure`` over ``years``."""
    if measure not in MEASURES:
        raise ExperimentError(f"measure '{measure}' is unknown; allowed: {', '.join(MEASURES)}")
    sweep = read_sweep(out, MEASURES[measure].tables)
    sample = _sampled_design(sweep)
    y = _per_design_point(sweep, measure, years, scenario=_one_scenario(sweep, scenario))
    method = sample["method"]
    if method == "sobol":
        table = _sobol(sample, y)
    elif method == "morris":
        table = _morris(sample, y)
    else:
        table = _latin(sample, y)
    table.insert(1, "measure", measure)
    table.insert(2, "years", f"{years[0]}-{years[1]}")
    table.insert(3, "method", method)
    table.insert(4, "design_points", len(y))
    return table.sort_values(SORT_KEY[method], ascending=False, kind="stable").reset_index(drop=True)


def _sampled_design(sweep: Sweep) -> dict[str, Any]:
    """The sweep's ``[sample]`` table; refused if it sampled none, or also swept a grid."""
    sample = sweep.experiment.sample
    if not sample:
        raise ExperimentError(
            f"the sweep in '{sweep.out}' sampled no design; add a [sample] table to the experiment "
            "(method, n, bounds) and run it again"
        )
    if set(sweep.swept_keys) - set(sweep.experiment.sampled_keys):
        raise ExperimentError(
            "the sweep also has a [grid]; indices need one design per analysis, "
            "so sweep the grid keys in [sample] instead"
        )
    return sample


def _one_scenario(sweep: Sweep, scenario: str | None) -> str:
    """The scenario to analyse: the one asked for, or the sweep's only one."""
    scenarios = sweep.scenarios
    if scenario is None:
        if len(scenarios) > 1:
            raise ExperimentError(
                f"the sweep ran several scenarios; choose one with --scenario: {', '.join(scenarios)}"
            )
        return scenarios[0]
    if scenario not in scenarios:
        raise ExperimentError(f"scenario '{scenario}' is not in the sweep; allowed: {', '.join(scenarios)}")
    return scenario


def _per_design_point(sweep: Sweep, measure: str, years: Years, *, scenario: str) -> np.ndarray:
    """The measure averaged over each design point's seeds, in design order (every point must have one)."""
    values = MEASURES[measure](sweep.tables, years).rename("value")
    plan = sweep.plan[list(sweep.run_keys)]
    runs = plan[plan["scenario"] == scenario].merge(values, left_on="run_id", right_index=True, how="left")
    per_point = runs.groupby("design_point")["value"].mean()
    _, points = design_points(sweep.experiment.sample, rounded=False)
    missing = sorted(set(range(len(points))) - set(per_point.dropna().index))
    if missing:
        raise ExperimentError(
            f"{len(missing)} of {len(points)} design points have no finished run with a value for "
            f"'{measure}' in {years[0]}-{years[1]} (first: {missing[0]}); "
            "resume the sweep or choose other years"
        )
    return per_point.sort_index().to_numpy(dtype=float)


def _sobol(sample: dict[str, Any], y: np.ndarray) -> pd.DataFrame:
    """First-order and total Sobol' indices with their confidence intervals."""
    from SALib.analyze import sobol

    problem = salib_problem(sample)
    si = sobol.analyze(problem, y, calc_second_order=False, seed=0)
    return pd.DataFrame(
        {
            "parameter": problem["names"],
            "S1": si["S1"],
            "S1_conf": si["S1_conf"],
            "ST": si["ST"],
            "ST_conf": si["ST_conf"],
        }
    )


def _morris(sample: dict[str, Any], y: np.ndarray) -> pd.DataFrame:
    """Morris elementary effects: mu*, its confidence interval, mu and sigma (on the unrounded design)."""
    from SALib.analyze import morris

    problem = salib_problem(sample)
    _, unrounded = design_points(sample, rounded=False)
    si = morris.analyze(
        problem, np.asarray(unrounded, dtype=float), y, num_levels=int(sample.get("num_levels", 4)), seed=0
    )
    return pd.DataFrame(
        {
            "parameter": problem["names"],
            "mu_star": si["mu_star"],
            "mu_star_conf": si["mu_star_conf"],
            "mu": si["mu"],
            "sigma": si["sigma"],
        }
    )


def _latin(sample: dict[str, Any], y: np.ndarray) -> pd.DataFrame:
    """Spearman rank correlation of each parameter (as the runs used it, rounded) with the measure."""
    from scipy import stats

    names, rounded = design_points(sample, rounded=True)
    x = np.asarray(rounded, dtype=float)
    rho = [stats.spearmanr(x[:, i], y).statistic if np.ptp(y) > 0 else 0.0 for i in range(len(names))]
    table = pd.DataFrame({"parameter": names, "spearman_rho": rho})
    table["abs_rho"] = table["spearman_rho"].abs()
    return table


def sensitivity_figure(table: pd.DataFrame, path: str | Path) -> Path:
    """Horizontal bars of the main index per parameter (with its confidence interval if SALib gives one)."""
    from matplotlib.figure import Figure  # no pyplot: drawing never changes the caller's backend

    method = table["method"].iloc[0]
    column, conf, label = {
        "sobol": ("ST", "ST_conf", "total Sobol' index ST"),
        "morris": ("mu_star", "mu_star_conf", "Morris mu* (mean |elementary effect|)"),
        "latin": ("spearman_rho", None, "Spearman rank correlation"),
    }[method]
    fig = Figure(figsize=(8, 0.4 * len(table) + 1.5))
    ax = fig.subplots()
    y = np.arange(len(table))[::-1]
    ax.barh(
        y,
        table[column],
        xerr=table[conf] if conf else None,
        color="#3b75af",
        capsize=3,
        label=f"{label} (with its confidence interval)",
    )
    if method == "sobol":
        ax.barh(y, table["S1"], height=0.35, color="#f0a030", label="first-order S1")
        ax.legend(loc="lower right")
    ax.set_yticks(y, table["parameter"])
    ax.set_xlabel(label)
    ax.set_title(
        f"What moves {table['measure'].iloc[0]} ({table['years'].iloc[0]}), "
        f"{table['design_points'].iloc[0]} design points"
    )
    ax.grid(axis="x", alpha=0.3)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return Path(path)
