"""Sensitivity indices from a sweep that sampled a SALib design (``[sample]`` in the experiment).

Each design point's measure is averaged over its seeds, then SALib computes the indices:

- ``sobol``: first-order (S1) and total (ST) Sobol' indices, with confidence intervals;
- ``morris``: elementary effects, mu* (overall influence) and sigma (non-linearity, interactions);
- ``latin``: no variance decomposition; Spearman rank correlation of each parameter with the measure.

The measures are those of the thesis verdicts (``theses.MEASURES``), over a window of years.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from .sweep import ExperimentError, design_points, read_sweep
from .theses import MEASURES


def sensitivity(
    out: str | Path, measure: str, years: tuple[int, int], scenario: str | None = None
) -> pd.DataFrame:
    """One row per sampled parameter: its sensitivity indices for ``measure`` over ``years``."""
    out = Path(out)
    if measure not in MEASURES:
        raise ExperimentError(f"measure '{measure}' is unknown; allowed: {', '.join(MEASURES)}")
    meta_path = out / "experiment.json"
    if not meta_path.exists():
        raise ExperimentError(f"'{out}' is not a sweep directory (no experiment.json)")
    sample = json.loads(meta_path.read_text())["experiment"].get("sample") or {}
    if not sample:
        raise ExperimentError(
            f"the sweep in '{out}' sampled no design; add a [sample] table to the experiment "
            "(method, n, bounds) and run it again"
        )
    _, needed, compute = MEASURES[measure]
    tables = read_sweep(out, needed)
    plan = tables["plan"]
    scenarios = sorted(plan["scenario"].unique())
    if scenario is None:
        if len(scenarios) > 1:
            raise ExperimentError(
                f"the sweep ran several scenarios; choose one with --scenario: {', '.join(scenarios)}"
            )
        scenario = scenarios[0]
    elif scenario not in scenarios:
        raise ExperimentError(f"scenario '{scenario}' is not in the sweep; allowed: {', '.join(scenarios)}")
    if len(plan.columns.difference(["run_id", "run_index", "scenario", "seed", "design_point"])) > len(
        sample["bounds"]
    ):
        raise ExperimentError(
            "the sweep also has a [grid]; indices need one design per analysis, so sweep the grid keys in [sample] instead"
        )

    values = compute(tables, years).rename("value")
    runs = plan[plan["scenario"] == scenario].merge(values, left_on="run_id", right_index=True, how="left")
    per_point = runs.groupby("design_point")["value"].mean()
    names, unrounded = design_points(sample, rounded=False)
    _, rounded = design_points(sample, rounded=True)
    missing = sorted(set(range(len(unrounded))) - set(per_point.dropna().index))
    if missing:
        raise ExperimentError(
            f"{len(missing)} of {len(unrounded)} design points have no finished run with a value for "
            f"'{measure}' in {years[0]}-{years[1]} (first: {missing[0]}); resume the sweep or choose other years"
        )
    y = per_point.sort_index().to_numpy(dtype=float)
    problem = {
        "num_vars": len(names),
        "names": names,
        "bounds": [list(map(float, sample["bounds"][k])) for k in names],
    }
    method = sample["method"]
    if method == "sobol":
        from SALib.analyze import sobol

        si = sobol.analyze(problem, y, calc_second_order=False, seed=0)
        table = pd.DataFrame(
            {
                "parameter": names,
                "S1": si["S1"],
                "S1_conf": si["S1_conf"],
                "ST": si["ST"],
                "ST_conf": si["ST_conf"],
            }
        )
        key = "ST"
    elif method == "morris":
        from SALib.analyze import morris

        si = morris.analyze(
            problem,
            np.asarray(unrounded, dtype=float),
            y,
            num_levels=int(sample.get("num_levels", 4)),
            seed=0,
        )
        table = pd.DataFrame(
            {
                "parameter": names,
                "mu_star": si["mu_star"],
                "mu_star_conf": si["mu_star_conf"],
                "mu": si["mu"],
                "sigma": si["sigma"],
            }
        )
        key = "mu_star"
    else:
        x = np.asarray(rounded, dtype=float)
        rho = [stats.spearmanr(x[:, i], y).statistic if np.ptp(y) > 0 else 0.0 for i in range(len(names))]
        table = pd.DataFrame({"parameter": names, "spearman_rho": rho})
        table["abs_rho"] = table["spearman_rho"].abs()
        key = "abs_rho"
    table.insert(1, "measure", measure)
    table.insert(2, "years", f"{years[0]}-{years[1]}")
    table.insert(3, "method", method)
    table.insert(4, "design_points", len(y))
    return table.sort_values(key, ascending=False, kind="stable").reset_index(drop=True)


def sensitivity_figure(table: pd.DataFrame, path: str | Path) -> Path:
    """Horizontal bars of the main index per parameter (with its confidence interval where SALib gives one)."""
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
        f"What moves {table['measure'].iloc[0]} ({table['years'].iloc[0]}), {table['design_points'].iloc[0]} design points"
    )
    ax.grid(axis="x", alpha=0.3)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return Path(path)
