"""The stylized facts of 2020-2025 (../shared/STYLIZED_FACTS.md) as measures on a run's tables.

A fact holds when the mean of its measure over the seeds lies inside the band and at least 80 % of
the seeds do. This module only measures; calibrating parameters to the facts is separate work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd


def in_years(df: pd.DataFrame, first: float, last: float) -> pd.DataFrame:
    """Rows of calendar years first..last inclusive (by step: step 0 is 2020Q1)."""
    year = 2020 + df["step"] // 4
    return df[(year >= first) & (year <= last)]


def _vendor(tables, name: str, first: int, last: int) -> pd.DataFrame:
    v = in_years(tables["vendors"], first, last)
    return v[v["vendor"] == name]


def _largest_challenger(tables, year: int) -> str:
    """The merchant vendor other than the incumbent with the most revenue in ``year``."""
    v = in_years(tables["vendors"], year, year)
    v = v[(v["kind"] == "merchant") & (v["vendor"] != "incumbent")]
    return v.groupby("vendor")["revenue"].sum().idxmax()


@dataclass(frozen=True)
class Fact:
    fact_id: str
    description: str
    low: float
    high: float
    measure: Callable[[dict[str, pd.DataFrame]], float]


FACTS = (
    Fact(
        "F1",
        "incumbent revenue share 2020-21",
        0.70,
        0.95,
        lambda t: in_years(t["model"], 2020, 2021)["incumbent_revenue_share"].mean(),
    ),
    Fact(
        "F2",
        "incumbent revenue share 2023-24",
        0.60,
        0.85,
        lambda t: in_years(t["model"], 2023, 2024)["incumbent_revenue_share"].mean(),
    ),
    Fact(
        "F3",
        "incumbent gross margin 2024",
        0.70,
        0.80,
        lambda t: in_years(t["model"], 2024, 2024)["incumbent_gross_margin"].mean(),
    ),
    Fact(
        "F4",
        "incumbent minus largest challenger gross margin 2024",
        0.20,
        0.30,
        lambda t: (
            _vendor(t, "incumbent", 2024, 2024)["gross_margin"].mean()
            - _vendor(t, _largest_challenger(t, 2024), 2024, 2024)["gross_margin"].mean()
        ),
    ),
    Fact(
        "F5",
        "accelerator revenue 2024 / 2020",
        8.0,
        30.0,
        lambda t: (
            in_years(t["model"], 2024, 2024)["accelerator_revenue"].sum()
            / in_years(t["model"], 2020, 2020)["accelerator_revenue"].sum()
        ),
    ),
    Fact(
        "F6",
        "compute cost index 2025 (2020Q1 = 1)",
        0.08,
        0.30,
        lambda t: in_years(t["model"], 2025, 2025)["compute_cost_index"].mean(),
    ),
    Fact(
        "F7a",
        "inference share of compute 2023",
        0.25,
        0.45,
        lambda t: in_years(t["model"], 2023, 2023)["inference_compute_share"].mean(),
    ),
    Fact(
        "F7b",
        "inference share of compute 2025",
        0.40,
        0.60,
        lambda t: in_years(t["model"], 2025, 2025)["inference_compute_share"].mean(),
    ),
    Fact(
        "F8",
        "in-house compute share 2024",
        0.15,
        0.35,
        lambda t: in_years(t["model"], 2024, 2024)["in_house_compute_share"].mean(),
    ),
    Fact("F9", "HHI 2023-24", 4000.0, 8500.0, lambda t: in_years(t["model"], 2023, 2024)["hhi"].mean()),
    Fact(
        "F10",
        "incumbent / largest challenger price per unit of peak compute 2023-24",
        2.0,
        4.0,
        lambda t: (
            _vendor(t, "incumbent", 2023, 2024)["price"].mean()
            / _vendor(t, _largest_challenger(t, 2024), 2023, 2024)["price"].mean()
        ),
    ),
)
STEPS_NEEDED = 24  # 2020Q1..2025Q4


def measure_facts(tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Every fact's measure on one run (which must cover 2020-2025)."""
    return {f.fact_id: float(f.measure(tables)) for f in FACTS}


def verdicts(per_seed: pd.DataFrame, min_share: float = 0.8) -> pd.DataFrame:
    """One row per fact: band, mean over seeds, share of seeds in the band, and whether it holds."""
    rows = []
    for f in FACTS:
        values = per_seed[f.fact_id].to_numpy(dtype=float)
        inside = (values >= f.low) & (values <= f.high)
        mean = float(np.nanmean(values))
        rows.append(
            {
                "fact": f.fact_id,
                "measure": f.description,
                "low": f.low,
                "high": f.high,
                "mean": mean,
                "share_of_seeds_inside": float(inside.mean()),
                "holds": bool(f.low <= mean <= f.high and inside.mean() >= min_share),
            }
        )
    return pd.DataFrame(rows)
