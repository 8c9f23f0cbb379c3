"""What a quarter's sold orders add up to: each supplier's sales (by segment and product), and the
flows along each edge of the supplier graph. Orders come as arrays, one entry per sold order."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..kinds import SEGMENTS, EdgeKind
from .grouping import first_seen_codes, group_totals, running_totals
from .network import Flow

EDGE_KINDS = tuple(EdgeKind)
EDGE_KIND_NAMES = tuple(str(kind) for kind in EDGE_KINDS)


@dataclass
class EdgeLegs:
    """Orders' legs along supplier-graph edges, in order: source and target as codes into the
    quarter's names, kind into EDGE_KINDS, and what moved on each."""

    source: np.ndarray
    target: np.ndarray
    kind: np.ndarray
    units: np.ndarray
    volume: np.ndarray
    paid: np.ndarray


def edge_flows(legs: EdgeLegs, names: list[str]) -> dict[tuple[str, str, str], Flow]:
    """The quarter's flows summed per supplier-graph edge, edges in order of their first leg.

    An edge's legs are added up one at a time in their order, as a running total per edge would.
    """
    key = (legs.source * len(names) + legs.target) * len(EDGE_KINDS) + legs.kind
    codes, edges = first_seen_codes(key)
    totals = (running_totals(codes, len(edges), amount) for amount in (legs.units, legs.volume, legs.paid))
    pair, kind = np.divmod(edges, len(EDGE_KINDS))
    source, target = np.divmod(pair, len(names))
    return {
        (names[s], names[t], EDGE_KIND_NAMES[k]): Flow(names[s], names[t], EDGE_KIND_NAMES[k], u, v, paid)
        for s, t, k, u, v, paid in zip(source.tolist(), target.tolist(), kind.tolist(), *totals, strict=True)
    }


@dataclass
class SoldOrders:
    """The quarter's sold orders: which chip, which segment (index into SEGMENTS), and what moved."""

    chip: np.ndarray
    segment: np.ndarray
    units: np.ndarray
    compute: np.ndarray
    spend: np.ndarray
    made_cost: np.ndarray  # the foundry's cost of the units
    at_list: np.ndarray  # what the units would have brought at list prices


def book_sales(sales: dict, chips: list, sold: SoldOrders) -> None:
    """Each supplier's sales (``sales``: a defaultdict of SupplierSales by name) from the sold orders:
    suppliers in order of first sale, segments in SEGMENTS order, products in order of first sale.

    Every total sums the same orders in the same order as a mask of them would (``group_totals``).
    """
    supplier_code = {name: i for i, name in enumerate(dict.fromkeys(c.supplier for c in chips))}
    suppliers = list(supplier_code)
    supplier_of_chip = np.array([supplier_code[c.supplier] for c in chips], dtype=np.intp)
    product_code = {key: i for i, key in enumerate(dict.fromkeys((c.supplier, c.chip_id) for c in chips))}
    products = list(product_code)
    product_of_chip = np.array([product_code[(c.supplier, c.chip_id)] for c in chips], dtype=np.intp)
    supplier = supplier_of_chip[sold.chip]
    for group in group_totals(supplier, sold.units, sold.made_cost, sold.at_list):
        mine = sales[suppliers[group.code]]
        mine.units, mine.cost, mine.at_list = group.totals
    segment_code = supplier * len(SEGMENTS) + sold.segment
    by_segment = {g.code: g.totals for g in group_totals(segment_code, sold.spend, sold.compute)}
    for code, name in enumerate(suppliers):
        for s, seg in enumerate(SEGMENTS):
            totals = by_segment.get(code * len(SEGMENTS) + s)
            if totals is not None:
                sales[name].revenue[seg], sales[name].compute[seg] = totals
    for group in group_totals(product_of_chip[sold.chip], sold.units, sold.spend):
        name, product = products[group.code]
        sales[name].units_by_chip[product], sales[name].revenue_by_chip[product] = group.totals
