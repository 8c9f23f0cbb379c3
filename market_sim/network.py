"""The supplier network: a networkx DiGraph of who supplies whom (brief: "The supplier network").

Nodes are the foundry, vendors, in-house programmes, labs, hyperscalers and one node for the
enterprise population. Edges (supplier -> customer) carry the quarter's volume (effective compute),
spend and units, the customer's workload signal, its kind (foundry, direct, cloud, in_house) and
its age in quarters. It is rebuilt from procurement every step, and it is what vendors forecast
from (M3): each customer edge passes that customer's current workload, weighted by volume and by
how close the customer is to the frontier; labs may add a noisy roadmap at a project start.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import numpy as np

from .economics import design, workload

STALE_QUARTERS = 8  # an edge with no flow for this long is dropped


class SupplierNetwork:
    def __init__(self, model):
        self.model = model
        self.graph = nx.DiGraph()
        self.graph.add_node("foundry", kind="foundry")

    def add_node(self, name: str, kind: str) -> None:
        self.graph.add_node(name, kind=kind)

    def remove_node(self, name: str) -> None:
        if name in self.graph:
            self.graph.remove_node(name)

    def update(self, flows: dict[tuple[str, str, str], list[float]]) -> None:
        """Set this quarter's flows on the edges: ``flows[(source, target, kind)] = [units, volume, spend]``."""
        g = self.graph
        seen = set()
        for (source, target, kind), (units, volume, spend) in flows.items():
            if source not in g or target not in g:
                continue
            if g.has_edge(source, target):
                data = g.edges[source, target]
                data["age"] += 1
            else:
                g.add_edge(source, target, age=0)
                data = g.edges[source, target]
            data.update(
                kind=kind,
                units=units,
                volume=volume,
                spend=spend,
                idle=0,
            )
            seen.add((source, target))
        for source, target, data in list(g.edges(data=True)):
            if (source, target) in seen:
                continue
            data.update(age=data["age"] + 1, idle=data["idle"] + 1, units=0.0, volume=0.0, spend=0.0)
            if data["idle"] >= STALE_QUARTERS:
                g.remove_edge(source, target)

    def set_signals(self, signals: dict[str, np.ndarray]) -> None:
        """Put each customer's workload signal on the edges that carried flow to it this quarter."""
        for _, target, data in self.graph.edges(data=True):
            if data["idle"] == 0 and target in signals:
                data["signal"] = signals[target]

    def customer_edges(self, supplier: str):
        """(customer, volume, signal) of a supplier's customer edges that carried volume lately."""
        out = []
        # In the customers' order, not the graph's: which lab's roadmap draw comes first must not
        # depend on the order in which edges were added.
        for _, customer, data in sorted(self.graph.out_edges(supplier, data=True), key=lambda e: e[1]):
            if data.get("kind") == "foundry":
                continue
            volume = data.get("volume", 0.0)
            out.append((customer, volume, data.get("signal")))
        return out

    def forecast_for(self, vendor) -> tuple[np.ndarray, str]:
        """M3: w_hat = sum omega_j x_j / sum omega_j over the vendor's customer edges."""
        m = self.model
        p = m.params
        signals, volumes, closeness = [], [], []
        shared = 0
        for customer, volume, signal in self.customer_edges(vendor.name):
            if signal is None or volume <= 0:
                continue
            agent = m.buyer_by_name.get(customer)
            x = np.asarray(signal)
            if agent is not None and hasattr(agent, "shares_roadmap"):
                # Draw the decision and the noise whether or not the lab shares, so that changing
                # the sharing probability leaves every other random draw where it was.
                shares = agent.shares_roadmap()
                eps = m.signal_rng.normal(size=workload.N_DIMS)
                if shares:
                    x = design.roadmap_signal(
                        agent.workload_at(m.t + p.design_cycle_quarters), p.roadmap_noise, eps
                    )
                    shared += 1
            signals.append(x)
            volumes.append(volume)
            closeness.append(
                float(design.closeness_to_frontier(np.asarray(signal), m.frontier_now, p.closeness_scale))
            )
        if not signals:
            return m.frontier_now.copy(), "frontier (no customers)"
        forecast = design.forecast_workload(
            np.array(signals), np.array(volumes), np.array(closeness), m.frontier_now
        )
        return forecast, "signals+roadmaps" if shared else "signals"

    def served_workload(self, vendor) -> np.ndarray:
        """The workload a vendor's chip meets at ship: its customers' true current workloads, same weights."""
        m = self.model
        signals, weights = [], []
        for customer, volume, _ in self.customer_edges(vendor.name):
            if volume <= 0:
                continue
            truth = m.signal_of(customer)
            signals.append(truth)
            weights.append(
                volume * float(design.closeness_to_frontier(truth, m.frontier_now, m.params.closeness_scale))
            )
        if not signals:
            return m.frontier_now.copy()
        return design.forecast_workload(
            np.array(signals), np.array(weights), np.ones(len(weights)), m.frontier_now
        )

    def snapshot(self, step: int, period: str) -> list[dict]:
        """Rows for edges.parquet."""
        return [
            {
                "step": step,
                "period": period,
                "source": s,
                "target": t,
                "kind": d.get("kind", ""),
                "volume": float(d.get("volume", 0.0)),
                "spend": float(d.get("spend", 0.0)),
                "units": float(d.get("units", 0.0)),
                "age": int(d.get("age", 0)),
            }
            for s, t, d in self.graph.edges(data=True)
        ]


def aggregate_flows(rows) -> dict[tuple[str, str, str], list[float]]:
    """Sum (source, target, kind, units, volume, spend) rows into edge flows."""
    out: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for source, target, kind, units, volume, spend in rows:
        acc = out[(source, target, kind)]
        acc[0] += units
        acc[1] += volume
        acc[2] += spend
    return dict(out)
