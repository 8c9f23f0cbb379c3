"""M9 Demand and business model, M10 entry and exit (seeds 001, 003, 004).

M9: compute budgets grow from end-user revenue at a rate that halves every few years (booms slow);
budgets buy effective compute at the going cost, so cheaper compute buys more (demand in effective
units). Installed chips are carried at book value, by vintage, depreciated straight-line at
1 / book life per quarter; when the market cost of the same effective compute falls below the book
value per effective unit, the difference is written down as stranded capital.

M10: start-ups enter (Poisson) with funding and a runway; each quarter they burn opex and NRE and
earn gross profit; at zero cash they leave: acquired when their chip still fits the frontier well,
closed otherwise.
"""

from __future__ import annotations

import numpy as np


def budget_growth(base_growth_per_year, years_since_start: float, halflife_years: float, boom=None):
    """Quarterly growth factor of a budget (or an array of them): the yearly rate decays with half-life
    ``halflife_years``, and a demand boom adds a rate that decays from its start:
    (1 + g 0.5^(years / half-life) + g_b 0.5^((years - years_b) / half-life_b))^(1/4), the last term
    from the boom's start on. ``boom`` is (years_b, g_b, half-life_b) or None."""
    yearly = base_growth_per_year * 0.5 ** (years_since_start / halflife_years)
    if boom is not None:
        start, extra, halflife = boom
        if years_since_start >= start:
            yearly = yearly + extra * 0.5 ** ((years_since_start - start) / halflife)
    return (1.0 + yearly) ** 0.25


def straight_line(book_value, cost, book_life_quarters: int):
    """One quarter of straight-line depreciation: book value falls by cost / book life, to zero."""
    return np.maximum(0.0, np.asarray(book_value, dtype=float) - np.asarray(cost) / book_life_quarters)


def smoothed_replacement_cost(previous, *, purchases, cost_change: float, quarters: float, gain_growth=1.0):
    """Recoverable value per effective unit, smoothed: rho_t = (1 - 1/q) rho_(t-1) / g + (1/q) x_t,
    where x_t is what the buyer paid per effective unit this quarter (``purchases`` = (compute,
    spend)), or rho_(t-1) moved with the market's cost where it bought nothing, and g the quarter's
    algorithmic gain (it lifts every chip's compute, so it lowers every unit's cost at once); the
    first purchase sets rho (unknown, NaN, before). Smoothing keeps one quarter's mix, or one launch
    that cuts the market's cost overnight, from marking a whole fleet down."""
    compute, spend = (np.asarray(a, dtype=float) for a in purchases)
    previous = np.asarray(previous, dtype=float)
    bought = compute > 0
    latest = np.where(bought, spend / np.where(bought, compute, 1.0), previous * cost_change)
    weight = 1.0 / max(quarters, 1.0)
    return np.where(np.isnan(previous), latest, (1.0 - weight) * previous / gain_growth + weight * latest)


def stranded_write_down(installed, book_value, market_cost_per_unit):
    """Write book value down to replacement cost where the market price of compute fell below it.

    Where nothing is installed or no market cost is known (NaN/inf), nothing is written down.
    Returns (write-down, new book value); both arrays shaped like ``installed``.
    """
    installed = np.asarray(installed, dtype=float)
    book_value = np.asarray(book_value, dtype=float)
    cost = np.asarray(market_cost_per_unit, dtype=float)
    # No installed base, or no market price seen yet: nothing to mark down.
    known = (installed > 0) & np.isfinite(cost)
    market_value = np.where(known, installed * np.where(known, cost, 0.0), book_value)
    write = np.maximum(0.0, book_value - market_value)
    return write, book_value - write


def startup_cash_flow(cash: float, gross_profit: float, opex: float, nre_spend: float) -> float:
    """One quarter of a start-up's runway."""
    return cash + gross_profit - opex - nre_spend


def exit_kind(cash: float, best_fit: float, acquisition_threshold: float) -> str | None:
    """None while there is cash; 'acquisition' if its chip still fits the frontier, else 'exit'."""
    if cash > 0:
        return None
    return "acquisition" if best_fit >= acquisition_threshold else "exit"


def entries(rate: float, u: np.random.Generator) -> int:
    """Number of start-ups entering this quarter (Poisson)."""
    return int(u.poisson(rate))
