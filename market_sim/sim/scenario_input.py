"""What a model is built from: a scenario given by name, path, dict or ``Scenario``, with overrides, or
the Mesa ``Scenario`` that SolaraViz's Reset hands a model."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from mesa.experimental.scenarios import Scenario as MesaScenario

from ..scenario import Scenario, ScenarioError, load_scenario


def resolve_scenario(scenario, overrides) -> Scenario:
    if scenario is None:
        scenario = load_scenario("baseline")
    elif isinstance(scenario, str | Path):
        scenario = load_scenario(scenario)
    elif isinstance(scenario, dict):
        scenario = load_scenario("baseline").replace(**scenario)
    elif not isinstance(scenario, Scenario):
        raise ScenarioError(
            f"scenario must be a Scenario, a name, a path or a dict, not {type(scenario).__name__}"
        )
    return scenario.replace(**overrides) if overrides else scenario


def from_mesa_scenario(mesa_scenario: MesaScenario, overrides: dict) -> tuple[str, dict]:
    """The scenario name and overrides a Mesa ``Scenario`` carries (what SolaraViz's Reset hands a model).

    Its ``scenario_name`` attribute names the built-in scenario (default baseline), its ``rng`` is the
    seed, and every other attribute that is not None overrides the scenario parameter of that name.
    """
    known = {f.name for f in dataclasses.fields(Scenario)}
    values = {k: v for k, v in mesa_scenario if k not in ("rng", "scenario_name") and v is not None}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ScenarioError(
            f"Mesa scenario attribute '{unknown[0]}' is not a scenario parameter "
            "(see `market-sim params` for all keys); allowed besides them: rng, scenario_name"
        )
    return getattr(mesa_scenario, "scenario_name", None) or "baseline", {**values, **overrides}
