"""The verdicts of the essays' theses (:mod:`.claims`) over a sweep's replications.

:func:`verdicts` reads a sweep that ran the baseline and the thesis scenarios with the same seeds,
pairs each thesis's runs with its reference's (the baseline, or the scenario a claim names) by seed
(and grid cell or design point), and reports each claim's mean effect with a confidence band
(paired t interval). The verdict is plain:

- ``supported``: the band lies wholly on the predicted side of zero;
- ``contradicted``: it lies wholly on the other side;
- ``not resolved``: it straddles zero, so the model does not support the claim at this many seeds.

Common random numbers make even slight effects clear, so an effect under 2 % of the baseline value
is also flagged ``small_effect``: the model moves the right way, but hardly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypedDict

import numpy as np
import pandas as pd

from ..experiments import ExperimentError, Sweep, read_sweep
from .claims import CLAIMS, DIRECTIONS, Claim
from .measures import MEASURES, tables_needed

# An effect smaller than this fraction of the baseline value is flagged as small: statistically
# clear with paired seeds, but too slight to carry a thesis that says "decisive" or "displace".
SMALL_EFFECT = 0.02
VERDICT_COLOURS = {"supported": "#2a9d3a", "contradicted": "#c0392b", "not resolved": "#7f7f7f"}


class PairedEffect(TypedDict):
    """Mean paired difference, its t band [low, high] and standard error, over ``n`` pairs."""

    n: int
    effect: float
    low: float
    high: float
    se: float


@dataclass(frozen=True)
class ClaimVerdict:
    """One claim read from a sweep: one row of the verdict table (fields in its column order)."""

    scenario: str
    essay: str
    claim: str
    measure: str
    measure_description: str
    years: str
    predicted: str
    baseline: float
    scenario_value: float
    n: int
    effect: float
    low: float
    high: float
    se: float
    relative_effect: float
    confidence: float
    verdict: str
    small_effect: bool
    reference: str  # the scenario the claim is read against; its value is in ``baseline``


def paired_effect(treated: np.ndarray, control: np.ndarray, confidence: float = 0.95) -> PairedEffect:
    """Mean paired difference with a t confidence band (pairs share their seed)."""
    diff = np.asarray(treated, dtype=float) - np.asarray(control, dtype=float)
    diff = diff[np.isfinite(diff)]
    n = len(diff)
    mean = float(diff.mean()) if n else float("nan")
    if n < 2:
        return {"n": n, "effect": mean, "low": float("nan"), "high": float("nan"), "se": float("nan")}
    from scipy import stats  # here, not at the top: the CLI imports this module for its help text

    se = float(diff.std(ddof=1) / np.sqrt(n))
    half = float(stats.t.ppf(0.5 + confidence / 2, n - 1)) * se
    return {"n": n, "effect": mean, "low": mean - half, "high": mean + half, "se": se}


def verdict(low: float, high: float, direction: str) -> str:
    """Supported, contradicted or not resolved: where the band [low, high] lies against the predicted sign."""
    sign = DIRECTIONS[direction]
    if not (np.isfinite(low) and np.isfinite(high)):
        return "not resolved"
    if sign * low > 0 and sign * high > 0:
        return "supported"
    if sign * low < 0 and sign * high < 0:
        return "contradicted"
    return "not resolved"


def claim_verdict(sweep: Sweep, claim: Claim, *, baseline: str, confidence: float) -> ClaimVerdict:
    """One claim: the scenario's runs paired with its reference's (``baseline`` unless the claim names
    one) by seed (and cell), effect, band, verdict."""
    measure = MEASURES[claim.measure]
    reference = claim.reference or baseline
    values = measure(sweep.tables, claim.years).rename("value")
    runs = sweep.plan[list(sweep.run_keys)].merge(values, left_on="run_id", right_index=True, how="left")
    pairs = runs[runs["scenario"] == claim.scenario].merge(
        runs[runs["scenario"] == reference], on=list(sweep.pair_keys), suffixes=("", "_baseline")
    )
    effect = paired_effect(pairs["value"].to_numpy(), pairs["value_baseline"].to_numpy(), confidence)
    base = float(pairs["value_baseline"].mean())
    relative = effect["effect"] / abs(base) if base else float("nan")
    return ClaimVerdict(
        scenario=claim.scenario,
        essay=claim.essay,
        claim=claim.statement,
        measure=claim.measure,
        measure_description=measure.description,
        years=f"{claim.years[0]}-{claim.years[1]}",
        predicted=claim.direction,
        baseline=base,
        scenario_value=float(pairs["value"].mean()),
        **effect,
        relative_effect=relative,
        confidence=confidence,
        verdict=verdict(effect["low"], effect["high"], claim.direction),
        small_effect=bool(abs(relative) < SMALL_EFFECT),
        reference=reference,
    )


def verdicts(
    out: str | Path, claims: tuple[Claim, ...] = CLAIMS, baseline: str = "baseline", confidence: float = 0.95
) -> pd.DataFrame:
    """One row per claim whose scenario the sweep ran: effect vs its reference (the baseline unless the
    claim names one), band and verdict. Only the tables those claims read need to have been kept; a
    claim's reference must have been run too (a clear error says which to add)."""
    ran = set(read_sweep(out).plan["scenario"])
    judged = [c for c in claims if c.scenario in ran]
    sweep = read_sweep(out, tables_needed([c.measure for c in judged]))
    sweep.require_scenario(baseline)
    for reference in dict.fromkeys(c.reference for c in judged if c.reference):
        readers = sorted({c.scenario for c in judged if c.reference == reference})
        role = f"read {', '.join(readers)}'s claims against (a sweep of experiments/theses.toml runs it)"
        sweep.require_scenario(reference, role)
    rows = [asdict(claim_verdict(sweep, c, baseline=baseline, confidence=confidence)) for c in judged]
    if not rows:
        raise ExperimentError(
            f"the sweep in '{out}' ran none of the thesis scenarios "
            f"({', '.join(sorted({c.scenario for c in claims}))})"
        )
    return pd.DataFrame(rows)


