"""The essays' theses as claims about scenarios, and their verdicts over a sweep's replications.

Each :class:`Claim` says which way a thesis scenario should move one measure against the baseline
over a window of years. :func:`verdicts` reads a sweep that ran the baseline and the thesis
scenarios with the same seeds, pairs the runs by seed (and grid cell), and reports the mean effect
with a confidence band (paired t interval). The verdict is plain:

- ``supported``: the band lies wholly on the predicted side of zero;
- ``contradicted``: it lies wholly on the other side;
- ``not resolved``: it straddles zero, so the model does not support the claim at this many seeds.

Common random numbers make even slight effects clear, so an effect under 2 % of the baseline value
is also flagged ``small_effect``: the model moves the right way, but hardly.

The claims are written from the essays' texts (``../shared/seeds``); the scenario files carry the
levers. Nothing here is tuned to make a claim hold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .facts import in_years
from .sweep import ExperimentError, read_sweep

RUN_KEYS = ("run_id", "scenario", "seed")


def _model_mean(column: str) -> Callable:
    def measure(t: dict[str, pd.DataFrame], years) -> pd.Series:
        return in_years(t["model"], *years).groupby("run_id")[column].mean()

    return measure


def _compute_share_where(column: str, value: str) -> Callable:
    """Share of all effective compute delivered in the window by suppliers with ``column == value``."""

    def measure(t, years) -> pd.Series:
        s = in_years(t["shares"], *years)
        total = s.groupby("run_id")["effective_compute"].sum()
        part = s[s[column] == value].groupby("run_id")["effective_compute"].sum()
        return (part.reindex(total.index, fill_value=0.0) / total).rename(None)

    return measure


def _stranded_per_revenue(t, years) -> pd.Series:
    m = in_years(t["model"], *years).groupby("run_id")[["stranded_capital", "accelerator_revenue"]].sum()
    return m["stranded_capital"] / m["accelerator_revenue"]


def _merchant_forecast_error(t, years) -> pd.Series:
    p = t["projects"]
    ship_year = 2020 + p["ship_step"] // 4
    shipped = p[
        (p["designer_kind"] == "merchant")
        & (p["status"] == "shipped")
        & (ship_year >= years[0])
        & (ship_year <= years[1])
    ]
    return shipped.groupby("run_id")["forecast_error"].mean()


# name -> (what it is, the tables it needs, how it is measured per run)
MEASURES: dict[str, tuple[str, tuple[str, ...], Callable]] = {
    "inference_compute_share": (
        "inference share of all compute",
        ("model",),
        _model_mean("inference_compute_share"),
    ),
    "inference_chip_compute_share": (
        "inference-specialised chips' share of all compute",
        ("shares",),
        _compute_share_where("focus", "inference"),
    ),
    "start_up_compute_share": (
        "start-ups' share of all compute",
        ("shares",),
        _compute_share_where("supplier_kind", "start_up"),
    ),
    "in_house_compute_share": (
        "in-house chips' share of compute",
        ("model",),
        _model_mean("in_house_compute_share"),
    ),
    "incumbent_revenue_share": (
        "incumbent's share of accelerator revenue",
        ("model",),
        _model_mean("incumbent_revenue_share"),
    ),
    "incumbent_compute_share": (
        "incumbent's share of compute",
        ("model",),
        _model_mean("incumbent_compute_share"),
    ),
    "incumbent_inference_revenue_share": (
        "incumbent's share of inference revenue",
        ("model",),
        _model_mean("incumbent_inference_revenue_share"),
    ),
    "incumbent_gross_margin": ("incumbent's gross margin", ("model",), _model_mean("incumbent_gross_margin")),
    "active_in_house_programs": (
        "active in-house chip programmes",
        ("model",),
        _model_mean("active_in_house_programs"),
    ),
    "accelerator_revenue": (
        "accelerator revenue per quarter, USD",
        ("model",),
        _model_mean("accelerator_revenue"),
    ),
    "effective_compute": (
        "effective compute delivered per quarter",
        ("model",),
        _model_mean("effective_compute"),
    ),
    "units_delivered": (
        "accelerator units delivered per quarter",
        ("model",),
        _model_mean("units_delivered"),
    ),
    "compute_cost_index": (
        "cost per unit of effective compute (2020Q1 = 1)",
        ("model",),
        _model_mean("compute_cost_index"),
    ),
    "stranded_capital_per_revenue": (
        "write-downs per dollar of accelerator revenue",
        ("model",),
        _stranded_per_revenue,
    ),
    "merchant_forecast_error": (
        "forecast error of merchant chips shipped",
        ("projects",),
        _merchant_forecast_error,
    ),
}
DIRECTIONS = {"up": 1, "down": -1}
# An effect smaller than this fraction of the baseline value is flagged as small: statistically
# clear with paired seeds, but too slight to carry a thesis that says "decisive" or "displace".
SMALL_EFFECT = 0.02


@dataclass(frozen=True)
class Claim:
    scenario: str
    essay: str
    statement: str
    measure: str
    years: tuple[int, int]
    direction: str  # up / down: which way the scenario moves the measure against the baseline

    def __post_init__(self):
        if self.measure not in MEASURES:
            raise ValueError(f"claim measure '{self.measure}' is unknown; allowed: {', '.join(MEASURES)}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"claim direction '{self.direction}' is not allowed; allowed: up, down")


PROJECTION = (2027, 2035)  # after the calibration window, once programmes launched in it can have shipped
AFTER_REASONING = (2025, 2029)  # the five years after the reasoning shift of 2024Q4
CLAIMS = (
    Claim(
        "reasoning_models",
        "004",
        "reasoning models move compute from training to inference",
        "inference_compute_share",
        AFTER_REASONING,
        "up",
    ),
    Claim(
        "reasoning_models",
        "004",
        "inference-specialised chips gain share",
        "inference_chip_compute_share",
        AFTER_REASONING,
        "up",
    ),
    Claim("reasoning_models", "004", "more chips are bought", "units_delivered", AFTER_REASONING, "up"),
    Claim(
        "reasoning_models",
        "004",
        "more is spent on accelerators",
        "accelerator_revenue",
        AFTER_REASONING,
        "up",
    ),
    Claim(
        "lab_vertical_integration",
        "000",
        "a lab designing its own chip takes compute from the merchants",
        "in_house_compute_share",
        PROJECTION,
        "up",
    ),
    Claim(
        "lab_vertical_integration",
        "000",
        "the lab out-designs the incumbent on inference",
        "incumbent_inference_revenue_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "biennial_cadence",
        "003",
        "without the annual cadence the incumbent loses share",
        "incumbent_revenue_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "open_ecosystem",
        "002",
        "portability layers erode the incumbent's share",
        "incumbent_revenue_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "open_ecosystem",
        "002",
        "portability layers erode the incumbent's margin",
        "incumbent_gross_margin",
        PROJECTION,
        "down",
    ),
    Claim(
        "small_models",
        "002",
        "small local models help cheaper non-GPU hardware",
        "incumbent_compute_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "ai_designed_chips",
        "001",
        "AI-designed chips chase workloads less: lower forecast error",
        "merchant_forecast_error",
        PROJECTION,
        "down",
    ),
    Claim(
        "ai_designed_chips",
        "001",
        "a shorter cycle makes custom chips pay: more in-house compute",
        "in_house_compute_share",
        PROJECTION,
        "up",
    ),
    Claim(
        "compute_cost_collapse",
        "001",
        "a 1000x cost collapse strands capital bought dear",
        "stranded_capital_per_revenue",
        PROJECTION,
        "up",
    ),
    Claim(
        "no_custom_silicon",
        "001",
        "without custom-chip leverage the incumbent keeps more margin",
        "incumbent_gross_margin",
        PROJECTION,
        "up",
    ),
    Claim(
        "no_custom_silicon",
        "003",
        "without custom silicon the incumbent keeps more revenue",
        "incumbent_revenue_share",
        PROJECTION,
        "up",
    ),
    Claim(
        "inference_startups",
        "004",
        "an inference-chip class of entrants takes share",
        "start_up_compute_share",
        PROJECTION,
        "up",
    ),
    Claim(
        "inference_startups",
        "004",
        "more entrants squeeze the incumbent on inference",
        "incumbent_inference_revenue_share",
        PROJECTION,
        "down",
    ),
)


def paired_effect(treated: np.ndarray, control: np.ndarray, confidence: float = 0.95) -> dict[str, float]:
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
    sign = DIRECTIONS[direction]
    if not (np.isfinite(low) and np.isfinite(high)):
        return "not resolved"
    if sign * low > 0 and sign * high > 0:
        return "supported"
    if sign * low < 0 and sign * high < 0:
        return "contradicted"
    return "not resolved"


def verdicts(
    out: str | Path, claims: tuple[Claim, ...] = CLAIMS, baseline: str = "baseline", confidence: float = 0.95
) -> pd.DataFrame:
    """One row per claim whose scenario the sweep ran: effect vs the baseline, band and verdict."""
    needed = tuple(sorted({name for c in claims for name in MEASURES[c.measure][1]}))
    tables = read_sweep(out, needed)
    plan = tables["plan"]
    if baseline not in set(plan["scenario"]):
        raise ExperimentError(
            f"the sweep in '{out}' has no '{baseline}' runs to compare with; "
            f"its scenarios: {', '.join(sorted(plan['scenario'].unique()))}"
        )
    cell = [
        c for c in plan.columns if c not in ("run_id", "run_index", "scenario")
    ]  # seed and grid keys pair runs
    rows = []
    for claim in claims:
        if claim.scenario not in set(plan["scenario"]):
            continue
        what, _, measure = MEASURES[claim.measure]
        values = measure(tables, claim.years).rename("value")
        runs = plan.merge(values, left_on="run_id", right_index=True, how="left")
        pairs = runs[runs["scenario"] == claim.scenario].merge(
            runs[runs["scenario"] == baseline], on=cell, suffixes=("", "_baseline")
        )
        effect = paired_effect(pairs["value"].to_numpy(), pairs["value_baseline"].to_numpy(), confidence)
        base = float(pairs["value_baseline"].mean())
        rows.append(
            {
                "scenario": claim.scenario,
                "essay": claim.essay,
                "claim": claim.statement,
                "measure": claim.measure,
                "measure_description": what,
                "years": f"{claim.years[0]}-{claim.years[1]}",
                "predicted": claim.direction,
                "baseline": base,
                "scenario_value": float(pairs["value"].mean()),
                **effect,
                "relative_effect": effect["effect"] / abs(base) if base else float("nan"),
                "confidence": confidence,
                "verdict": verdict(effect["low"], effect["high"], claim.direction),
            }
        )
        rows[-1]["small_effect"] = bool(abs(rows[-1]["relative_effect"]) < SMALL_EFFECT)
    if not rows:
        raise ExperimentError(
            f"the sweep in '{out}' ran none of the thesis scenarios "
            f"({', '.join(sorted({c.scenario for c in claims}))})"
        )
    return pd.DataFrame(rows)


def verdict_figure(table: pd.DataFrame, path: str | Path) -> Path:
    """A forest plot: each claim's effect relative to the baseline, with its band, coloured by verdict."""
    from matplotlib.figure import Figure  # no pyplot: drawing never changes the caller's backend

    colours = {"supported": "#2a9d3a", "contradicted": "#c0392b", "not resolved": "#7f7f7f"}
    scale = table["baseline"].abs().replace(0, np.nan)
    effect, low, high = (table[c] / scale * 100 for c in ("effect", "low", "high"))
    fig = Figure(figsize=(10, 0.45 * len(table) + 1.5))
    ax = fig.subplots()
    y = np.arange(len(table))[::-1]
    for i, row in enumerate(table.itertuples()):
        colour = colours[row.verdict]
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
        table_label = f"{row.scenario}: {row.measure_description} {arrow}"
        ax.text(
            -0.01, y[i], table_label, transform=ax.get_yaxis_transform(), ha="right", va="center", fontsize=8
        )
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xscale("symlog", linthresh=10)  # small and large effects both readable
    ax.set_yticks([])
    ax.set_xlabel(
        f"effect vs baseline, % of the baseline value, symmetric log scale ({table['confidence'].iloc[0]:.0%} band over {int(table['n'].min())} paired seeds)"
    )
    ax.set_title("The essays' theses: scenario effects against the baseline")
    ax.grid(axis="x", alpha=0.3)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return Path(path)
