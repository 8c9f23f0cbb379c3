"""Scenario discovery: which of the posterior's parameters decide a claim that depends on the market
(issue 8 §3).

For one claim, each posterior draw is labelled 1 where it **counts for** the claim (``ensemble``) and
0 otherwise. A shallow decision tree (depth <= ``MAX_DEPTH``, every leaf at least ``MIN_LEAF_SHARE``
of the draws) splits the draws on their parameter values; each of its nodes below the root is a
**box**, the conjunction of the thresholds on its path, such as ``challenger_maturity <= 0.41 and
switching_cost > 1.9``. For a box B over n draws, of which a share p count for the claim,

    mass     m(B) = |B| / n                        the share of draws in the box,
    density  d(B) = (draws in B counting for it) / |B|,
    coverage c(B) = (draws in B counting for it) / (draws counting for it),
    quality  q(B) = m(B) x (d(B) - p)              weighted relative accuracy (the density's gain
                                                   over the base rate, weighted by the box's mass).

The **box** is the node of greatest quality. A tree finds some box in noise too, so the box is kept
only if its quality beats chance: the labels are shuffled ``permutations`` times (a seeded RNG), the
tree refitted each time, and

    p = (1 + #{shuffles whose best box's quality >= the observed one}) / (1 + permutations);

the box is kept where p < ``SIGNIFICANCE``. Draws are taken from the posterior with replacement, and a
repeated parameter set gives the same runs (the same seeds), so its copies are one observation: the
shuffle moves each set's labels as a block, among sets drawn as many times (:func:`block_shuffle`);
with every set drawn once this is the plain label shuffle.

Fewer than ``MIN_DRAWS_FOR_DISCOVERY`` draws name no parameters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_DRAWS_FOR_DISCOVERY = 200
MAX_DEPTH = 2  # a box of at most two thresholds: one a reader can check against the posterior
MIN_LEAF_SHARE = 0.05
PERMUTATIONS = 300
SIGNIFICANCE = 0.05
NEEDS_MORE_DRAWS = f"depends on the market (needs >= {MIN_DRAWS_FOR_DISCOVERY} draws to name parameters)"

Condition = tuple[str, float | None, float | None]  # parameter, lower bound (exclusive), upper (inclusive)


@dataclass(frozen=True)
class Discovery:
    """The best box for one claim's label and whether it beats chance."""

    conditions: tuple[Condition, ...]
    base_rate: float  # p: the share of all draws that count for the claim
    density: float
    mass: float
    coverage: float
    quality: float
    p_value: float
    draws: int
    distinct_draws: int  # parameter sets: a draw repeated from the posterior sample counts once

    @property
    def kept(self) -> bool:
        return bool(self.conditions) and self.p_value < SIGNIFICANCE

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(name for name, _, _ in self.conditions)

    def box(self) -> str:
        """The box in words: its thresholds, then its density and mass."""
        if not self.conditions:
            return ""
        return (
            f"{describe_conditions(self.conditions)}: {self.density:.0%} of draws count for it, "
            f"{self.mass:.0%} of draws (all draws: {self.base_rate:.0%}; p = {self.p_value:.3f})"
        )


def format_value(value: float) -> str:
    """A threshold in three significant figures, large ones (capacity in units) with thousands commas."""
    return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:.3g}"


def describe_conditions(conditions: tuple[Condition, ...]) -> str:
    parts = []
    for name, low, high in conditions:
        if low is not None and high is not None:
            parts.append(f"{format_value(low)} < {name} <= {format_value(high)}")
        elif high is not None:
            parts.append(f"{name} <= {format_value(high)}")
        else:
            parts.append(f"{name} > {format_value(low)}")
    return " and ".join(parts)


def fit_tree(
    values: np.ndarray, label: np.ndarray, max_depth: int = MAX_DEPTH, min_leaf_share: float = MIN_LEAF_SHARE
):
    """The shallow classification tree of ``label`` on the parameter ``values`` (Gini splits)."""
    from sklearn.tree import DecisionTreeClassifier  # here: slow to import, and only fitting needs it

    min_leaf = max(1, math.ceil(min_leaf_share * len(label)))
    tree = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=min_leaf, random_state=0)
    return tree.fit(values, label)


def node_conditions(tree, names: list[str]) -> dict[int, tuple[Condition, ...]]:
    """Each node's box: the thresholds on the path from the root, one (low, high] range per parameter."""
    t = tree.tree_
    boxes: dict[int, tuple[Condition, ...]] = {}

    def walk(node: int, bounds: dict[str, tuple[float | None, float | None]]) -> None:
        boxes[node] = tuple((name, low, high) for name, (low, high) in bounds.items())
        if t.children_left[node] == -1:
            return
        name, cut = names[t.feature[node]], float(t.threshold[node])
        low, high = bounds.get(name, (None, None))
        walk(t.children_left[node], {**bounds, name: (low, cut if high is None else min(high, cut))})
        walk(t.children_right[node], {**bounds, name: (cut if low is None else max(low, cut), high)})

    walk(0, {})
    return boxes


