"""One numerical helper for the economics and the accounts: an operation taken only where a mask holds.

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
