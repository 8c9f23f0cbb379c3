"""Every buyer's chips by vintage (M9): the effective compute, purchase cost and book value of what it
bought in each of the last ``chip_life_quarters`` quarters.

Each quarter the oldest vintage retires (any book value it still carries is written off), installed
chips gain the quarter's algorithmic efficiency as new ones do, book values depreciate straight-line
over ``book_life_quarters``, the quarter's purchases join as a new vintage, and each vintage is
impaired to its recoverable value: its compute times the buyer's smoothed replacement cost per
effective unit. A vintage's book value is never written up again, so a fall is written down once.
"""

from __future__ import annotations

import numpy as np

from ..economics import finance


class Fleet:
    """(N buyers, L vintages) arrays; vintage ``step % L`` is the one bought at ``step``."""

    def __init__(self, n: int, life: int):
        self.compute = np.zeros((n, life))
        self.cost = np.zeros((n, life))
        self.book = np.zeros((n, life))
        self.replacement_cost = np.full(n, np.nan)  # smoothed, per effective unit

    @property
    def installed(self) -> np.ndarray:
        """Each buyer's effective compute in use."""
        return self.compute.sum(axis=1)

    @property
    def book_value(self) -> np.ndarray:
        return self.book.sum(axis=1)

    def settle(self, step: int, purchases: tuple[np.ndarray, np.ndarray], *, market, p) -> np.ndarray:
        """One quarter (see the module docstring); ``market`` has the quarter's ``cost_change`` and
        ``gain_growth``. Returns each buyer's write-downs."""
        compute, spend = purchases
        slot = step % self.compute.shape[1]
        written_off = self.book[:, slot].copy()  # retiring chips that still carry book value
        self.compute[:, slot] = self.cost[:, slot] = self.book[:, slot] = 0.0
        self.compute *= market.gain_growth
        self.book = finance.straight_line(self.book, self.cost, p.book_life_quarters)
        self.compute[:, slot], self.cost[:, slot], self.book[:, slot] = compute, spend, spend
        self.replacement_cost = finance.smoothed_replacement_cost(
            self.replacement_cost,
            purchases=(compute, spend),
            cost_change=market.cost_change,
            quarters=p.impairment_smoothing_quarters,
            gain_growth=market.gain_growth,
        )
        impaired, self.book = finance.stranded_write_down(
            self.compute, self.book, self.replacement_cost[:, None]
        )
        return written_off + impaired.sum(axis=1)
