"""Which parameters the stylized facts can estimate: each parameter's total Sobol' index ST on every
fact's measure, from a sweep that sampled a Sobol' design over 2020-2025 (issue 8: choose the free
parameters of an estimate by their total indices on the facts).

A parameter is **influential** where its total index reaches ``threshold`` on at least one fact: it
explains that share of the variance of the fact's measure over the design, alone or with others. One
that is not moves no fact by much, so the facts cannot estimate it (hold it at a cited or assumed
value rather than fit it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..experiments import ExperimentError
from .facts import FACTS
from .sensitivity import sensitivity

INFLUENTIAL = 0.1  # total index on at least one fact


def fact_sensitivity(
    out: str | Path, threshold: float = INFLUENTIAL, scenario: str | None = None
) -> pd.DataFrame:
    """One row per sampled parameter: its ST on each fact (columns by fact id), the largest of them
    (``max_ST``), the fact it comes from and whether it reaches ``threshold``; most influential first."""
    columns = {}
    for fact in FACTS:
        table = sensitivity(out, fact.measure, fact.years, scenario)
        if table["method"].iloc[0] != "sobol":
            raise ExperimentError(
                f"the sweep in '{out}' sampled a {table['method'].iloc[0]} design; the facts' total indices "
                'need method = "sobol" in its [sample] table'
            )
        columns[fact.fact_id] = table.set_index("parameter")["ST"]
    st = pd.DataFrame(columns)
    st.index.name = "parameter"
    st["max_ST"] = st.max(axis=1)
    st["on_fact"] = st[[f.fact_id for f in FACTS]].idxmax(axis=1)
    st["influential"] = st["max_ST"] >= threshold
    return st.sort_values("max_ST", ascending=False, kind="stable").reset_index()


def fact_sensitivity_figure(table: pd.DataFrame, path: str | Path) -> Path:
    """A heatmap of the total indices, parameters by facts, influential parameters named in bold."""
    from matplotlib.figure import Figure  # no pyplot: drawing never changes the caller's backend

    facts = [f.fact_id for f in FACTS]
    values = table[facts].to_numpy(dtype=float)
    fig = Figure(figsize=(1.0 + 0.6 * len(facts) + 2.5, 0.4 * len(table) + 1.6))
    ax = fig.subplots()
    image = ax.imshow(np.clip(values, 0.0, 1.0), cmap="Blues", vmin=0.0, vmax=1.0, aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7, color="white" if v > 0.5 else "black")
    ax.set_xticks(range(len(facts)), facts)
    ax.set_yticks(range(len(table)), table["parameter"])
    for label, bold in zip(ax.get_yticklabels(), table["influential"], strict=True):
        label.set_fontweight("bold" if bold else "normal")
    ax.set_xlabel("stylized fact")
    ax.set_title("Total Sobol' index of each parameter on each fact (bold: influential)")
    fig.colorbar(image, ax=ax, label="total Sobol' index ST")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return Path(path)
