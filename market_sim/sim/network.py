"""The supplier network: a networkx DiGraph of who supplies whom (brief: "The supplier network").

Nodes are the foundry, vendors, in-house programmes, labs, hyperscalers and one node for the
enterprise population. Edges (supplier -> customer) carry the quarter's volume (effective compute),
spend and units, the customer's workload signal, their kind (foundry, direct, cloud, in_house) and
their age in quarters. The graph is updated from procurement every quarter, and it is what vendors
forecast from (M3).

This module holds the graph only: the model passes it the quarter's flows and signals.
"""

from __future__ import annotations

from operator import itemgetter
from typing import NamedTuple

import networkx as nx
import numpy as np

from ..kinds import EdgeKind

STALE_QUARTERS = 8  # a customer edge with no flow for this long is dropped
FOUNDRY = "foundry"
# An edge's columns in edges.parquet, read from its attribute dict in one call.
EDGE_COLUMNS = itemgetter("kind", "volume", "spend", "units", "age")


class Flow(NamedTuple):
    """What moved along one edge in a quarter (a named tuple: dozens are made a quarter)."""

    source: str
    target: str
    kind: EdgeKind
    units: float
    volume: float  # effective compute
    spend: float


class CustomerEdge(NamedTuple):
    """A supplier's edge to one customer: this quarter's volume and the signal last revealed on it."""

    customer: str
    volume: float
    signal: np.ndarray | None


class SupplierNetwork:
    def __init__(self):
        self.graph = nx.DiGraph()
        self.graph.add_node(FOUNDRY, kind=FOUNDRY)
        self.carried: list[tuple[str, dict]] = []  # (target, attributes) of the edges of the last flows

    def add_node(self, name: str, kind: str) -> None:
        self.graph.add_node(name, kind=str(kind))

    def add_designer(self, name: str, kind: str) -> None:
        """A designer's node and its edge from the foundry."""
        self.add_node(name, kind)
        self.graph.add_edge(
            FOUNDRY, name, kind=EdgeKind.FOUNDRY.value, age=0, idle=0, units=0.0, volume=0.0, spend=0.0
        )

    def remove_node(self, name: str) -> None:
        if name in self.graph:
            self.graph.remove_node(name)

    def _out_edges(self) -> dict[str, dict[str, dict]]:
        """Each node's out-edges as the graph's own dicts, target -> attribute dict (every node is a key):
        read without networkx's views, which cost a Python call per lookup."""
        return dict(self.graph.adjacency())

    def update(self, flows: dict[tuple[str, str, str], Flow]) -> None:
        """Set this quarter's flows on the edges; age the others and drop those idle for too long."""
        g = self.graph
        out_edges = self._out_edges()
        seen, carried = set(), []
        for flow in flows.values():
            source, target = flow.source, flow.target
            targets = out_edges.get(source)
            if targets is None or target not in out_edges:
                continue
            data = targets.get(target)  # the edge's own attribute dict
            if data is not None:
                data["age"] += 1
            else:
                g.add_edge(source, target, age=0)
                data = targets[target]
            # One store per column, in the order a new edge's dict takes them (no keyword dict per flow).
            data["kind"], data["units"], data["volume"] = str(flow.kind), flow.units, flow.volume
            data["spend"], data["idle"] = flow.spend, 0
            seen.add((source, target))
            carried.append((target, data))
        self.carried = carried
        stale = []
        # g.adjacency(): the graph's own dicts, in the order of g.edges (its views cost more per edge).
        for source, targets in g.adjacency():
            for target, data in targets.items():
                if (source, target) in seen:
                    continue
                # One store per column (the keys are there: no keyword dict per idle edge).
                data["age"], data["idle"] = data["age"] + 1, data["idle"] + 1
                data["units"] = data["volume"] = data["spend"] = 0.0
                # A designer keeps its foundry edge while it exists (a programme may take years to ship
                # its first chip); other edges go once idle for too long.
                if data["idle"] >= STALE_QUARTERS and data.get("kind") != EdgeKind.FOUNDRY:
                    stale.append((source, target))
        g.remove_edges_from(stale)

    def set_signals(self, signals: dict[str, np.ndarray]) -> None:
        """Put each customer's workload signal on the edges that carried flow to it this quarter."""
        # Those are the edges the last flows were set on (``update``), not every edge of the graph.
        for target, data in self.carried:
            if data["idle"] == 0 and target in signals:
                data["signal"] = signals[target]

    def customer_edges(self, supplier: str) -> list[CustomerEdge]:
        """A supplier's customer edges (not its foundry edge), in the customers' order.

        In the customers' order, not the graph's: which lab's roadmap draw comes first must not
        depend on the order in which edges were added.
        """
        edges = sorted(self._out_edges().get(supplier, {}).items(), key=lambda e: e[0])
        return [
            CustomerEdge(customer, data.get("volume", 0.0), data.get("signal"))
            for customer, data in edges
            if data.get("kind") != EdgeKind.FOUNDRY
        ]

    def cloud_customers(self, hyperscaler: str) -> list[tuple[str, float]]:
        """(customer, spend) of a hyperscaler's cloud edges that carried spend this quarter."""
        return [
            (customer, data["spend"])
            for customer, data in self._out_edges().get(hyperscaler, {}).items()
            if data.get("kind") == EdgeKind.CLOUD and data.get("spend", 0) > 0
        ]

    def snapshot(self, step: int, period: str) -> dict[str, list]:
        """The rows of edges.parquet for this quarter, as columns (a quarter's dozens of edges as a few
        lists, not a dict per edge). Every edge carries every column: both ways of adding one set them."""
        edges = [
            (s, t, EDGE_COLUMNS(data)) for s, targets in self.graph.adjacency() for t, data in targets.items()
        ]
        n = len(edges)
        kind, volume, spend, units, age = (
            zip(*(values for _, _, values in edges), strict=True) if n else ((),) * 5
        )
        return {
            "step": [step] * n,
            "period": [period] * n,
            "source": [s for s, _, _ in edges],
            "target": [t for _, t, _ in edges],
            "kind": list(kind),
            "volume": list(map(float, volume)),
            "spend": list(map(float, spend)),
            "units": list(map(float, units)),
            "age": list(map(int, age)),
        }
