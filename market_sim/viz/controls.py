"""The page's controls and the Mesa Scenario they fill: what SolaraViz's Reset builds the model from.

SolaraViz's Reset rebuilds the model as ``ChipMarketModel(scenario=BrowserRun(**controls), **others)``:
a control whose key is an attribute of :class:`BrowserRun` (and not an argument of the model) goes to
the scenario. ``ChipMarketModel`` reads a Mesa Scenario's ``scenario_name`` as the built-in scenario,
its ``rng`` as the seed and every other attribute that is not None as a parameter override, so the
model needs no subclass for the page.
"""

from __future__ import annotations

import dataclasses
import math

from mesa.experimental.scenarios import Scenario as MesaScenario

from market_sim.scenario import Scenario, ScenarioError, builtin_scenarios, load_scenario

_FIELDS = {f.name: f for f in dataclasses.fields(Scenario)}
BASELINE = load_scenario("baseline")


def _lever(name: str, label: str, *, lo=None, hi=None, step=None) -> dict:
    """A SolaraViz control for one scenario parameter, starting at its baseline value.

    The range is the parameter's declared range, or a narrower practical one (``lo``/``hi``)
    where the declared one is too wide for a slider (e.g. 0 to 2 million enterprises).
    """
    meta = _FIELDS[name].metadata
    value = getattr(BASELINE, name)
    if meta.get("choices"):
        return {"type": "Select", "label": label, "value": value, "values": list(meta["choices"])}
    lo = meta["lo"] if lo is None else lo
    hi = meta["hi"] if hi is None else hi
    if not (meta["lo"] <= lo <= value <= hi <= meta["hi"]):
        raise ValueError(
            f"control for '{name}': range {lo}..{hi} must hold the baseline {value} "
            f"and lie inside the declared {meta['lo']}..{meta['hi']}"
        )
    kind = "SliderInt" if _FIELDS[name].type == "int" else "SliderFloat"
    return {"type": kind, "label": label, "value": value, "min": lo, "max": hi, "step": step or 1}


# The levers the essays argue about; every key is a Scenario parameter (and an attribute of BrowserRun).
LEVERS = {
    "design_cycle_quarters": _lever("design_cycle_quarters", "Design cycle (quarters)"),
    "switching_cost": _lever("switching_cost", "Switching cost", step=0.1),
    "roadmap_sharing_prob": _lever("roadmap_sharing_prob", "Roadmap sharing probability", step=0.05),
    "portability_growth_per_year": _lever(
        "portability_growth_per_year", "Portability growth / year", hi=0.5, step=0.01
    ),
    "incumbent_pricing": _lever("incumbent_pricing", "Incumbent pricing"),
    "foundry_capacity_growth_per_year": _lever(
        "foundry_capacity_growth_per_year", "Foundry capacity growth / year", lo=-0.5, hi=2.0, step=0.05
    ),
    "n_enterprises": _lever("n_enterprises", "Enterprises", lo=0, hi=3000, step=50),
    "make_or_buy_hurdle": _lever("make_or_buy_hurdle", "Make-or-buy hurdle", hi=20.0, step=0.25),
}


def model_params(scenario_name: str = "baseline") -> dict:
    """SolaraViz's ``model_params``: scenario, seed and levers, keyed as BrowserRun's attributes."""
    return {
        "scenario_name": {
            "type": "Select",
            "label": "Scenario",
            "value": scenario_name,
            "values": builtin_scenarios(),
        },
        "seed": {"type": "InputText", "label": "Random seed", "value": "1"},
        **LEVERS,
    }


def parse_seed(seed) -> int:
    """The seed typed into the page, as a whole number (a clear ScenarioError otherwise)."""
    try:
        value = int(str(seed).strip())
    except ValueError:
        raise ScenarioError(f"random seed must be a whole number, not {seed!r}") from None
    if value < 0:
        raise ScenarioError(f"random seed must be a whole number of 0 or more, not {seed!r}")
    return value


def lever_overrides(levers: dict) -> dict:
    """The levers moved away from their baseline value, as scenario overrides (the others are left out).

    Slider floats are rounded to 6 decimals so that 0.1 steps cannot land just outside a range.
    """
    out = {}
    for name, value in levers.items():
        if value is None:
            continue
        base = getattr(BASELINE, name)
        if isinstance(base, float):
            value = round(float(value), 6)
            if math.isclose(value, base, abs_tol=1e-9):
                continue
        elif isinstance(base, int):
            value = int(value)
            if value == base:
                continue
        elif value == base:
            continue
        out[name] = value
    return out


class BrowserRun(MesaScenario):
    """A run as the page's controls describe it: a built-in scenario, a seed and the levers moved.

    ``seed`` is the text of the seed box; it becomes ``rng`` (the control cannot be keyed ``rng``:
    SolaraViz hands a control named like a model argument to the model, not to the scenario). A lever
    left at its baseline value is dropped (None), so it keeps the chosen scenario's own setting (picking
    ``ai_designed_chips`` gives its 6-quarter cycle); a lever moved away from baseline overrides it.
    """

    scenario_name: str = "baseline"
    seed: str | None = None
    design_cycle_quarters: int | None = None
    switching_cost: float | None = None
    roadmap_sharing_prob: float | None = None
    portability_growth_per_year: float | None = None
    incumbent_pricing: str | None = None
    foundry_capacity_growth_per_year: float | None = None
    n_enterprises: int | None = None
    make_or_buy_hurdle: float | None = None

    def __init__(self, *, rng=None, seed=None, **values):
        if seed is not None:
            rng = parse_seed(seed)
        levers = {k: values.pop(k) for k in LEVERS if k in values}
        super().__init__(rng=rng, **values, **lever_overrides(levers))

    def levers_set(self) -> dict:
        """The levers this run overrides (moved away from baseline), by name."""
        return {k: getattr(self, k) for k in LEVERS if getattr(self, k, None) is not None}