def verdict_figure(table: pd.DataFrame, path: str | Path, baseline: str = "baseline") -> Path:
    """A forest plot: each claim's effect relative to its reference's value (the baseline's, or the named
    reference's), with its band, coloured by verdict."""
    from matplotlib.figure import Figure  # no pyplot: drawing never changes the caller's backend

    scale = table["baseline"].abs().replace(0, np.nan)
    effect, low, high = (table[c] / scale * 100 for c in ("effect", "low", "high"))
    fig = Figure(figsize=(10, 0.45 * len(table) + 1.5))
    ax = fig.subplots()
    y = np.arange(len(table))[::-1]
    for i, row in enumerate(table.itertuples()):
        colour = VERDICT_COLOURS[row.verdict]
        ax.errorbar(
            effect.iloc[i],
            y[i],
            xerr=[[effect.iloc[i] - low.iloc[i]], [high.iloc[i] - effect.iloc[i]]],
            fmt="o",
            color=colour,
            capsize=3,
        )
        arrow = "↑" if row.predicted == "up" else "↓"
        ax.annotate(
            f"{row.verdict}  {effect.iloc[i]:+.1f}% [{low.iloc[i]:+.1f}, {high.iloc[i]:+.1f}]",
            (1.01, y[i]),
            xycoords=("axes fraction", "data"),
            va="center",
            fontsize=8,
            color=colour,
        )
        reference = getattr(row, "reference", baseline)  # tables written before claims named one
        against = f" (vs {reference})" if reference != baseline else ""
        table_label = f"{row.scenario}{against}: {row.measure_description} {arrow}"
        ax.text(
            -0.01, y[i], table_label, transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=8
        )
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xscale("symlog", linthresh=10)  # small and large effects both readable
    ax.set_yticks([])
    ax.set_xlabel(
        f"effect vs the reference (the baseline unless named), % of its value, symmetric log scale "
        f"({table['confidence'].iloc[0]:.0%} band over {int(table['n'].min())} paired seeds)"
    )
    ax.set_title("The essays' theses: scenario effects against their references")
    ax.grid(axis="x", alpha=0.3)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return Path(path)
