"""market-sim: an agent-based simulator of the AI-accelerator chip market, on Mesa.

The names below are imported on first use (:mod:`.lazy`): importing the package, or the CLI, does
not import Mesa until a model is asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import lazy_exports

if TYPE_CHECKING:
    from .model import ChipMarketModel
    from .scenario import Scenario, ScenarioError, builtin_scenarios, load_scenario

__all__ = ["ChipMarketModel", "Scenario", "ScenarioError", "builtin_scenarios", "load_scenario"]
__version__ = "0.1.0"
__getattr__, __dir__ = lazy_exports(
    __name__, {"ChipMarketModel": ".model"} | dict.fromkeys(__all__[1:], ".scenario")
)
