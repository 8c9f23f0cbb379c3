"""Every buyer's chips by vintage (M9): the effective compute, purchase cost and book value of what it
bought in each of the last ``chip_life_quarters`` quarters.

Before its first quarter a buyer's fleet is filled with what it bought in the years before 2020
(``warm_start``). Each quarter the oldest vintage retires (any book value it still carries is
written off), installed chips gain the quarter's algorithmic efficiency as new ones do, book values
depreciate straight-line over ``book_life_quarters``, the quarter's purchases join as a new vintage,
and each vintage is impaired to its recoverable value: its compute times the buyer's smoothed
replacement cost per effective unit. A vintage's book value is never written up again, so a fall
is written down once.
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

    def warm_start(self, step: int, purchases: tuple[np.ndarray, np.ndarray], *, spend_growth, p) -> None:
        """Fill the vintages bought before 2020 from the first quarter's purchases (compute, spend):
        k quarters earlier each buyer spent less, by its budget growth g a year, and paid more per unit
        of compute, by the node's doubling time T (Epoch AI: 2.46 years), so

            spend_k = spend_0 (1 + g)^(-k/4),   compute_k = compute_0 (1 + g)^(-k/4) 2^(-k / 4T),

        with book value straight-line over the book life B, depreciated k - 1 times before this quarter
        depreciates it once more: book_k = spend_k max(0, 1 - (k - 1) / B).
        So 2020's fleets, and their book values, are in motion rather than empty."""
        compute, spend = (np.asarray(a, dtype=float) for a in purchases)
        life = self.compute.shape[1]
        for k in range(1, life):
            slot = (step - k) % life
            fewer = (1.0 + np.asarray(spend_growth, dtype=float)) ** (-k / 4.0)
            self.compute[:, slot] = compute * fewer * 2.0 ** (-k / (4.0 * p.node_doubling_years))
            self.cost[:, slot] = spend * fewer
            self.book[:, slot] = self.cost[:, slot] * max(0.0, 1.0 - (k - 1) / p.book_life_quarters)

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
