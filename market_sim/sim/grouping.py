"""Totals of per-order amounts by group (supplier, segment, product, graph edge), all groups at once.

The results must be the same floats, bit for bit, as the masks and running sums they replace, so
each function says which summation it reproduces: numpy sums an array pairwise, a running total
adds one amount at a time, and the two differ in the last bits.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class GroupTotals(NamedTuple):
    """The amounts of one group's rows, each summed."""

    code: int
    totals: list[float]


def group_totals(codes: np.ndarray, *amounts: np.ndarray) -> list[GroupTotals]:
    """Each amount summed over each code's rows, groups in order of their first row.

    A stable sort puts a group's rows next to each other in their order, and numpy sums the slice
    pairwise exactly as it sums ``amount[codes == code]``: the same elements in the same order.
    The amounts are stacked so each group takes one sum along rows (numpy sums each row of a 2-D
    slice as it sums the row alone), not one per amount.
    """
    if not len(codes):
        return []
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    bounds = (np.flatnonzero(sorted_codes[1:] != sorted_codes[:-1]) + 1).tolist()
    starts, ends = [0, *bounds], [*bounds, len(codes)]
    first_rows = order[starts]
    columns = np.take(np.array(amounts), order, axis=1)  # (np.stack's array, without its wrappers)
    group_codes = sorted_codes[starts].tolist()
    # np.add.reduce is what ndarray.sum calls: the same sums, without a Python frame per group.
    return [
        GroupTotals(group_codes[g], np.add.reduce(columns[:, starts[g] : ends[g]], axis=1).tolist())
        for g in np.argsort(first_rows).tolist()
    ]


def running_totals(codes: np.ndarray, n_groups: int, amount: np.ndarray) -> list[float]:
    """Per code, 0.0 plus its rows' amounts one at a time in row order (a running total's floats)."""
    return np.bincount(codes, weights=amount, minlength=n_groups).tolist()


def first_seen_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each integer key's code, distinct keys numbered in order of first appearance, and the
    distinct keys in that order."""
    distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    by_first = np.argsort(first)
    rank = np.empty_like(by_first)
    rank[by_first] = np.arange(len(by_first))
    return rank[inverse], distinct[by_first]
