"""Verdicts across the posterior: each thesis against its reference (the baseline, or the scenario a
claim names) at K draws from the posterior over the baseline's parameters (issue 8), so that a claim
that follows from the model's structure can be told from one that follows from a guess about a
parameter.

Each draw is one sweep (the thesis scenarios, the scenarios claims are read against and the
baseline x paired seeds, the draw's values fixed in every scenario) and gets the ordinary verdicts
(``theses.verdicts``). A draw **counts for** a claim where its paired band excludes zero in the
predicted direction and the effect is not small (at least ``SMALL_EFFECT`` of the reference's
value), and **against** it where the band excludes zero the other way and the effect is not small.
Over the draws a claim is

    robust          where at least 90 % of draws count for it,
    contradicted    where at least 90 % count against it,
    depends on the market   otherwise; with at least 200 draws, scenario discovery
                    (:mod:`.discovery`) names the parameters that decide it where a box of them
                    beats chance.

A thesis lever that sets a parameter the posterior also varies keeps the thesis's value (the draw's
is dropped for that scenario's runs); none of today's theses does.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..experiments import Experiment, ExperimentError, run_sweep
from ..scenario import load_scenario
from .claims import CLAIMS
from .discovery import DISCOVERY_COLUMNS, MIN_DRAWS_FOR_DISCOVERY, PERMUTATIONS, discover, discovery_row
from .measures import tables_needed
from .theses import verdicts

ROBUST_SHARE = 0.9
TABLES = tables_needed([c.measure for c in CLAIMS])  # what the claims read, and only that
CLAIM_KEYS = ["scenario", "measure", "measure_description", "predicted", "years", "reference"]
DEPENDS = "depends on the market"


def thesis_levers(scenarios: tuple[str, ...]) -> set[str]:
    """The parameters the thesis scenarios set (their values differ from the baseline's)."""
    base = load_scenario("baseline").to_dict()
    levers = set()
    for name in scenarios:
        values = load_scenario(name).to_dict()
        levers |= {k for k, v in values.items() if k not in ("name", "description") and v != base[k]}
    return levers


def ensemble_verdicts(  # noqa: PLR0913
    out: str | Path,
    draws: list[dict[str, float]],
    seeds: tuple[int, ...],
    *,
    executor: str = "processes",
    workers: int | None = None,
    confidence: float = 0.95,
    sizes: dict | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(per draw, per claim) verdicts with the draw's parameter values, the ensemble's verdict per
    claim, and the scenario discovery of the claims that depend on the market; each draw's sweep
    lives in ``out/draw_NNN`` and resumes after a kill like any sweep. ``sizes`` (steps, n_enterprises)
    apply to every draw's runs, for a small ensemble; they are not parameters of the posterior."""
    if not draws:
        raise ExperimentError("an ensemble needs at least one posterior draw")
    scenarios = ("baseline", *dict.fromkeys(s for c in CLAIMS for s in (c.scenario, c.reference) if s))
    shared = set(draws[0]) & thesis_levers(scenarios[1:])
    if shared:
        raise ExperimentError(
            f"the posterior varies {', '.join(sorted(shared))}, which a thesis sets; leave it out of the "
            "estimate's free parameters"
        )
    out = Path(out)
    parts = []
    for k, params in enumerate(draws):
        experiment = Experiment(
            name=f"ensemble draw {k}",
            scenarios=scenarios,
            seeds=seeds,
            fixed={**(sizes or {}), **params},
            tables=TABLES,
        )
        run_sweep(experiment, out / f"draw_{k:03d}", executor=executor, workers=workers, progress=False)
        parts.append(verdicts(out / f"draw_{k:03d}", confidence=confidence).assign(draw=k, **params))
    per_draw = with_counts(pd.concat(parts, ignore_index=True))
    table = ensemble_table(per_draw)
    discovery = claim_discovery(per_draw, table, list(draws[0]))
    return per_draw, with_deciding_parameters(table, discovery), discovery


def with_counts(per_draw: pd.DataFrame) -> pd.DataFrame:
    """``per_draw`` with whether each draw counts for and against each claim (a small effect counts
    for neither); per-draw verdicts written before claims named a reference read the baseline's."""
    if "reference" not in per_draw:
        per_draw = per_draw.assign(reference="baseline")
    return per_draw.assign(
        counts_for=(per_draw["verdict"] == "supported") & ~per_draw["small_effect"],
        counts_against=(per_draw["verdict"] == "contradicted") & ~per_draw["small_effect"],
    )


def ensemble_table(per_draw: pd.DataFrame, robust_share: float = ROBUST_SHARE) -> pd.DataFrame:
    """One row per claim: the share of draws that count for and against it, and its ensemble verdict."""
    table = (
        with_counts(per_draw)
        .groupby(CLAIM_KEYS, sort=False)
        .agg(
            draws=("draw", "nunique"),
            share_for=("counts_for", "mean"),
            share_against=("counts_against", "mean"),
            median_relative_effect=("relative_effect", "median"),
        )
        .reset_index()
    )
    table["ensemble_verdict"] = [
        "robust" if f >= robust_share else "contradicted" if a >= robust_share else DEPENDS
        for f, a in zip(table["share_for"], table["share_against"], strict=True)
    ]
    return table


def claim_discovery(
    per_draw: pd.DataFrame,
    table: pd.DataFrame,
    parameters: list[str],
    *,
    permutations: int = PERMUTATIONS,
    min_draws: int = MIN_DRAWS_FOR_DISCOVERY,
) -> pd.DataFrame:
    """discovery.csv: one row per claim that depends on the market, with the best box of ``parameters``
    for the draws that count for it, its density, mass, coverage, quality and permutation p-value (left
    empty under ``min_draws`` draws), and what the claims table says decides it."""
    depends = set(
        table.loc[table["ensemble_verdict"] == DEPENDS, CLAIM_KEYS].itertuples(index=False, name=None)
    )
    rows = []
    for claim, draws in per_draw.sort_values("draw").groupby(CLAIM_KEYS, sort=False):
        if claim in depends:
            found = discover(
                draws[parameters],
                draws["counts_for"].to_numpy(),
                permutations=permutations,
                min_draws=min_draws,
            )
            rows.append(
                {**dict(zip(CLAIM_KEYS, claim, strict=True)), "draws": len(draws), **discovery_row(found)}
            )
    return pd.DataFrame(rows, columns=[*CLAIM_KEYS, "draws", *DISCOVERY_COLUMNS])


def with_deciding_parameters(table: pd.DataFrame, discovery: pd.DataFrame) -> pd.DataFrame:
    """The claims table with what decides each claim that depends on the market (empty for the others)
    and its box, where one beats chance."""
    found = discovery[[*CLAIM_KEYS, "deciding_parameters", "box"]]
    table = table.merge(found, on=CLAIM_KEYS, how="left")
    for column in ("deciding_parameters", "box"):  # empty under 200 draws: read as floats, not text
        table[column] = table[column].astype(object).fillna("").astype(str)
    return table


ENSEMBLE_FILES = ("verdicts_per_draw.csv", "ensemble_verdicts.csv", "discovery.csv")


def write_ensemble(
    out: str | Path, per_draw: pd.DataFrame, table: pd.DataFrame, discovery: pd.DataFrame
) -> None:
    """The ensemble's three tables in ``out``: ``ENSEMBLE_FILES``, in the order of the arguments."""
    for frame, name in zip((per_draw, table, discovery), ENSEMBLE_FILES, strict=True):
        frame.to_csv(Path(out) / name, index=False)
