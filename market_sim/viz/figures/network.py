"""The supplier network of one quarter, in fixed layers: foundry, designers, resellers, users."""

from __future__ import annotations

import math
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


def draw_supplier_network(graph: nx.DiGraph, *, period: str, edge_weight: str = "spend") -> Figure:
    """The supplier graph of a quarter: nodes coloured by kind and sized by spend, edges as wide as
    their ``edge_weight``.

    ``graph`` is ``model.network.graph`` or :func:`graph_from_edges`. Edges without flow this quarter
    (kept until stale) are drawn thin and faint.
    """
    if edge_weight not in EDGE_WEIGHTS:
        raise ValueError(f"edge_weight must be 'spend', 'volume' or 'units', not {edge_weight!r}")
    pos = layered_layout(graph)
    fig = new_figure((6.4, 4.6), left=0.02, right=0.98, bottom=0.2, top=0.93)
    ax = fig.add_subplot()
    nodes = list(graph.nodes)
    edges = list(graph.edges(data=True))
    weights = np.array([float(d.get(edge_weight, 0.0)) for _, _, d in edges])
    top = weights.max() if len(weights) and weights.max() > 0 else 1.0
    segments, colours, widths = [], [], []
    for (s, t, d), w in zip(edges, weights, strict=True):
        segments.append([pos[s], pos[t]])
        rgba = list(to_rgba(EDGE_COLOURS.get(d.get("kind"), "#999999")))
        rgba[3] = 0.55 if w > 0 else 0.15
        colours.append(rgba)
        widths.append(0.4 + 6.0 * math.sqrt(w / top))
    lines = LineCollection(segments, colors=colours, linewidths=widths, zorder=1)
    lines.set_gid("supplier-edges")
    ax.add_collection(lines)

    # Node size: spend flowing through the node this quarter (in or out, whichever is larger).
    through = {
        n: max(
            sum(d.get("spend", 0.0) for *_, d in graph.in_edges(n, data=True)),
            sum(d.get("spend", 0.0) for *_, d in graph.out_edges(n, data=True)),
        )
        for n in nodes
    }
    most = max(through.values(), default=0.0) or 1.0
    xy = np.array([pos[n] for n in nodes]).reshape(len(nodes), 2)
    kinds = [graph.nodes[n].get("kind", "") for n in nodes]
    scatter = ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=[30 + 320 * math.sqrt(through[n] / most) for n in nodes],
        c=[KIND_COLOURS.get(k, UNKNOWN_COLOUR) for k in kinds],
        edgecolors="white",
        linewidths=0.8,
        zorder=2,
    )
    scatter.set_gid("supplier-nodes")
    for n, (x, y) in zip(nodes, xy, strict=True):
        ax.annotate(
            short_name(n),
            (x, y),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=6.5,
            va="center",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6},
        )
    ax.set_xlim(-0.25, 3.75)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xticks([0, 1, 2, 3], LAYER_NAMES, fontsize=8)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    present = [k for k in KIND_COLOURS if k in set(kinds)]
    handles = [
        Line2D([], [], marker="o", ls="", color=KIND_COLOURS[k], label=KIND_LABELS[k]) for k in present
    ]
    handles += [Line2D([], [], color=c, lw=2, label=f"{k} flow") for k, c in EDGE_COLOURS.items()]
    ax.legend(
        handles=handles, fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False
    )
    ax.set_title(f"Supplier network, {period} (edge width: {edge_weight})", fontsize=10)
    return fig


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
