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
    counted_where: str | None = None  # another fact that must hold in a seed for this one to count there

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

    def share_inside(self, values) -> float:
        """Share of the seeds in the band; of the seeds it counts in, for a conditional fact."""
        values = np.asarray(values, dtype=float)
        if self.counted_where is not None:
            values = values[~np.isnan(values)]
        return float(self.inside(values).mean()) if len(values) else 0.0

    def holds(self, mean: float, share_inside: float, min_share: float = MIN_SHARE) -> bool:
        """The rule over seeds: the mean lies in the band and at least ``min_share`` of the seeds do."""
        return bool(self.low <= mean <= self.high and share_inside >= min_share)


# The second edition of ../shared/STYLIZED_FACTS.md: F3 a path, F4 and F10 against the GPU challenger,
# F10 only in seeds where F2 holds, F6 on the 2020 mean, F7 and F8 on compute in use.
FACTS = (
    Fact("F1", "incumbent revenue share 2020-21", 0.70, 0.95, "incumbent_revenue_share", (2020, 2021)),
    Fact("F2", "incumbent revenue share 2023-24", 0.60, 0.85, "incumbent_revenue_share", (2023, 2024)),
    Fact("F3a", "incumbent gross margin 2020-21", 0.58, 0.70, "incumbent_gross_margin", (2020, 2021)),
    Fact("F3b", "incumbent gross margin 2024", 0.70, 0.80, "incumbent_gross_margin", (2024, 2024)),
    Fact(
        "F4",
        "incumbent minus GPU challenger gross margin 2024",
        0.20,
        0.30,
        "gpu_challenger_margin_gap",
        (2024, 2024),
    ),
    Fact("F5", "accelerator revenue 2024 / 2020", 8.0, 30.0, "accelerator_revenue_growth", (2020, 2024)),
    Fact("F6", "compute cost index 2025 / 2020", 0.08, 0.30, "compute_cost_change", (2020, 2025)),
    Fact(
        "F7a",
        "inference share of compute in use 2023",
        0.25,
        0.45,
        "inference_installed_compute_share",
        (2023, 2023),
    ),
    Fact(
        "F7b",
        "inference share of compute in use 2025",
        0.40,
        0.60,
        "inference_installed_compute_share",
        (2025, 2025),
    ),
    Fact(
        "F8",
        "in-house share of compute in use 2024",
        0.15,
        0.35,
        "in_house_installed_compute_share",
        (2024, 2024),
    ),
    Fact("F9", "HHI 2023-24", 4000.0, 8500.0, "hhi", (2023, 2024)),
    Fact(
        "F10",
        "incumbent / GPU challenger price per unit of peak compute 2023-24 (seeds where F2 holds)",
        2.0,
        4.0,
        "gpu_challenger_price_ratio",
        (2023, 2024),
        counted_where="F2",
    ),
)
FACT_BY_ID = {f.fact_id: f for f in FACTS}
FACT_TABLES = tables_needed([f.measure for f in FACTS])
_ONE_RUN = "run"


def facts_per_run(tables: Tables) -> pd.DataFrame:
    """Every fact measured on every run of ``tables`` (each row tagged with its run_id): one row per run.

    A conditional fact is NaN in the runs where the fact it is counted under does not hold.
    """
    values = pd.DataFrame({f.fact_id: f.per_run(tables) for f in FACTS}).rename_axis("run_id")
    for f in FACTS:
        if f.counted_where is not None:
            condition = FACT_BY_ID[f.counted_where]
            values[f.fact_id] = values[f.fact_id].where(condition.inside(values[condition.fact_id]))
    return values


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
        counted = int((~np.isnan(values)).sum()) if f.counted_where else len(values)
        mean = float(np.nanmean(values)) if counted else float("nan")
        share = f.share_inside(values)
        rows.append(
            {
                "fact": f.fact_id,
                "measure": f.description,
                "low": f.low,
                "high": f.high,
                "mean": mean,
                "share_of_seeds_inside": share,
                "seeds_counted": counted,
                "holds": f.holds(mean, share, min_share),
            }
        )
    return pd.DataFrame(rows)


def validation(per_seed: pd.DataFrame, min_share: float = MIN_SHARE) -> pd.DataFrame:
    """validation.parquet: per fact its band, the model's mean and 5th-95th percentile over the
    seeds it counts in, the share of seeds in the band, and whether the fact holds (misses stay in)."""
    table = verdicts(per_seed, min_share)
    spread = {
        f.fact_id: np.nanpercentile(per_seed[f.fact_id].to_numpy(dtype=float), [5, 95])
        if per_seed[f.fact_id].notna().any()
        else [np.nan, np.nan]
        for f in FACTS
    }
    table.insert(table.columns.get_loc("mean") + 1, "p05", [spread[f][0] for f in table["fact"]])
    table.insert(table.columns.get_loc("p05") + 1, "p95", [spread[f][1] for f in table["fact"]])
    return table
