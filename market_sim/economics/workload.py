"""M1 Workload space (seeds 000, 001, 002, 004).

A workload is a point w in [0, 1]^5: dense compute, memory bandwidth, sparsity (mixture of
experts), low precision, inference intensity. The last coordinate is also the owner's share of
compute spent on inference. The frontier moves by drift, noise and rare discontinuities
(dense -> sparse; reasoning models moving compute to inference); frontier labs define it,
open-model labs follow with a lag, enterprises lag further and drift toward small models.
"""

from __future__ import annotations

import numpy as np

DENSE, MEMORY, SPARSITY, LOW_PRECISION, INFERENCE = range(5)
N_DIMS = 5
DIMENSION_NAMES = ("dense_compute", "memory_bandwidth", "sparsity", "low_precision", "inference_intensity")

REASONING = "reasoning"
SPARSE = "sparse"


def discontinuity_jump(kind: str, size: float) -> np.ndarray:
    """The jump a discontinuity adds to the frontier.

    reasoning: inference intensity +size, memory bandwidth +size/2 (seed 004: ~10x inference per query);
    sparse: sparsity +size, dense compute -size/2 (seed 001: dense to sparse transformers).
    """
    jump = np.zeros(N_DIMS)
    if kind == REASONING:
        jump[INFERENCE] = size
        jump[MEMORY] = size / 2
    elif kind == SPARSE:
        jump[SPARSITY] = size
        jump[DENSE] = -size / 2
    else:
        raise ValueError(f"unknown discontinuity kind {kind!r}; allowed: {REASONING}, {SPARSE}")
    return jump


def frontier_path(
    initial: np.ndarray,
    drift: np.ndarray,
    noise: float,
    n_steps: int,
    rng: np.random.Generator,
    *,
    hazard: float = 0.0,
    random_jump_size: float = 0.0,
    scripted: list[tuple[int, str, float]] = (),
) -> tuple[np.ndarray, list[tuple[int, str, float]]]:
    """Simulate the frontier workload for steps 0..n_steps-1.

    w_f(t+1) = clip(w_f(t) + drift + noise * eps, 0, 1), plus jumps at scripted steps and, with
    probability ``hazard`` per step, a random discontinuity of a random kind. The path is
    exogenous (no agent changes it), so it is drawn once at set-up from its own random stream;
    that is also what lets a lab "know" its roadmap. Returns the path and the discontinuities.
    """
    path = np.empty((n_steps, N_DIMS))
    path[0] = np.clip(initial, 0.0, 1.0)
    scripted_at: dict[int, list[tuple[str, float]]] = {}
    for step, kind, size in scripted:
        scripted_at.setdefault(step, []).append((kind, size))
    events = []
    for t in range(1, n_steps):
        # The same draws every quarter whatever the levers, so a path's start does not depend on
        # its length, the hazard or the jump size (common random numbers across experiments).
        eps = rng.normal(size=N_DIMS)
        hit = rng.random() < hazard
        random_kind = REASONING if rng.random() < 0.5 else SPARSE
        w = path[t - 1] + drift + noise * eps
        for kind, size in scripted_at.get(t, []):
            w = w + discontinuity_jump(kind, size)
            events.append((t, kind, size))
        if hit and random_jump_size > 0:
            w = w + discontinuity_jump(random_kind, random_jump_size)
            events.append((t, random_kind, random_jump_size))
        path[t] = np.clip(w, 0.0, 1.0)
    return path, events


def lagged(path: np.ndarray, t: int, lag: int) -> np.ndarray:
    """w_f(t - lag), holding the first point for times before the path starts."""
    return path[min(max(t - lag, 0), len(path) - 1)]


def small_model_shift(quarters: float, rate: float) -> np.ndarray:
    """Enterprises' cumulative drift toward small models (seed 002): less dense compute, more low
    precision."""
    shift = np.zeros(N_DIMS)
    shift[DENSE] = -rate * quarters
    shift[LOW_PRECISION] = rate * quarters
    return shift


def follower_workloads(
    path: np.ndarray, t: int, lags: np.ndarray, offsets: np.ndarray, shifts: np.ndarray
) -> np.ndarray:
    """Many followers' workloads at once: w_i = clip(w_f(t - lag_i) + shift_i + offset_i, 0, 1).

    ``lags`` (n,), ``offsets`` and ``shifts`` (n, 5): a lab's shift is zero, an enterprise's is its
    small-model drift (:func:`small_model_shift`). ``t`` indexes ``path``.
    """
    # np.clip's integers, without its wrappers (a few microseconds, several times a quarter)
    rows = np.minimum(np.maximum(t - np.asarray(lags), 0), len(path) - 1)
    return np.clip((path[rows] + shifts) + offsets, 0.0, 1.0)
