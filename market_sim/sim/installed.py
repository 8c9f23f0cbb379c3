"""The installed base: effective compute in use, by supplier and segment, and what it does for a
platform's software maturity (M5).

Each quarter's deliveries join the installed base; chips retire at 1 / ``chip_life_quarters`` a
quarter. Compute installed before 2020 is split by supplier (``*_installed_share_2020``) and by
segment (``inference_installed_share_2020``). Its shares are the "compute in use" that the sources
of facts F7 and F8 count.
"""

from __future__ import annotations

import numpy as np

from ..economics import ecosystem
from ..kinds import SEGMENTS, Segment, SupplierKind
from ..scenario import Scenario


class InstalledBase:
    """Effective compute in use by supplier and segment."""

    def __init__(self, initial: dict[str, float], inference_share: float):
        self.compute: dict[str, dict[Segment, float]] = {}
        for supplier, total in initial.items():
            self.compute[supplier] = {
                Segment.TRAINING: total * (1.0 - inference_share),
                Segment.INFERENCE: total * inference_share,
            }

    def remove(self, supplier: str) -> None:
        """A supplier that leaves the market leaves the installed base (its software is no longer kept up)."""
        self.compute.pop(supplier, None)

    def install(self, sales, chip_life_quarters: int) -> None:
        """One quarter: chips retire at 1 / life, the quarter's deliveries join."""
        retire = 1.0 / chip_life_quarters
        for by_segment in self.compute.values():
            for seg in SEGMENTS:
                by_segment[seg] *= 1.0 - retire
        for supplier, s in sales.items():
            by_segment = self.compute.setdefault(supplier, dict.fromkeys(SEGMENTS, 0.0))
            for seg in SEGMENTS:
                by_segment[seg] += s.compute[seg]

    def of(self, supplier: str) -> float:
        """A supplier's compute in use, both segments."""
        return sum(self.compute.get(supplier, {}).values())

    def total(self, segment: Segment | None = None) -> float:
        """All compute in use, or one segment's."""
        return sum(c[segment] if segment else sum(c.values()) for c in self.compute.values())


def warm_stacks(designers, before_2020: dict[str, float], p: Scenario) -> float:
    """M5 warm start: the 2020 state of the art is the stack the largest pre-2020 installed base
    settles at (its owner had been building it for a decade), and every platform's stack is its 2020
    maturity times it, so the frontier does not race in 2020-21 toward a steady state the start
    ignored. Returns the state of the art (1 where stacks neither grow nor decay)."""
    state_of_the_art = 1.0  # stacks that never decay have no steady state: 2020's unit stays
    if p.maturity_decay > 0:
        total = sum(before_2020.values()) or 1.0
        shares = np.array([v / total for v in before_2020.values()])
        settled = ecosystem.steady_stack(
            shares,
            alpha=p.maturity_installed_base_gain,
            beta=p.maturity_investment_gain,
            delta=p.maturity_decay,
            exponent=p.maturity_share_exponent,
        )
        state_of_the_art = float(np.max(settled, initial=0.0)) or 1.0
    for d in designers:
        d.stack_level = d.maturity * state_of_the_art
    return state_of_the_art


def update_maturity(
    designers, installed: InstalledBase, sales, p: Scenario, state_of_the_art: float
) -> float:
    """M5: a platform's stack grows with its shares of the installed base and of software investment
    (revenue), and decays; its maturity is the stack against the frontier, the best stack on the
    market. An in-house stack is kept by its owner at a floor share of the frontier. Returns the
    frontier."""
    total_installed = installed.total() or 1.0
    total_revenue = sum(s.total_revenue for s in sales.values()) or 1.0
    # Every platform with a chip at once: elementwise, the same floats as one platform at a time.
    building = [d for d in designers if d.chip is not None]
    levels = ecosystem.next_stack_level(
        np.array([d.stack_level for d in building], dtype=float),
        np.array([installed.of(d.name) / total_installed for d in building], dtype=float),
        np.array(
            [sales[d.name].total_revenue / total_revenue if d.name in sales else 0.0 for d in building],
            dtype=float,
        ),
        alpha=p.maturity_installed_base_gain,
        beta=p.maturity_investment_gain,
        delta=p.maturity_decay,
        exponent=p.maturity_share_exponent,
    )
    for d, level in zip(building, levels.tolist(), strict=True):
        d.stack_level = level
    frontier = ecosystem.maturity_frontier([d.stack_level for d in designers], state_of_the_art)
    for d in designers:
        if d.kind == SupplierKind.IN_HOUSE and d.chip is not None:
            d.stack_level = max(d.stack_level, p.in_house_maturity * frontier)  # its owner keeps it up
    maturity = ecosystem.relative_maturity([d.stack_level for d in designers], frontier)
    for d, m in zip(designers, maturity.tolist(), strict=True):
        d.maturity = m
    return frontier
