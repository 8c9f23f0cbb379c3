"""The stylized facts of 2020-2025 (../shared/STYLIZED_FACTS.md) as measures on runs' tables.

Each :class:`Fact` is a measure of the registry (:mod:`.measures`) over a window of years, with the
band the real market lies in. A fact holds when the mean of its measure over the seeds lies inside
the band and at least 80 % of the seeds do. This module only measures; calibrating parameters to
the facts is :mod:`.calibration`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .measures import MEASURES, Tables, Years, tables_needed

STEPS_NEEDED = 24  # 2020Q1..2025Q4
MIN_SHARE = 0.8  # share of seeds that must lie in the band for a fact to hold


@dataclass(frozen=True)
class Fact:
    """A stylized fact: the registry's ``measure`` over ``years`` lies in [low, high]."""

    fact_id: str
    description: str
    low: float
    high: float
    measure: str
    years: Years

    def __post_init__(self):
        if self.measure not in MEASURES:
            raise ValueError(f"fact measure '{self.measure}' is unknown; allowed: {', '.join(MEASURES)}")

    def per_run(self, tables: Tables) -> pd.Series:
        """The fact's measure on every run of ``tables`` (a Series indexed by run_id)."""
        return MEASURES[self.measure](tables, self.years)

    def inside(self, values) -> np.ndarray:
        """Which values lie in the band."""
        values = np.asarray(values, dtype=float)
        return (values >= self.low) & (values <= self.high)

    def holds(self, mean: float, share_inside: float, min_share: float = MIN_SHARE) -> bool:
        """The rule over seeds: the mean lies in the band and at least ``min_share`` of the seeds do."""
        return bool(self.low <= mean <= self.high and share_inside >= min_share)


FACTS = (
    Fact("F1", "incumbent revenue share 2020-21", 0.70, 0.95, "incumbent_revenue_share", (2020, 2021)),
    Fact("F2", "incumbent revenue share 2023-24", 0.60, 0.85, "incumbent_revenue_share", (2023, 2024)),
    Fact("F3", "incumbent gross margin 2024", 0.70, 0.80, "incumbent_gross_margin", (2024, 2024)),
    Fact(
        "F4",
        "incumbent minus largest challenger gross margin 2024",
        0.20,
        0.30,
        "challenger_margin_gap",
        (2024, 2024),
    ),
    Fact("F5", "accelerator revenue 2024 / 2020", 8.0, 30.0, "accelerator_revenue_growth", (2020, 2024)),
    Fact("F6", "compute cost index 2025 (2020Q1 = 1)", 0.08, 0.30, "compute_cost_index", (2025, 2025)),
    Fact("F7a", "inference share of compute 2023", 0.25, 0.45, "inference_compute_share", (2023, 2023)),
    Fact("F7b", "inference share of compute 2025", 0.40, 0.60, "inference_compute_share", (2025, 2025)),
    Fact("F8", "in-house compute share 2024", 0.15, 0.35, "in_house_compute_share", (2024, 2024)),
    Fact("F9", "HHI 2023-24", 4000.0, 8500.0, "hhi", (2023, 2024)),
    Fact(
        "F10",
        "incumbent / largest challenger price per unit of peak compute 2023-24",
        2.0,
        4.0,
        "challenger_price_ratio",
        (2023, 2024),
    ),
)
FACT_TABLES = tables_needed([f.measure for f in FACTS])
_ONE_RUN = "run"


def facts_per_run(tables: Tables) -> pd.DataFrame:
    """Every fact measured on every run of ``tables`` (each row tagged with its run_id): one row per run."""
    return pd.DataFrame({f.fact_id: f.per_run(tables) for f in FACTS}).rename_axis("run_id")


def measure_facts(tables: Tables) -> dict[str, float]:
    """Every fact's measure on one run (covering 2020-2025), from its tables as the model writes them."""
    tagged = {name: tables[name].assign(run_id=_ONE_RUN) for name in FACT_TABLES}
    row = facts_per_run(tagged).reindex([_ONE_RUN]).iloc[0]
    return {f.fact_id: float(row[f.fact_id]) for f in FACTS}


def verdicts(per_seed: pd.DataFrame, min_share: float = MIN_SHARE) -> pd.DataFrame:
    """One row per fact: band, mean over seeds, share of seeds in the band, and whether it holds."""
    rows = []
    for f in FACTS:
        values = per_seed[f.fact_id].to_numpy(dtype=float)
        mean, share = float(np.nanmean(values)), float(f.inside(values).mean())
        rows.append(
            {
                "fact": f.fact_id,
                "measure": f.description,
                "low": f.low,
                "high": f.high,
                "mean": mean,
                "share_of_seeds_inside": share,
                "holds": f.holds(mean, share, min_share),
            }
        )
    return pd.DataFrame(rows)
