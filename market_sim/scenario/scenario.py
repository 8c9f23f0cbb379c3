"""One validated parameter object per scenario, read from TOML.

Every parameter of the model is declared once here, with its type, unit, allowed range and
meaning. Scenario files (``market_sim/scenarios/*.toml``) override parameters by the same
names; ``baseline.toml`` is the calibrated reference that every thesis scenario changes only a
few keys of. Bad input (unknown key, wrong type, value out of range, malformed TOML) raises
:class:`ScenarioError`, whose message names the key, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Any

from .declare import ScenarioError, Source, check_value, coerce
from .demand import DemandParameters
from .market import MarketParameters
from .sources import source_of
from .supply import SupplyParameters
from .world import WorldParameters


# The groups' fields come in the order world, supply, market, demand (a dataclass orders the fields of
# its bases from the last base to the first).
@dataclass(frozen=True)
class Scenario(DemandParameters, MarketParameters, SupplyParameters, WorldParameters):
    """Every parameter of a run. Rates are per quarter unless the name says per year."""

    def __post_init__(self):
        for f in dataclasses.fields(self):
            check_value(f, getattr(self, f.name))
        if self.hyperscalers_with_chip + self.hyperscalers_with_program > self.n_hyperscalers:
            raise ScenarioError(
                f"hyperscalers_with_chip + hyperscalers_with_program = "
                f"{self.hyperscalers_with_chip + self.hyperscalers_with_program} exceeds "
                f"n_hyperscalers = {self.n_hyperscalers}; allowed: a sum of at most n_hyperscalers"
            )
        if not self.frontier_lab_may_make and self.frontier_lab_program_year > 0:
            raise ScenarioError(
                f"frontier_lab_program_year = {self.frontier_lab_program_year:g} launches frontier lab 1's "
                "programme, which frontier_lab_may_make = false forbids; allowed: a year of 0 (none), or "
                "frontier_lab_may_make = true"
            )

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_dict(cls, values: dict[str, Any], base: Scenario | None = None) -> Scenario:
        """Override ``base`` (default: the built-in defaults) with ``values``, validating each."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        for key in values:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ScenarioError(
                    f"unknown scenario key '{key}'{hint} (see `market-sim params` for all keys)"
                )
        merged = dataclasses.asdict(base) if base is not None else {}
        merged.update({k: coerce(known[k], v) for k, v in values.items()})
        return cls(**merged)

    def replace(self, **changes) -> Scenario:
        return Scenario.from_dict(changes, base=self)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """Every parameter: default, unit, range, meaning and source (for docs and `market-sim params`)."""
        out = []
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            source = source_of(f.name)
            out.append(
                {
                    "key": f.name,
                    "default": default,
                    **f.metadata,
                    "source": source.kind,
                    "source_note": source.note,
                }
            )
        return out

    @staticmethod
    def source_of(key: str) -> Source:
        """Where parameter ``key``'s default comes from: cited, assumed or calibrated, with the citation or
        the reason (``scenario/sources.py``). An unknown key raises :class:`ScenarioError` naming the keys."""
        return source_of(key)
