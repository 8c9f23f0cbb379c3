"""The pieces every measure module shares: the :class:`Measure` type, the table and window types and
the year-window helper. :mod:`.measures` holds the registry and re-exports these.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from ..calendar import calendar_year

Tables = Mapping[str, pd.DataFrame]
Years = tuple[int, int]
INCUMBENT = "incumbent"
GPU_CHALLENGER = "challenger"  # the AMD-like GPU vendor


def in_years(df: pd.DataFrame, first: float, last: float) -> pd.DataFrame:
    """Rows of calendar years first..last inclusive (by step: step 0 is 2020Q1)."""
    year = calendar_year(df["step"])
    return df[(year >= first) & (year <= last)]


@dataclass(frozen=True)
class Measure:
    """A named quantity measured on each run over a window of years; ``tables`` are the tables it reads."""

    name: str
    description: str
    tables: tuple[str, ...]
    per_run: Callable[[Tables, Years], pd.Series]

    def __call__(self, tables: Tables, years: Years) -> pd.Series:
        """One value per run (a Series indexed by run_id)."""
        return self.per_run(tables, years)
