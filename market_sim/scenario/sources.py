"""Where every scenario parameter's default comes from: cited, assumed or calibrated.

One :class:`Source` per parameter, kept by group in ``sources_world.py``, ``sources_supply.py``,
``sources_market.py`` and ``sources_demand.py`` (the groups of ``world.py`` ... ``demand.py``).

- ``cited``: the value is a figure or range stated by a named source: an essay in
  ``shared/seeds/`` ("seed 001"), a public figure quoted in ``shared/STYLIZED_FACTS.md`` (facts
  F1-F10 and the initial conditions), or ``shared/MODEL_NOTES.md``.
- ``assumed``: set by hand where no source gives the number; the note says why the value is
  reasonable, and which source it is consistent with, if any.
- ``calibrated``: found by the Latin-hypercube search against the stylized facts
  (``experiments/calibration.toml``; ``docs/ODD.md``, section 8, entry 48).

``market-sim params`` shows the kind of each parameter, and the note with ``--sources`` or for
named keys; ``Scenario.source_of(key)`` returns one.
"""

from __future__ import annotations

import difflib

from .declare import SOURCE_KINDS, ScenarioError, Source
from .sources_demand import DEMAND_SOURCES
from .sources_market import MARKET_SOURCES
from .sources_supply import SUPPLY_SOURCES
from .sources_world import WORLD_SOURCES

__all__ = ["SOURCES", "SOURCE_KINDS", "Source", "source_of"]

SOURCES: dict[str, Source] = {**WORLD_SOURCES, **SUPPLY_SOURCES, **MARKET_SOURCES, **DEMAND_SOURCES}


def source_of(key: str) -> Source:
    """The source of parameter ``key``; an unknown key raises :class:`ScenarioError` naming the keys."""
    try:
        return SOURCES[key]
    except KeyError:
        close = difflib.get_close_matches(key, SOURCES, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ScenarioError(f"unknown scenario key '{key}'{hint}; allowed: {', '.join(SOURCES)}") from None
