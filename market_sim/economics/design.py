"""M2 Design cycles and M3 information asymmetry (seeds 000, 001, 003).

M2: a project started at t ships at t + D with a spec frozen at t; its NRE is spent evenly over
the cycle; its first silicon fails with probability p_first for a designer's first chip and p_later
after. A designer's first chip that fails is lost; an experienced team's is respun and ships R
quarters late (its team paid meanwhile). Shipping before D is impossible.

M3: the designer freezes the spec at its *forecast* of the workload at ship time, built from the
signals on its customer edges of the supplier graph:

    w_hat = sum_j omega_j x_j / sum_j omega_j,   omega_j = volume_j * closeness_j,

where x_j is customer j's current workload, or its roadmap w_j(t + D) plus noise when it shares
it, and closeness_j = exp(-d(w_j, w_frontier) / scale). A lab's own chip team sees the roadmap
with small noise. Forecast error = d(spec, target workload at ship) is recorded per project.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .fit import workload_distance
from .workload import INFERENCE

BLEND = "blend"  # designed for the mix of training and inference its customers run
INFERENCE_FOCUS = "inference"  # an inference-specialised chip (Groq-like, most in-house ASICs)


def closeness_to_frontier(workloads: np.ndarray, frontier: np.ndarray, scale: float) -> np.ndarray:
    """exp(-d / scale): customers near the frontier carry more information about the future."""
    return np.exp(-workload_distance(workloads, frontier) / scale)


def forecast_workload(
    signals: np.ndarray, volumes: np.ndarray, closeness: np.ndarray, fallback: np.ndarray
) -> np.ndarray:
    """Weighted mean of customer signals, omega = volume * closeness; ``fallback`` if no weight."""
    signals = np.asarray(signals, dtype=float).reshape(-1, len(fallback))
    weights = np.asarray(volumes, dtype=float) * np.asarray(closeness, dtype=float)
    total = weights.sum()
    if len(signals) == 0 or total <= 0:
        return np.asarray(fallback, dtype=float).copy()
    return np.clip((weights[:, None] * signals).sum(axis=0) / total, 0.0, 1.0)


def roadmap_signal(future_workload: np.ndarray, noise_sd: float, eps: np.ndarray) -> np.ndarray:
    """What a shared roadmap reveals: the workload at ship time plus noise (it is not designed yet)."""
    return np.clip(future_workload + noise_sd * eps, 0.0, 1.0)


def design_target(workload: np.ndarray, focus: str) -> np.ndarray:
    """The point a chip is designed for: the workload itself (blend), or its inference form."""
    target = np.array(workload, dtype=float, copy=True)
    if focus == INFERENCE_FOCUS:
        target[..., INFERENCE] = 1.0
    return target


def failure_probability(is_first_chip: bool, p_first: float, p_later: float) -> float:
    """First designs fail more often (seed 003: it takes years to get a team good enough)."""
    return p_first if is_first_chip else p_later


class FirstSilicon(StrEnum):
    """What a project's first silicon comes to at its ship step."""

    WORKS = "works"
    RESPUN = "respun"  # fixed and taped out again: ships late
    LOST = "lost"


def first_silicon(draw: float, p_fail: float, is_first_chip: bool, respin_quarters: int) -> FirstSilicon:
    """M2: first silicon fails when draw < p_fail (draw uniform on [0, 1)). A designer's first chip that
    fails is lost (seed 003: it takes years to build a team that ships); a later one is respun when a
    respin takes R > 0 quarters: an experienced team fixes the part rather than lose a generation
    (NVIDIA's and AMD's data-centre generations of 2016-2025 slipped, none was abandoned)."""
    if draw >= p_fail:
        return FirstSilicon.WORKS
    return FirstSilicon.RESPUN if not is_first_chip and respin_quarters > 0 else FirstSilicon.LOST


def nre_per_quarter(nre: float, cycle_quarters: int) -> float:
    """NRE is spent evenly over the design cycle."""
    return nre / cycle_quarters


def forecast_error(spec: np.ndarray, target_at_ship: np.ndarray) -> float:
    """Distance between the frozen spec and the workload the chip meets when it ships."""
    return float(workload_distance(spec, target_at_ship))


def cadence_due(step: int, last_start: int | None, cadence: int) -> bool:
    """A designer starts a project every ``cadence`` quarters."""
    return last_start is None or step - last_start >= cadence


@dataclass
class DesignProject:
    """One chip project: spec frozen at ``start_step``, ships (or fails) at ``ship_step``."""

    project_id: str
    designer: str
    designer_kind: str
    start_step: int
    cycle_quarters: int
    spec: np.ndarray
    breadth: float
    focus: str
    is_first_chip: bool
    nre: float
    forecast_source: str  # "signals", "signals+roadmaps", "own roadmap"
    status: str = "in_progress"  # in_progress, shipped, failed, cancelled
    forecast_error: float = float("nan")
    peak: float = float("nan")
    respin_quarters: int = 0  # how late a respin of its first silicon makes it

    def hold_back(self, silicon: FirstSilicon, respin_quarters: int) -> None:
        """Its first silicon failed: a lost part fails the project, a respun one ships later."""
        if silicon == FirstSilicon.LOST:
            self.status = "failed"
        else:
            self.respin_quarters = respin_quarters

    @property
    def planned_ship_step(self) -> int:
        """The quarter it was due to ship: it sets the process node and the cost of the part, which a
        respin does not change."""
        return self.start_step + self.cycle_quarters

    @property
    def ship_step(self) -> int:
        return self.planned_ship_step + self.respin_quarters

    def due(self, step: int) -> bool:
        """Only at t + D, never before (M2)."""
        return self.status == "in_progress" and step >= self.ship_step
