"""Numerical helpers for the economics and the accounts: an operation taken only where a mask holds, and
an exponential taken only where it does not underflow.

numpy's ``where=`` argument to a ufunc runs a masked inner loop that costs about three times the
unmasked operation on these (buyers x options) arrays, so the operation runs everywhere and the
masked-out entries are filled after: the same floats where the mask holds, ``fill`` elsewhere.
They are filled by index, which costs next to nothing where the mask holds almost everywhere.
"""

from __future__ import annotations

import numpy as np


def masked(op: np.ufunc, a, b, mask: np.ndarray, *, fill: float = 0.0, like: np.ndarray | None = None):
    """op(a, b) where ``mask``, ``fill`` elsewhere: ``op(a, b, out=out, where=mask)`` with ``out`` filled
    with ``fill`` and laid out in C order, or as ``like`` (a later sum along rows follows the layout).

    Entries outside the mask may be computed from values it keeps out (inf * 0, x / 0): they are
    discarded, so their floating-point warnings are too.
    """
    out = np.empty(np.shape(mask)) if like is None else np.empty_like(like, dtype=float)
    with np.errstate(all="ignore"):
        op(a, b, out=out)
    out[~np.asarray(mask, dtype=bool)] = fill
    return out


# Below this, exp underflows to 0 (the smallest float above 0 is exp(-744.4); exp(-745.14) rounds to 0).
EXP_UNDERFLOW = -746.0


def exp_in_place(x: np.ndarray) -> np.ndarray:
    """``np.exp(x, out=x)``: the same floats, where numpy's exponential is several times slower on
    arguments whose result underflows to 0 than on others, so those are set to 0 without it."""
    underflow = x < EXP_UNDERFLOW
    x[underflow] = 0.0
    np.exp(x, out=x)
    x[underflow] = 0.0
    return x
