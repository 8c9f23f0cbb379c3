"""M5 Ecosystem lock-in (seed 002: the CUDA virtuous cycle, Triton/ROCm portability).

Stack:      L_v(t+1) = max(0, L_v + alpha * I_v^e + beta * S_v^e - delta * L_v), I_v the platform's
            installed-base share, S_v its share of software investment, e <= 1 the returns to share
            (e < 1: open frameworks carry part of every platform's software, so a small platform's
            first share buys more of a stack than the leader's last)
Maturity:   M_v = L_v / F, F = max(F_0, max_u L_u): a platform's stack against the frontier, the
            best stack on the market, never below F_0, the 2020 state of the art. The leader's
            investment moves the frontier, so a challenger chases a moving target: in the steady state
            M_v is about (I_v / I_leader)^e, and a smaller platform never catches up by waiting.
Warm start: F_0 = L*(s_max) = (alpha + beta) s_max^e / delta, the stack the largest pre-2020 installed
            base (share s_max) settles at: the leader had been building for a decade by 2020.
Home:       a buyer's home maturity M_a moves toward the maturity of what it ran this quarter at the
            turnover rate of its installed base: M_a <- (1 - r) M_a + r M_used, r = 1 / chip life.
Switching:  moving compute from platform a to b costs c_switch * max(0, M_a - M_b) * (1 - pi(t)),
            as a fraction of the buyer's cost per effective unit; pi(t) is portability.
"""

from __future__ import annotations

import numpy as np


def next_stack_level(  # noqa: PLR0913
    level, installed_share, investment_share, *, alpha: float, beta: float, delta: float, exponent=1.0
):
    """One quarter of the virtuous cycle: installed base and software spend build a platform's stack,
    it decays: max(0, L + alpha I^e + beta S^e - delta L). No ceiling: the leader keeps building."""
    level = np.asarray(level, dtype=float)
    installed = np.asarray(installed_share, dtype=float)
    investment = np.asarray(investment_share, dtype=float)
    if exponent != 1.0:
        installed, investment = installed**exponent, investment**exponent
    return np.maximum(level + alpha * installed + beta * investment - delta * level, 0.0)


def steady_stack(share, *, alpha: float, beta: float, delta: float, exponent=1.0):
    """L* = (alpha + beta) s^e / delta: the fixed point of ``next_stack_level`` for a platform with
    share s of both the installed base and software investment."""
    return (alpha + beta) * np.asarray(share, dtype=float) ** exponent / delta


def maturity_frontier(levels, state_of_the_art: float = 1.0) -> float:
    """F = max(F_0, max_v L_v): the best stack on the market, never below the 2020 state of the art."""
    return float(max(state_of_the_art, np.max(levels, initial=0.0)))


def relative_maturity(levels, frontier: float):
    """M_v = L_v / F: what buyers see of a platform's software, in [0, 1]."""
    return np.asarray(levels, dtype=float) / frontier


def portability(years_since_start: float, start: float, growth_per_year: float, ceiling: float) -> float:
    """pi(t): how much of the maturity gap portability layers bridge, rising linearly to a ceiling."""
    return float(min(ceiling, max(0.0, start + growth_per_year * years_since_start)))


def switching_cost(home_maturity, target_maturity, c_switch: float, portability_now: float):
    """Relative cost of moving compute from a more mature home platform to a target platform."""
    gap = np.maximum(0.0, np.asarray(home_maturity) - np.asarray(target_maturity))
    return c_switch * gap * (1.0 - portability_now)


def next_home_maturity(home, used_maturity, used_compute, turnover: float):
    """The platform a buyer's code and skills live on drifts toward what it runs, as fast as its
    fleet turns over; a buyer that ran nothing this quarter keeps its home."""
    home = np.asarray(home, dtype=float)
    return np.where(
        np.asarray(used_compute) > 0, (1.0 - turnover) * home + turnover * np.asarray(used_maturity), home
    )