def best_box(tree, values: np.ndarray, label: np.ndarray) -> tuple[int, float]:
    """The node of greatest quality q = m x (d - p) and that quality (the root, 0, where no node beats
    the base rate). Inner nodes count too: a first split alone may make a better box than its halves."""
    inside = tree.decision_path(values).tocsc()  # draws x nodes: which nodes each draw passes through
    mass = np.asarray(inside.sum(axis=0)).ravel() / len(label)
    density = (inside.T @ label) / np.maximum(mass * len(label), 1)
    quality = mass * (density - label.mean())
    quality[0] = 0.0  # the root is every draw: no box
    node = int(np.argmax(quality))
    return (node, float(quality[node])) if quality[node] > 0 else (0, 0.0)


def draw_groups(values: np.ndarray) -> np.ndarray:
    """One id per distinct parameter set: the copies of a repeated draw share it."""
    return np.unique(values, axis=0, return_inverse=True)[1].ravel()


def block_shuffle(label: np.ndarray, groups: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``label`` with each group's labels moved as a block to another group of the same size (a random
    permutation within each size): under "the label does not depend on the parameters" every such
    relabelling is as likely as the observed one, repeated draws included."""
    ids, sizes = np.unique(groups, return_counts=True)
    rows = {g: np.flatnonzero(groups == g) for g in ids}
    shuffled = label.copy()
    for size in np.unique(sizes):
        same = ids[sizes == size]
        for source, target in zip(same, rng.permutation(same), strict=True):
            shuffled[rows[target]] = label[rows[source]]
    return shuffled


def discover(
    params: pd.DataFrame,
    counts_for: np.ndarray,
    *,
    permutations: int = PERMUTATIONS,
    seed: int = 0,
    min_draws: int = MIN_DRAWS_FOR_DISCOVERY,
) -> Discovery | None:
    """The best box for ``counts_for`` (one bool per draw) over the draws' ``params`` (one column per
    parameter) with its permutation p-value; None under ``min_draws`` draws."""
    label = np.asarray(counts_for, dtype=float)
    if len(label) < min_draws:
        return None
    names = list(params.columns)
    values = params.to_numpy(dtype=float)
    groups = draw_groups(values)
    tree = fit_tree(values, label)
    node, quality = best_box(tree, values, label)
    inside = np.asarray(tree.decision_path(values)[:, node].todense()).ravel().astype(bool)
    conditions = node_conditions(tree, names)[node] if quality > 0 else ()
    p_value = 1.0
    if conditions:
        rng = np.random.default_rng(seed)
        beaten = 0
        for _ in range(permutations):
            shuffled = block_shuffle(label, groups, rng)
            beaten += best_box(fit_tree(values, shuffled), values, shuffled)[1] >= quality
        p_value = (1 + beaten) / (1 + permutations)
    return Discovery(
        conditions=conditions,
        base_rate=float(label.mean()),
        density=float(label[inside].mean()) if conditions else float(label.mean()),
        mass=float(inside.mean()) if conditions else 1.0,
        coverage=float(label[inside].sum() / label.sum()) if conditions and label.sum() else float("nan"),
        quality=quality,
        p_value=p_value,
        draws=len(label),
        distinct_draws=int(groups.max()) + 1,
    )


def deciding_parameters(found: Discovery | None) -> str:
    """What the claims table says decides a claim that depends on the market."""
    if found is None:
        return NEEDS_MORE_DRAWS
    if not found.conditions:
        return "depends on the market (no parameter split separates the draws that count for it)"
    if not found.kept:
        return f"depends on the market (no parameter box beats chance: p = {found.p_value:.2f})"
    return ", ".join(dict.fromkeys(found.parameters))


DISCOVERY_COLUMNS = [
    "distinct_draws",
    "share_for",
    "box",
    "box_considered",
    "density",
    "mass",
    "coverage",
    "quality",
    "p_value",
    "kept",
    "deciding_parameters",
]


def discovery_row(found: Discovery | None) -> dict:
    """One claim's row of discovery.csv: ``box`` only where it beats chance, ``box_considered`` either
    way (the best node, before the permutation test); empty under the draws discovery needs."""
    if found is None:
        return {"deciding_parameters": NEEDS_MORE_DRAWS}
    return {
        "distinct_draws": found.distinct_draws,
        "share_for": found.base_rate,
        "box": found.box() if found.kept else "",
        "box_considered": found.box(),
        "density": found.density,
        "mass": found.mass,
        "coverage": found.coverage,
        "quality": found.quality,
        "p_value": found.p_value,
        "kept": found.kept,
        "deciding_parameters": deciding_parameters(found),
    }
