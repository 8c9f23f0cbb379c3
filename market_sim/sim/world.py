"""The world the market lives in, exogenous to every agent: the frontier workload (M1), the process
node (M4), portability layers (M5), and algorithmic efficiency (the foundry, M7, is in ``foundry``).

The frontier path is drawn once at set-up from its own random stream, for the whole run plus a design
cycle ahead (which is what lets a lab "know" its roadmap) and a history before 2020Q1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..calendar import step_of, years_since_start
from ..economics import ecosystem, fit, supply, workload
from ..scenario import Scenario


@dataclass(frozen=True)
class Frontier:
    """The frontier workload w_f by step: ``path[t + history]`` is the frontier at step t."""

    path: np.ndarray
    history: int
    discontinuities: list[tuple[int, str, float]]

    @classmethod
    def draw(cls, p: Scenario, rng: np.random.Generator) -> Frontier:
        lags = (p.open_lab_lag_quarters, p.enterprise_lag_quarters, p.hyperscaler_lag_quarters, 4)
        history = max(lags) + p.design_cycle_quarters + 16
        future = p.steps + p.design_cycle_quarters + 4
        scripted = [
            (max(1, step_of(year)), kind, size)
            for year, kind, size in (
                (p.reasoning_shift_year, workload.REASONING, p.reasoning_shift_size),
                (p.sparse_shift_year, workload.SPARSE, p.sparse_shift_size),
            )
            if year > 0
        ]
        forward, discontinuities = workload.frontier_path(
            np.array(p.initial_frontier),
            np.array(p.workload_drift),
            p.workload_noise,
            future,
            rng,
            hazard=p.discontinuity_hazard,
            random_jump_size=p.discontinuity_size,
            scripted=scripted,
        )
        # Before 2020 the frontier is the drift extrapolated backwards (no noise, no jumps).
        back = np.arange(-history, 0)[:, None] * np.array(p.workload_drift)[None, :]
        past = np.clip(np.array(p.initial_frontier)[None, :] + back, 0.0, 1.0)
        return cls(np.vstack([past, forward]), history, discontinuities)

    def at(self, step: int) -> np.ndarray:
        """w_f at a step (held at the path's ends outside it)."""
        return workload.lagged(self.path, step + self.history, 0)


@dataclass(frozen=True)
class Conditions:
    """This quarter's exogenous conditions."""

    step: int
    frontier: np.ndarray
    portability: float
    algorithmic_gain: float

    @classmethod
    def at(cls, step: int, frontier: Frontier, p: Scenario) -> Conditions:
        years = years_since_start(step)
        return cls(
            step=step,
            frontier=frontier.at(step),
            portability=ecosystem.portability(
                years, p.portability_start, p.portability_growth_per_year, p.portability_max
            ),
            algorithmic_gain=(1.0 + p.algorithmic_efficiency_per_year) ** years,
        )


def node_performance(step: int, p: Scenario) -> float:
    """P_node at a step, relative to 2020Q1 (architecture and software gains act on effective compute)."""
    return fit.node_performance(years_since_start(step), p.node_doubling_years)


def chip_generation(tapeout_step: int, breadth: float, p: Scenario) -> tuple[float, float]:
    """(peak, unit cost) of a chip taped out at a step: peak = P^(1+e) (1 + kappa / b) and unit cost
    c_0 P^e, P the node's performance then (``economics.supply``)."""
    node = node_performance(tapeout_step, p)
    scale = supply.generation_peak_scale(node, p.unit_cost_node_elasticity)
    peak = fit.peak_performance(scale, breadth, p.specialisation_gain)
    return peak, supply.generation_unit_cost(p.unit_cost_usd, node, p.unit_cost_node_elasticity)
