"""M3: what a vendor knows of the workload it designs for. It forecasts from the signals on its customer
edges, weighted by volume and closeness to the frontier, where a lab customer may share its roadmap;
its chip then meets its customers' true workloads, weighted the same way.
"""

from __future__ import annotations

import numpy as np

from ..economics import design, workload


def vendor_forecast(vendor) -> tuple[np.ndarray, str]:
    """M3: w_hat = sum omega_j x_j / sum omega_j over the vendor's customer edges, omega = volume x
    closeness to the frontier; a lab customer may share its roadmap w(t + D) instead."""
    m = vendor.model
    p = m.params
    frontier = m.conditions.frontier
    signals, volumes, revealed = [], [], []
    shared = 0
    for edge in m.network.customer_edges(vendor.name):
        if edge.signal is None or edge.volume <= 0:
            continue
        x = np.asarray(edge.signal)
        if m.population.is_lab(edge.customer):
            # Draw the decision and the noise whether or not the lab shares, so that changing
            # the sharing probability leaves every other random draw where it was.
            shares = bool(m.signal_rng.random() < p.roadmap_sharing_prob)
            eps = m.signal_rng.normal(size=workload.N_DIMS)
            if shares:
                roadmap = m.population.workload_of(edge.customer, m.t + p.design_cycle_quarters)
                x = design.roadmap_signal(roadmap, p.roadmap_noise, eps)
                shared += 1
        signals.append(x)
        volumes.append(edge.volume)
        revealed.append(edge.signal)
    if not signals:
        return frontier.copy(), "frontier (no customers)"
    # Closeness of every edge's revealed signal at once (elementwise: the same floats as one by one).
    closeness = design.closeness_to_frontier(np.array(revealed, dtype=float), frontier, p.closeness_scale)
    forecast = design.forecast_workload(np.array(signals), np.array(volumes), closeness, frontier)
    return forecast, "signals+roadmaps" if shared else "signals"


def served_workload(vendor) -> np.ndarray:
    """The workload its chip meets: its customers' true current workloads, weighted as in the forecast."""
    m = vendor.model
    frontier = m.conditions.frontier
    truths, volumes = [], []
    for edge in m.network.customer_edges(vendor.name):
        if edge.volume <= 0:
            continue
        truths.append(m.signal_of(edge.customer))
        volumes.append(edge.volume)
    if not truths:
        return frontier.copy()
    signals = np.array(truths)
    closeness = design.closeness_to_frontier(signals, frontier, m.params.closeness_scale)
    weights = np.array(volumes, dtype=float) * closeness
    return design.forecast_workload(signals, weights, np.ones(len(weights)), frontier)
