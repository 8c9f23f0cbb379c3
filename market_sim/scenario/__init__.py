"""Scenarios: every parameter of the model, declared once by mechanism, validated, read from TOML.

- ``declare.py``   how a parameter is declared and checked; ``ScenarioError``
- ``world.py``     the run, the population and the workload space (M1)
- ``supply.py``    design cycles, information, fit and process technology (M2-M4)
- ``market.py``    lock-in, pricing and procurement (M5-M7)
- ``demand.py``    make or buy, demand, entry and exit (M8-M10)
- ``scenario.py``  ``Scenario``: all groups in one frozen, validated object
- ``files.py``     built-in scenario files, TOML, ``--set`` assignments
- ``sources.py``   where each default comes from: cited, assumed or calibrated (``sources_*.py`` by group)
"""

from .declare import (
    CAPACITY_BOOKINGS,
    PRICING_STRATEGIES,
    RATIONING_RULES,
    SOURCE_KINDS,
    ScenarioError,
    Source,
)
from .files import builtin_scenarios, load_scenario, parse_assignment
from .scenario import Scenario
from .sources import SOURCES

__all__ = [
    "PRICING_STRATEGIES",
    "CAPACITY_BOOKINGS",
    "RATIONING_RULES",
    "SOURCES",
    "SOURCE_KINDS",
    "Scenario",
    "ScenarioError",
    "Source",
    "builtin_scenarios",
    "load_scenario",
    "parse_assignment",
]
