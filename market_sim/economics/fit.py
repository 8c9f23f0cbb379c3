"""M4 Fit: specialisation versus breadth, and the process-technology curve (seeds 000, 001).

A chip has a spec s (a point in workload space), a breadth b and a peak P. Its effective
performance on workload w is

    E = P * exp(-d(w, s)^2 / (2 b^2)),   P = P_node(t) * (1 + kappa / b),

so a narrow chip (small b) has a higher peak but falls off faster away from its spec. The
distance d weights the inference-intensity coordinate by ``inference_weight``. Software
maturity scales what a platform delivers: E_eff = E * (1 - penalty * (1 - M)).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .workload import INFERENCE, N_DIMS


@lru_cache(maxsize=16)
def dim_weights(inference_weight: float) -> np.ndarray:
    """Weights of the workload dimensions in distances (read-only: one array per weight, as every
    distance of a quarter asks for the same one)."""
    w = np.ones(N_DIMS)
    w[INFERENCE] = inference_weight
    w.flags.writeable = False
    return w


def workload_distance(w: np.ndarray, s: np.ndarray, inference_weight: float = 1.0) -> np.ndarray:
    """Weighted Euclidean distance between workloads ``w`` (..., 5) and spec ``s`` (5,) or (..., 5)."""
    diff = (np.asarray(w) - np.asarray(s)) * dim_weights(inference_weight)
    return np.sqrt(np.sum(diff * diff, axis=-1))


def node_performance(year_offset: float, doubling_years: float) -> float:
    """P_node(t): peak compute per chip relative to 2020Q1, doubling every ``doubling_years``."""
    return float(2.0 ** (year_offset / doubling_years))


def peak_performance(node_perf: float, breadth: float, specialisation_gain: float) -> float:
    """P = P_node * (1 + kappa / b): narrower chips buy peak with breadth."""
    return node_perf * (1.0 + specialisation_gain / breadth)


def fit_factor(w: np.ndarray, spec: np.ndarray, breadth: float, inference_weight: float = 1.0) -> np.ndarray:
    """exp(-d^2 / (2 b^2)): the share of peak a chip delivers on workload(s) ``w``."""
    d = workload_distance(w, spec, inference_weight)
    return np.exp(-(d * d) / (2.0 * breadth * breadth))


def maturity_factor(maturity: float | np.ndarray, penalty: float) -> float | np.ndarray:
    """Share of hardware performance the software stack delivers: 1 - penalty * (1 - M)."""
    return 1.0 - penalty * (1.0 - np.asarray(maturity))


def effective_performance(
    w: np.ndarray,
    spec: np.ndarray,
    breadth: float,
    peak: float,
    *,
    maturity: float = 1.0,
    maturity_penalty: float = 0.0,
    inference_weight: float = 1.0,
) -> np.ndarray:
    """E = P * fit(w; s, b) * maturity factor: effective compute one chip delivers on ``w``."""
    return peak * fit_factor(w, spec, breadth, inference_weight) * maturity_factor(maturity, maturity_penalty)


def effective_performance_matrix(
    w: np.ndarray,
    specs: np.ndarray,
    breadths: np.ndarray,
    peaks: np.ndarray,
    maturities: np.ndarray,
    *,
    maturity_penalty: float,
    inference_weight: float = 1.0,
) -> np.ndarray:
    """E[i, k] for n workloads ``w`` (n, 5) and K chips (specs (K, 5), breadths, peaks, maturities (K,)).

    The same formula as :func:`effective_performance`, for every buyer and chip at once.
    """
    diff = weighted_differences(w, specs, inference_weight)
    d2 = np.einsum("nkd,nkd->nk", diff, diff)
    return performance_at(d2, breadths, peaks, maturity_factor(maturities, maturity_penalty))


def segment_performance_matrices(
    w: np.ndarray,
    specs: np.ndarray,
    breadths: np.ndarray,
    peaks: np.ndarray,
    maturities: np.ndarray,
    *,
    maturity_penalty: float,
    inference_weight: float = 1.0,
) -> np.ndarray:
    """(2, n, K): E[i, k] on every buyer's training and inference workloads (:func:`segment_workload`),
    the same floats as :func:`effective_performance_matrix` on each, sharing the differences of the
    architecture coordinates, which the two segments have in common."""
    diff = weighted_differences(w, specs, inference_weight)
    d2 = np.empty((2, len(w), len(specs)))
    for segment, intensity in enumerate((0.0, 1.0)):  # training, inference
        diff[:, :, INFERENCE] = (intensity - specs[:, INFERENCE]) * dim_weights(inference_weight)[INFERENCE]
        np.einsum("nkd,nkd->nk", diff, diff, out=d2[segment])
    return performance_at(d2, breadths, peaks, maturity_factor(maturities, maturity_penalty))


def weighted_differences(w: np.ndarray, specs: np.ndarray, inference_weight: float) -> np.ndarray:
    """(n, K, 5): each workload's weighted difference from each chip's spec, (w - s) * weight."""
    # Laid out as n rows of K * 5 while it is built: broadcasting over a last axis of 5 is slow. Each
    # row is its workload K times over: np.repeat copies each workload K times in one call, faster than
    # a broadcast assignment over that last axis of 5 (and than np.tile's calls).
    n, k, dims = len(w), len(specs), w.shape[1]
    diff = np.repeat(np.asarray(w, dtype=float), k, axis=0).reshape(n, k * dims)
    diff -= specs.reshape(1, k * dims)  # in place: the same floats, no temporaries
    diff *= tiled_dim_weights(inference_weight, k)
    return diff.reshape(n, k, dims)


@lru_cache(maxsize=64)
def tiled_dim_weights(inference_weight: float, chips: int) -> np.ndarray:
    """The weights of the workload dimensions once per chip, (chips * 5,), read-only: every distance
    of a quarter over as many chips asks for the same one."""
    w = np.tile(dim_weights(inference_weight), chips)
    w.flags.writeable = False
    return w


def performance_at(
    d2: np.ndarray, breadths: np.ndarray, peaks: np.ndarray, maturity: np.ndarray
) -> np.ndarray:
    """P exp(-d^2 / (2 b^2)) M from squared distances d2 (..., K) and each chip's maturity factor, in
    place and in that order (a product commutes exactly)."""
    np.negative(d2, out=d2)
    d2 /= 2.0 * breadths**2
    np.exp(d2, out=d2)
    d2 *= peaks
    d2 *= maturity
    return d2


def segment_workload(w: np.ndarray, segment: str) -> np.ndarray:
    """The workload a buyer runs in one segment: its architecture coordinates with inference
    intensity set to 0 (training) or 1 (inference)."""
    out = np.array(w, dtype=float, copy=True)
    out[..., INFERENCE] = 1.0 if segment == "inference" else 0.0
    return out
