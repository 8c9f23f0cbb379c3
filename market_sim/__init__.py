"""market-sim: an agent-based simulator of the AI-accelerator chip market, on Mesa."""

from .model import ChipMarketModel
from .scenario import Scenario, ScenarioError, builtin_scenarios, load_scenario

__all__ = ["ChipMarketModel", "Scenario", "ScenarioError", "builtin_scenarios", "load_scenario"]
__version__ = "0.1.0"
