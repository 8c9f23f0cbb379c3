"""The supplier network of one quarter, in fixed layers: foundry, designers, resellers, users."""

from __future__ import annotations

import re

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..palette import EDGE_COLOURS, KIND_COLOURS, KIND_LABELS, UNKNOWN_COLOUR, short_name
from .common import new_figure
from .live import LivePanel

# Left to right: who makes chips, who designs them, who resells them, who runs them.
NETWORK_LAYERS = {"foundry": 0, "merchant": 1, "start_up": 1, "in_house": 1, "hyperscaler": 2}
LAYER_NAMES = ["foundry", "vendors &\nin-house", "hyperscalers", "labs &\nenterprises"]
_LAYER_ORDER = {
    "merchant": 0,
    "start_up": 1,
    "in_house": 2,
    "frontier_lab": 0,
    "open_lab": 1,
    "enterprise": 2,
}
EDGE_WEIGHTS = ("spend", "volume", "units")


def layered_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Fixed positions: foundry -> vendors and in-house chips -> hyperscalers -> labs and enterprises.

    Within a layer nodes are sorted by kind then name and spread evenly top to bottom, so a node
    keeps its place from quarter to quarter unless a supplier enters or exits.
    """
    layers: dict[int, list[str]] = {}
    for node, kind in graph.nodes(data="kind"):
        layers.setdefault(NETWORK_LAYERS.get(kind, 3), []).append(node)
    pos = {}
    for x, nodes in layers.items():
        nodes.sort(key=lambda n: (_LAYER_ORDER.get(graph.nodes[n].get("kind"), 9), n))
        ys = np.linspace(1.0, 0.0, len(nodes) + 2)[1:-1]
        pos.update({n: (float(x), float(y)) for n, y in zip(nodes, ys, strict=True)})
    return pos


class NetworkPanel(LivePanel):
    """The supplier network, kept between quarters: edges and nodes take each quarter's flows in place;
    the nodes' names are placed again when a supplier enters or leaves the graph."""

    def __init__(self):
        super().__init__(new_figure((6.4, 4.6), left=0.02, right=0.98, bottom=0.2, top=0.93))
        self.ax = ax = self.fig.add_subplot()
        self.edges = LineCollection([], zorder=1, gid="supplier-edges")
        ax.add_collection(self.edges)
        self.nodes = ax.scatter([], [], edgecolors="white", linewidths=0.8, zorder=2, gid="supplier-nodes")
        self._names: dict = {}  # node -> its name beside it
        self._placed: dict | None = None  # node -> (position, kind), as last labelled
        ax.set_xlim(-0.25, 3.75)
        ax.set_ylim(-0.02, 1.02)
        ax.set_xticks([0, 1, 2, 3], LAYER_NAMES, fontsize=8)
        ax.set_yticks([])
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)

    def data_artists(self) -> list:
        return [self.edges, self.nodes, self.ax.title]

    def label_artists(self) -> list:
        return list(self._names.values())

    def show(self, graph: nx.DiGraph, period: str, edge_weight: str) -> Figure:
        pos = layered_layout(graph)
        nodes = list(graph.nodes)
        kinds = [graph.nodes[n].get("kind", "") for n in nodes]
        edges = list(graph.edges(data=True))
        weights = np.array([float(d.get(edge_weight, 0.0)) for _, _, d in edges])
        top = weights.max() if len(weights) and weights.max() > 0 else 1.0
        colours = np.array([to_rgba(EDGE_COLOURS.get(d.get("kind"), "#999999")) for *_, d in edges])
        colours = colours.reshape(len(edges), 4)
        colours[:, 3] = np.where(weights > 0, 0.55, 0.15)  # faint: no flow this quarter
        self.edges.set_segments([[pos[s], pos[t]] for s, t, _ in edges])
        self.edges.set_color(colours)
        self.edges.set_linewidth(0.4 + 6.0 * np.sqrt(weights / top))

        # Node size: spend flowing through the node this quarter (in or out, whichever is larger).
        spend_in, spend_out = dict.fromkeys(nodes, 0.0), dict.fromkeys(nodes, 0.0)
        for s, t, d in edges:
            spend_out[s] += d.get("spend", 0.0)
            spend_in[t] += d.get("spend", 0.0)
        through = np.array([max(spend_in[n], spend_out[n]) for n in nodes], dtype=float)
        most = through.max() if len(nodes) and through.max() > 0 else 1.0
        self.nodes.set_offsets(np.array([pos[n] for n in nodes], dtype=float).reshape(len(nodes), 2))
        self.nodes.set_sizes(30 + 320 * np.sqrt(through / most))
        self.nodes.set_facecolor([KIND_COLOURS.get(k, UNKNOWN_COLOUR) for k in kinds])
        placed = {n: (pos[n], k) for n, k in zip(nodes, kinds, strict=True)}
        if placed != self._placed:
            self._label(placed)
        self.ax.set_title(f"Supplier network, {period} (edge width: {edge_weight})", fontsize=10)
        return self.fig

    def _label(self, placed: dict) -> None:
        """Every node's name beside it (moved, not made again, when a node keeps its name), and the
        legend of the kinds present."""
        box = {"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6}
        for node in set(self._names) - set(placed):
            self._names.pop(node).remove()
        for node, (xy, _) in placed.items():
            if node in self._names:
                self._names[node].xy = xy
                self._names[node].stale = True
            else:
                self._names[node] = self.ax.annotate(
                    short_name(node),
                    xy,
                    xytext=(6, 0),
                    textcoords="offset points",
                    fontsize=6.5,
                    va="center",
                    zorder=3,
                    bbox=box,
                )
        present = {k for _, k in placed.values()}
        if self._placed is None or present != {k for _, k in self._placed.values()}:
            handles = [
                Line2D([], [], marker="o", ls="", color=c, label=KIND_LABELS[k])
                for k, c in KIND_COLOURS.items()
                if k in present
            ]
            handles += [Line2D([], [], color=c, lw=2, label=f"{k} flow") for k, c in EDGE_COLOURS.items()]
            self.ax.legend(
                handles=handles,
                fontsize=6.5,
                loc="upper center",
                bbox_to_anchor=(0.5, -0.12),
                ncol=4,
                frameon=False,
            )
        self._placed = placed


def draw_supplier_network(
    graph: nx.DiGraph, *, period: str, edge_weight: str = "spend", panel: NetworkPanel | None = None
) -> Figure:
    """The supplier graph of a quarter: nodes coloured by kind and sized by spend, edges as wide as
    their ``edge_weight``.

    ``graph`` is ``model.network.graph`` or :func:`graph_from_edges`. Edges without flow this quarter
    (kept until stale) are drawn thin and faint. ``panel``: the page's figure of it, redrawn in place
    (a new figure otherwise).
    """
    if edge_weight not in EDGE_WEIGHTS:
        raise ValueError(f"edge_weight must be 'spend', 'volume' or 'units', not {edge_weight!r}")
    return (panel or NetworkPanel()).show(graph, period, edge_weight)


def graph_from_edges(tables: dict[str, pd.DataFrame], step: int) -> nx.DiGraph:
    """The supplier graph of quarter ``step`` from a run's ``edges`` table (for draw_supplier_network).

    Suppliers take their kind from the shares, vendors and projects tables; the foundry, hyperscalers
    (who resell as cloud) and buyers take theirs from their edges and names (``frontier_lab_2`` is a
    frontier lab, ``enterprises`` the enterprise population).
    """
    from ..palette import supplier_kinds

    edges = tables["edges"]
    now = edges[edges["step"] == step]
    graph = nx.from_pandas_edgelist(
        now, "source", "target", edge_attr=["kind", "volume", "spend", "units"], create_using=nx.DiGraph
    )
    known = supplier_kinds(tables)
    resellers = set(now.loc[now["kind"] == "cloud", "source"])
    for node in graph:
        stem = "enterprise" if node == "enterprises" else re.sub(r"_\d+$", "", node)
        kind = known.get(node) or ("hyperscaler" if node in resellers else stem)
        graph.nodes[node]["kind"] = kind if kind in KIND_COLOURS else "buyer"
    return graph
