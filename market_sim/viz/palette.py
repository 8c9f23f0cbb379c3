"""One colour per supplier everywhere: summary.png, the browser UI and the notebooks.

Merchant vendors have fixed colours (the incumbent dark blue, the challenger red, the CPU vendor light
blue), start-ups take oranges and in-house chips greens, handed out in the order in which suppliers
first appear in a run's tables. A supplier that appears later never changes an earlier one's colour,
so a supplier keeps its colour from the first quarter to the last.
"""

from __future__ import annotations

import pandas as pd

KIND_COLOURS = {
    "foundry": "#7f7f7f",
    "merchant": "#1f77b4",
    "start_up": "#ff7f0e",
    "in_house": "#2ca02c",
    "hyperscaler": "#9467bd",
    "frontier_lab": "#d62728",
    "open_lab": "#e377c2",
    "enterprise": "#8c564b",
}
KIND_LABELS = {
    "foundry": "foundry",
    "merchant": "merchant vendor",
    "start_up": "start-up",
    "in_house": "in-house chip",
    "hyperscaler": "hyperscaler",
    "frontier_lab": "frontier lab",
    "open_lab": "open-model lab",
    "enterprise": "enterprises",
}
EDGE_COLOURS = {"foundry": "#7f7f7f", "direct": "#1f77b4", "cloud": "#9467bd", "in_house": "#2ca02c"}
STATUS_COLOURS = {"shipped": "#3182bd", "in_progress": "#fdae6b", "failed": "#de2d26", "cancelled": "#bdbdbd"}
MERCHANT_COLOURS = {"incumbent": "#08306b", "challenger": "#e31a1c", "cpu_vendor": "#6baed6"}
# Shades per kind, so start-ups read as oranges and in-house chips as greens in every figure.
SHADES = {
    "start_up": ["#fd8d3c", "#a63603", "#fdd0a2", "#e6550d", "#fdae6b", "#7f2704"],
    "in_house": ["#238b45", "#a1d99b", "#00441b", "#74c476", "#006d2c", "#c7e9c0", "#41ab5d"],
    "merchant": ["#9ecae1", "#4292c6", "#2171b5"],
}
# Groups of suppliers (summary.png, the notebooks): merchant vendors by name, the rest by kind.
GROUP_LABELS = {"start_up": "start-ups", "in_house": "in-house chips"}
GROUP_COLOURS = {"start-ups": KIND_COLOURS["start_up"], "in-house chips": KIND_COLOURS["in_house"]}
OTHERS_COLOUR = "#d9d9d9"
UNKNOWN_COLOUR = "#555555"

# Where each table names its suppliers: (table, supplier column, kind column, step column).
_SUPPLIER_COLUMNS = (
    ("projects", "designer", "designer_kind", "start_step"),
    ("shares", "supplier", "supplier_kind", "step"),
    ("vendors", "vendor", "kind", "step"),
)


def short_name(name: str) -> str:
    """``in_house:hyperscaler_1`` -> ``hyperscaler_1 chip`` (labels stay short)."""
    return f"{name.split(':', 1)[1]} chip" if name.startswith("in_house:") else name


def supplier_kinds(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Each supplier of a run and its kind (merchant / start_up / in_house), in order of first appearance.

    A supplier's first appearance is the earliest step at which any of the projects, shares and vendors
    tables names it (a project counts from its start); ties go by kind then name. Rows are only ever
    added with the current step, so a supplier's place in this order never changes as the run goes on.
    """
    first: dict[str, tuple] = {}
    for name, supplier, kind, step in _SUPPLIER_COLUMNS:
        df = tables.get(name)
        if df is None or df.empty or supplier not in df:
            continue
        grouped = df.groupby(supplier, sort=False)
        earliest, kinds = grouped[step].min(), grouped[kind].first()
        for s, when, k in zip(earliest.index, earliest.to_numpy(), kinds.to_numpy(), strict=True):
            if s not in first or when < first[s][0]:
                first[s] = (int(when), str(k))
    order = sorted(first, key=lambda s: (first[s][0], _KIND_RANK.get(first[s][1], 9), s))
    return {s: first[s][1] for s in order}


_KIND_RANK = {"merchant": 0, "start_up": 1, "in_house": 2}


def supplier_colours(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """A colour per supplier: merchant vendors fixed, start-ups in oranges, in-house chips in greens.

    Shades are handed out per kind in order of first appearance (:func:`supplier_kinds`), so a
    supplier keeps its colour all run long; the grouped labels of :data:`GROUP_LABELS` and "others"
    have colours too.
    """
    out: dict[str, str] = {**GROUP_COLOURS, "others": OTHERS_COLOUR}
    seen: dict[str, int] = {}
    for supplier, kind in supplier_kinds(tables).items():
        if supplier in MERCHANT_COLOURS:
            out[supplier] = MERCHANT_COLOURS[supplier]
            continue
        shades = SHADES.get(kind, [KIND_COLOURS.get(kind, UNKNOWN_COLOUR)])
        out[supplier] = shades[seen.get(kind, 0) % len(shades)]
        seen[kind] = seen.get(kind, 0) + 1
    return out
