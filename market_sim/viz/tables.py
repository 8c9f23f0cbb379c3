"""The tables the page's panels draw from, kept between quarters so a quarter frames only its own rows.

The shares, vendors and events tables only ever gain rows (the quarter's, appended by the recorder), so
each quarter the rows added since the last one are framed and appended, instead of framing every row
again from its list of dicts. The model table (one row per quarter, from Mesa's DataCollector) and the
projects table (whose projects change status) are framed whole, as ``outputs.table`` does.
"""

from __future__ import annotations

import pandas as pd

from market_sim.model import ChipMarketModel
from market_sim.outputs import framed, table

PANEL_TABLES = ("model", "shares", "vendors", "projects", "events")  # what the panels read (not flows: dear)
APPENDED = {
    "shares": lambda model: model.recorder.shares,
    "vendors": lambda model: model.recorder.vendors,
    "events": lambda model: model.recorder.events,
}


class GrowingTables:
    """One model's panel tables as far as it has run, the same as ``outputs.table`` gives."""

    def __init__(self, model: ChipMarketModel):
        self.model = model
        self._tables: dict[str, pd.DataFrame] = {}
        self._rows: dict[str, int] = {}  # rows framed so far, by table

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            name: self._grown(name) if name in APPENDED else table(self.model, name) for name in PANEL_TABLES
        }

    def _grown(self, name: str) -> pd.DataFrame:
        rows, seen = APPENDED[name](self.model), self._rows.get(name, 0)
        known = self._tables.get(name)
        if known is None or len(rows) > seen:
            new = framed(rows[seen:], name)
            known = new if known is None or known.empty else pd.concat([known, new], ignore_index=True)
            self._tables[name], self._rows[name] = known, len(rows)
        return known
