"""M7 who gets scarce capacity: the foundry shares it among its accounts by past sales and this
quarter's orders (turn and earn), and buyers count the wait for a chip as a cost. Figures quoted are
the model's at version 13, ten seeds."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal
# A challenger worth buying (a better software stack than the baseline's), so that in the 2023-24
# shortage its orders outrun the capacity it earned.
STRONG_CHALLENGER = dict(challenger_maturity=0.55)
POOLED = dict(STRONG_CHALLENGER, allocation_history_weight=0.0, waiting_cost_per_quarter=0.5)
EARNED = dict(STRONG_CHALLENGER, allocation_history_weight=0.8, waiting_cost_per_quarter=0.5)
# The wait matters where queues are long: version 15's boom (+250 % a year), whose shortage left 0.5-0.6
# of orders unfilled in 2023-25 (version 16's estimate leaves 0.3-0.4, and the effect halves).
DEEP_SHORTAGE = dict(STRONG_CHALLENGER, allocation_history_weight=0.5, demand_boom_growth_per_year=2.5)
NO_WAITING_COST = dict(DEEP_SHORTAGE, waiting_cost_per_quarter=0.0)
WAITING_COST = dict(DEEP_SHORTAGE, waiting_cost_per_quarter=1.0)


def model_mean(column: str, first: int, last: int):
    return lambda r: window(r["model"], first, last)[column].mean()


def check_m7_turn_and_earn(pooled, earned, *, first=12, last=19):
    """In one pool every order is filled at the same rate, so a challenger whose demand jumps takes
    its share of the shortage at once; when capacity goes by past sales, the capacity the incumbent
    earned stays the incumbent's. Weighting history 0.8 instead of 0 keeps at least 0.04 more of
    2023-24 revenue with the incumbent (the model gives ~0.10)."""
    measure = model_mean("incumbent_revenue_share", first, last)
    assert_effect(
        [measure(r) for r in earned],
        [measure(r) for r in pooled],
        +1,
        min_effect=0.04,
        label=f"incumbent revenue share, allocation by past sales vs one pool, steps {first}-{last}",
    )


def test_capacity_earned_by_past_sales_keeps_the_incumbents_share_in_a_shortage(arms):
    check_m7_turn_and_earn(arms(steps=20, **POOLED), arms(steps=20, **EARNED))


def check_m7_waiting_cost(patient, impatient, *, first=12, last=19):
    """Buyers who count the wait steer their orders away from the account with the longer queue; with
    half the shortage shared by past sales, that is the strong challenger, which earned little
    capacity. A quarter's wait costing its buyer the cheapest option's cost (w = 1) instead of
    nothing moves at least 0.02 of 2023-24 compute to the incumbent (the model gives ~0.08 at version
    13, 0.034 at version 16 over 10 seeds)."""
    measure = model_mean("incumbent_compute_share", first, last)
    assert_effect(
        [measure(r) for r in impatient],
        [measure(r) for r in patient],
        +1,
        min_effect=0.02,
        label=f"incumbent compute share, waiting cost 1 vs 0 per quarter, steps {first}-{last}",
    )


def test_buyers_who_count_the_wait_leave_the_longer_queue(arms):
    check_m7_waiting_cost(arms(steps=20, **NO_WAITING_COST), arms(steps=20, **WAITING_COST))
