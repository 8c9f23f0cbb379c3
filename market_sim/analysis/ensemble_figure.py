"""The ensemble's verdicts as a figure: for each claim, the share of posterior draws that count for
it, against it, and neither, with its ensemble verdict and, where scenario discovery kept one, the box
of parameters that decides it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .theses import VERDICT_COLOURS

NEITHER = "#d9d9d9"


def ensemble_figure(table: pd.DataFrame, path: str | Path) -> Path:
    """Stacked bars, one per claim of ``table`` (``ensemble_table``'s rows, with ``box`` where discovery
    ran): draws counting for the claim, against it, and the rest, as shares of the draws."""
    from matplotlib.figure import Figure  # no pyplot: drawing never changes the caller's backend

    fig = Figure(figsize=(11, 0.5 * len(table) + 1.6))
    ax = fig.subplots()
    y = np.arange(len(table))[::-1]
    share_for, share_against = table["share_for"].to_numpy(), table["share_against"].to_numpy()
    ax.barh(y, share_for, color=VERDICT_COLOURS["supported"], label="draws counting for the claim")
    ax.barh(y, share_against, left=share_for, color=VERDICT_COLOURS["contradicted"], label="against it")
    rest = 1.0 - share_for - share_against
    ax.barh(y, rest, left=share_for + share_against, color=NEITHER, label="neither (band across 0, or small)")
    for i, row in enumerate(table.itertuples()):
        arrow = "↑" if row.predicted == "up" else "↓"
        reference = getattr(row, "reference", "baseline")  # tables written before claims named one
        against = f" (vs {reference})" if isinstance(reference, str) and reference != "baseline" else ""
        label = f"{row.scenario}{against}: {row.measure_description} {arrow}"
        ax.text(-0.01, y[i], label, transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=8)
        note = f"{row.ensemble_verdict}, median {row.median_relative_effect:+.1%}"
        box = getattr(row, "box", "")
        if isinstance(box, str) and box:
            note += f"; {box.split(':')[0]}"
        ax.annotate(note, (1.01, y[i]), xycoords=("axes fraction", "data"), va="center", fontsize=8)
    ax.axvline(0.9, color="black", lw=0.6, ls="--")  # a claim is robust where its green bar passes it
    ax.set_xlim(0, 1)
    ax.set_yticks([])
    ax.set_xlabel("share of posterior draws (robust or contradicted at 90 %)")
    ax.set_title(f"The essays' theses across {int(table['draws'].max())} draws from the posterior")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8, frameon=False)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return Path(path)
